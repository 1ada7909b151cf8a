package dev.hekate.lambda.secrets;

/** A secret could not be read. The message is safe to log: it never holds the secret. */
public final class SecretUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public SecretUnavailableException(String message) {
    super(message, null, false, false);
  }
}
