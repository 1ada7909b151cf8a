package dev.hekate.core.sweep;

import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sweep found for one package: a verdict per version it verified (the versions published in
 * the window and the latest), or a single ERROR verdict (version {@code ""}) when the packument
 * could not be read.
 *
 * @param verdicts in publication order; empty only when the package has no version to verify
 * @param packumentFailure why the packument could not be read, if it could not
 * @param flood whether the package published more versions in the window than the flood threshold,
 *     and how many of them this sweep deferred
 * @param elapsed time spent on this package
 * @param alreadyVerified with a verdict store: versions in the window decided by an earlier check,
 *     not verified again
 * @param carriedOver with a verdict store: versions in the window beyond the per-package ceiling,
 *     left for the next run (the cursor stops before the first of them); a flood's deferred
 *     versions are these too
 */
public record PackageResult(String name, List<Verdict> verdicts, Optional<FetchFailure> packumentFailure,
    Optional<VersionFlood> flood, Duration elapsed, int alreadyVerified, int carriedOver) {

  /** A result of a sweep without a verdict store. */
  public PackageResult(String name, List<Verdict> verdicts, Optional<FetchFailure> packumentFailure,
      Optional<VersionFlood> flood, Duration elapsed) {
    this(name, verdicts, packumentFailure, flood, elapsed, 0, 0);
  }

  public PackageResult {
    Objects.requireNonNull(name, "name");
    verdicts = List.copyOf(verdicts);
    Objects.requireNonNull(packumentFailure, "packumentFailure");
    Objects.requireNonNull(flood, "flood");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Whether a person must look: a FAILED verdict, a provenance regression or a version flood. */
  public boolean alarming() {
    return flood.isPresent() || verdicts.stream().anyMatch(v -> v.status() == Status.FAILED || v.regression());
  }

  /**
   * Whether something could not be checked (ERROR) and sweeping again later may succeed: not when
   * the registry answered that the package does not exist (that is an answer, not an outage).
   */
  public boolean retryable() {
    return packumentFailure.map(f -> !f.notFound()).orElse(true)
        && verdicts.stream().anyMatch(v -> v.status() == Status.ERROR);
  }
}
