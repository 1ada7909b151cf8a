package dev.hekate.core.result;

import java.util.Objects;
import java.util.Optional;

/**
 * A check failed. Carries the id of the check, its {@link FailureKind} and, for a mismatch, the
 * expected and actual values. Never wraps untrusted input's stack traces: the message is written
 * by Hekate and safe to show to a user.
 */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final CheckId check;
  private final FailureKind kind;
  private final String expected;
  private final String actual;

  private VerificationException(CheckId check, FailureKind kind, String message, String expected, String actual,
      Throwable cause) {
    super(message, cause, false, cause != null);
    this.check = Objects.requireNonNull(check, "check");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.expected = expected;
    this.actual = actual;
  }

  /** The evidence for {@code check} is malformed or does not hold; {@code message} says how. */
  public static VerificationException invalid(CheckId check, String message) {
    return new VerificationException(check, FailureKind.INVALID, message, null, null, null);
  }

  /** As {@link #invalid(CheckId, String)}, keeping the low-level cause for debugging. */
  public static VerificationException invalid(CheckId check, String message, Throwable cause) {
    return new VerificationException(check, FailureKind.INVALID, message, null, null, cause);
  }

  /** Two values that must be equal are not. */
  public static VerificationException mismatch(CheckId check, String message, Object expected, Object actual) {
    return new VerificationException(check, FailureKind.MISMATCH, message, String.valueOf(expected),
        String.valueOf(actual), null);
  }

  public CheckId check() {
    return check;
  }

  public FailureKind kind() {
    return kind;
  }

  public Optional<String> expected() {
    return Optional.ofNullable(expected);
  }

  public Optional<String> actual() {
    return Optional.ofNullable(actual);
  }
}
