package dev.hekate.core.intoto;

/**
 * Well-formed in-toto input that uses something this version does not verify (DSSE envelopes,
 * sublayouts, a key type or scheme, a rule keyword). Always "not verified", never a pass.
 */
public final class UnsupportedInTotoException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnsupportedInTotoException(String message) {
    super(message);
  }
}
