package dev.hekate.core.verify;

import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one bundle: every check in the order it ran (then those that could
 * not run), and — only when every check passed — the verified bundle.
 */
public record VerificationResult(List<CheckResult> checks, Optional<VerifiedBundle> verifiedBundle) {

  public VerificationResult {
    checks = List.copyOf(checks);
    // WARNING: evidence set aside as the specification allows (a timestamp that does not verify), never a failure.
    if (verifiedBundle.isPresent()
        && checks.stream().anyMatch(c -> c.outcome() != Outcome.PASSED && c.outcome() != Outcome.WARNING)) {
      throw new IllegalStateException("a bundle is verified only when every check passed");
    }
  }

  public boolean verified() {
    return verifiedBundle.isPresent();
  }

  /** The first check whose evidence failed, if any. */
  public Optional<CheckResult> firstFailure() {
    return checks.stream().filter(c -> c.outcome() == Outcome.FAILED).findFirst();
  }

  /** The first check Hekate could not complete through its own fault, if any: the answer is then ERROR. */
  public Optional<CheckResult> internalError() {
    return checks.stream().filter(c -> c.outcome() == Outcome.ERROR).findFirst();
  }
}
