package dev.hekate.lambda;

/** The trusted root or the npm keys could not be loaded: no verdict can be reached (503). */
public final class TrustUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public TrustUnavailableException(String message) {
    super(message, null, false, false);
  }
}
