package dev.hekate.lambda;

import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.service.PackageNotFoundException;
import dev.hekate.core.slsa.ArtifactVerifier;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.vsa.VsaIssuer;
import java.time.Instant;
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
  Reached verify(PackageSpec spec) throws PackageNotFoundException, TrustUnavailableException;

  /**
   * A verdict and how this request got it.
   *
   * @param reachedHere whether this request's own verification reached it; false when it came from
   *     the verdict cache or was shared with a request for the same version in progress, whose
   *     metrics already count it
   */
  record Reached(Verdict verdict, boolean reachedHere, Optional<Basis> basis) {
    public Reached {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(basis, "basis");
    }

    /** A verdict without what the registry served (a test's, or one reached without reading the registry). */
    public Reached(Verdict verdict, boolean reachedHere) {
      this(verdict, reachedHere, Optional.empty());
    }

    /** A verdict this request's own verification reached. */
    public static Reached here(Verdict verdict) {
      return new Reached(verdict, true);
    }
  }

  /**
   * What a verdict was reached from, for its signed summary: the registry's answer and when.
   */
  record Basis(RegistryAnswer answer, Instant reachedAt) {
    public Basis {
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(reachedAt, "reachedAt");
    }
  }

  /**
   * How this deployment signs its verdicts (docs/vsa.md); empty when it does not, and then
   * {@code /v1/npm/{spec}/vsa} and {@code /v1/verifier} answer {@code vsa_unavailable}.
   */
  default Optional<VsaIssuer> summaries() {
    return Optional.empty();
  }

  /**
   * Where this deployment keeps what it has seen (verdicts, registry answers, their changes), read by
   * the history endpoints; empty when it keeps nothing, and then there is no history to show.
   */
  default Optional<VerdictStore> store() {
    return Optional.empty();
  }

  /**
   * The verifier of SLSA provenance ({@code POST /v1/slsa/verify}), against the deployment's trusted
   * root. Offline: it makes no request.
   *
   * @throws TrustUnavailableException the trust material could not be loaded (the default: a
   *     service that has none verifies nothing)
   */
  default ArtifactVerifier artifactVerifier() throws TrustUnavailableException {
    throw new TrustUnavailableException("this deployment has no trusted root for SLSA provenance");
  }

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
