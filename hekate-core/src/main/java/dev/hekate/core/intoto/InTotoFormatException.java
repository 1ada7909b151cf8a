package dev.hekate.core.intoto;

/** An in-toto layout, link or key that is malformed or outside Hekate's input limits. */
public final class InTotoFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public InTotoFormatException(String message) {
    super(message);
  }
}
