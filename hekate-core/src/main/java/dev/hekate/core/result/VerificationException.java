package dev.hekate.core.result;

import java.util.Objects;
import java.util.Optional;

/**
 * A check failed. Carries the id of the check that failed and, where two values were compared,
 * the expected and actual values. Never wraps untrusted input's stack traces: the message is
 * written by Hekate and safe to show to a user.
 */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final CheckId check;
  private final String expected;
  private final String actual;

  private VerificationException(CheckId check, String message, String expected, String actual, Throwable cause) {
    super(message, cause, false, cause != null);
    this.check = Objects.requireNonNull(check, "check");
    this.expected = expected;
    this.actual = actual;
  }

  /** The evidence failed {@code check}; {@code message} says how. */
  public static VerificationException failed(CheckId check, String message) {
    return new VerificationException(check, message, null, null, null);
  }

  /** As {@link #failed(CheckId, String)}, keeping the low-level cause for debugging. */
  public static VerificationException failed(CheckId check, String message, Throwable cause) {
    return new VerificationException(check, message, null, null, cause);
  }

  /** Two values that must be equal are not. */
  public static VerificationException mismatch(CheckId check, String message, Object expected, Object actual) {
    return new VerificationException(
        check, message, String.valueOf(expected), String.valueOf(actual), null);
  }

  public CheckId check() {
    return check;
  }

  public Optional<String> expected() {
    return Optional.ofNullable(expected);
  }

  public Optional<String> actual() {
    return Optional.ofNullable(actual);
  }
}
