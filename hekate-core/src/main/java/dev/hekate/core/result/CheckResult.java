package dev.hekate.core.result;

import java.util.Objects;
import java.util.Optional;

/**
 * The record of one check: its id, its outcome, a short human detail, and — where the check
 * compared two values — the expected and actual values.
 */
public record CheckResult(
    CheckId id, Outcome outcome, String detail, Optional<String> expected, Optional<String> actual) {

  public CheckResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
    expected = expected == null ? Optional.empty() : expected;
    actual = actual == null ? Optional.empty() : actual;
  }

  public static CheckResult passed(CheckId id, String detail) {
    return new CheckResult(id, Outcome.PASSED, detail, Optional.empty(), Optional.empty());
  }

  public static CheckResult notRun(CheckId id) {
    return new CheckResult(id, Outcome.NOT_RUN, "", Optional.empty(), Optional.empty());
  }

  public static CheckResult failed(VerificationException e) {
    return new CheckResult(e.check(), Outcome.FAILED, e.getMessage(), e.expected(), e.actual());
  }
}
