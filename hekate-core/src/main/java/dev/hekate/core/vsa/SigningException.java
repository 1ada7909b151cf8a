package dev.hekate.core.vsa;

/** A signer could not sign: Hekate could not vouch for a verdict, which says nothing about the package. */
public final class SigningException extends Exception {
  public SigningException(String message) {
    super(message);
  }

  public SigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
