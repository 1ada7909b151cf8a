package dev.hekate.core.result;

import java.util.Objects;
import java.util.Optional;

/**
 * The record of one check: its id, its outcome, a short human detail, for a failure its
 * {@link FailureKind}, where two values were compared the expected and actual values, and for an
 * {@link Outcome#ERROR} the exception (kept for the log, never rendered to users).
 *
 * <p>Invariants: a FAILED result has a kind; a MISMATCH has both values; only ERROR has a cause.
 */
public record CheckResult(
    CheckId id,
    Outcome outcome,
    String detail,
    Optional<FailureKind> kind,
    Optional<String> expected,
    Optional<String> actual,
    Optional<Throwable> cause) {

  public CheckResult {
    // A record's components and their null checks: records list and validate what they hold.
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(cause, "cause");
    if ((outcome == Outcome.FAILED) != kind.isPresent()) {
      throw new IllegalArgumentException("a failed check, and only a failed check, has a kind: " + id);
    }
    if (kind.equals(Optional.of(FailureKind.MISMATCH)) && (expected.isEmpty() || actual.isEmpty())) {
      throw new IllegalArgumentException("a mismatch carries expected and actual: " + id);
    }
    if (cause.isPresent() && outcome != Outcome.ERROR) {
      throw new IllegalArgumentException("only an internal error keeps a cause: " + id);
    }
  }

  public static CheckResult passed(CheckId id, String detail) {
    return of(id, Outcome.PASSED, detail);
  }

  public static CheckResult notRun(CheckId id) {
    return of(id, Outcome.NOT_RUN, "");
  }

  /** The evidence this check examines does not exist. */
  public static CheckResult missing(CheckId id, String detail) {
    return of(id, Outcome.MISSING, detail);
  }

  /** The check could not decide, for a reason outside Hekate and outside the evidence. */
  public static CheckResult unknown(CheckId id, String detail) {
    return of(id, Outcome.UNKNOWN, detail);
  }

  /** A disagreement in unsigned data, reported as a finding. */
  public static CheckResult warning(CheckId id, String detail, String expected, String actual) {
    return new CheckResult(id, Outcome.WARNING, detail, Optional.empty(), Optional.of(expected), Optional.of(actual),
        Optional.empty());
  }

  /**
   * Evidence that did not hold and was set aside, as the specification allows for it (an RFC 3161
   * timestamp that does not verify is skipped; the others count): said, never a failure.
   */
  public static CheckResult warning(CheckId id, String detail) {
    return of(id, Outcome.WARNING, detail);
  }

  public static CheckResult failed(VerificationException e) {
    return new CheckResult(e.check(), Outcome.FAILED, e.getMessage(), Optional.of(e.kind()), e.expected(), e.actual(),
        Optional.empty());
  }

  /**
   * The check could not complete because a service it must ask could not be asked, or answered
   * something unusable (network, timeout, 5xx): ERROR, worth retrying, never a verdict on the
   * evidence. No cause: nothing went wrong inside Hekate.
   */
  public static CheckResult unavailable(CheckId id, String detail) {
    return of(id, Outcome.ERROR, detail);
  }

  /** Hekate's own fault while checking {@code id}: the detail names the exception's class only. */
  public static CheckResult error(CheckId id, String detail, Throwable cause) {
    return new CheckResult(id, Outcome.ERROR, detail, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(cause));
  }

  private static CheckResult of(CheckId id, Outcome outcome, String detail) {
    return new CheckResult(id, outcome, detail, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
