package dev.hekate.core.json;

/** Untrusted JSON is malformed or breaks a limit. The message is safe to show to a user. */
public final class JsonFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public JsonFormatException(String message) {
    super(message, null, false, false);
  }
}
