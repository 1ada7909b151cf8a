package dev.hekate.datadog;

/** A Datadog key could not be read now (a secret store unreachable, access denied). Never carries the key. */
// Checked-exception boilerplate: each module declares its own failure type.
public final class KeyUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyUnavailableException(String message) {
    super(message, null, false, false);
  }

  public KeyUnavailableException(String message, Throwable cause) {
    super(message, cause, false, true);
  }
}
