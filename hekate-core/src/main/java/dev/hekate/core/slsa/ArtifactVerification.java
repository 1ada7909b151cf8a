package dev.hekate.core.slsa;

import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of verify-artifact: every check (the bundle's, then the provenance's) and — only when
 * every one passed — the verified artifacts.
 */
public record ArtifactVerification(List<CheckResult> checks, Optional<VerifiedArtifact> verified) {

  public ArtifactVerification {
    checks = List.copyOf(checks);
    if (verified.isPresent()
        && checks.stream().anyMatch(c -> c.outcome() != Outcome.PASSED && c.outcome() != Outcome.WARNING)) {
      throw new IllegalStateException("artifacts are verified only when every check passed");
    }
  }

  public boolean isVerified() {
    return verified.isPresent();
  }

  /** The first check that did not pass and was not set aside, if any. */
  public Optional<CheckResult> firstProblem() {
    return checks.stream().filter(c -> c.outcome() != Outcome.PASSED && c.outcome() != Outcome.WARNING
        && c.outcome() != Outcome.NOT_RUN).findFirst();
  }
}
