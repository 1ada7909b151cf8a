package dev.hekate.core.intoto;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.VerificationException;
import java.util.List;
import java.util.Optional;

/**
 * What {@link LayoutVerifier} found: every planned check with its outcome. Verified only when every
 * required check ran and passed (the expected-command check may be a WARNING).
 */
public record LayoutVerification(boolean verified, List<CheckResult> checks) {

  public LayoutVerification {
    checks = List.copyOf(checks);
  }

  public boolean isVerified() {
    return verified;
  }

  /**
   * Not verified before verification could start: a layout key given is of a type or scheme this
   * version does not support ({@code intoto.unsupported}, named in {@code detail}).
   */
  public static LayoutVerification unsupported(String detail) {
    return new LayoutVerification(false, List.of(CheckResult.failed(
        VerificationException.invalid(CheckId.INTOTO_UNSUPPORTED, detail))));
  }

  /** The first check that neither passed nor warned nor was skipped. */
  public Optional<CheckResult> firstProblem() {
    return checks.stream()
        .filter(c -> c.outcome() != Outcome.PASSED && c.outcome() != Outcome.WARNING && c.outcome() != Outcome.NOT_RUN)
        .findFirst();
  }

  /** The warnings (a link's command that is not the expected one). */
  public List<CheckResult> warnings() {
    return checks.stream().filter(c -> c.outcome() == Outcome.WARNING).toList();
  }
}
