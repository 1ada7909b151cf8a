package dev.hekate.lambda;

import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.service.PackageNotFoundException;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ApiHandler} asks of the rest of Hekate. {@link HekateRuntime} is the real one; tests
 * pass their own.
 */
public interface VerdictService {

  /**
   * The verdict for one package version (or the latest), as {@link dev.hekate.core.service.NpmService}
   * reaches it: a registry that cannot be read gives a verdict with status ERROR, not an exception.
   *
   * @throws PackageNotFoundException the registry has no such package or version
   * @throws TrustUnavailableException the trust material could not be loaded, so nothing can be verified
   */
  Verdict verify(PackageSpec spec) throws PackageNotFoundException, TrustUnavailableException;

  /** What {@code GET /v1/health} reports. Does no I/O. */
  Health health();

  /**
   * @param problem why the service cannot verify, when it cannot
   */
  record Health(String registry, boolean githubCheck, boolean fetchTarball, Optional<String> problem) {
    public Health {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(problem, "problem");
    }

    public boolean ready() {
      return problem.isEmpty();
    }
  }
}
