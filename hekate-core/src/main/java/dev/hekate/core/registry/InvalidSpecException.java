package dev.hekate.core.registry;

/**
 * A package spec ({@code name} or {@code name@version}) is not one Hekate can look up. The message
 * is written by Hekate and safe to show: it quotes the input only with control and non-ASCII
 * characters escaped, and truncated.
 */
public final class InvalidSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidSpecException(String message) {
    super(message, null, false, false);
  }
}
