package dev.hekate.core.sweep;

/** A watchlist cannot be read or is malformed; the message names the source and, where it can, the line. */
// Checked-exception boilerplate: each module declares its own failure type.
public final class WatchlistException extends Exception {
  private static final long serialVersionUID = 1L;

  public WatchlistException(String message) {
    super(message, null, false, false);
  }

  public WatchlistException(String message, Throwable cause) {
    super(message, cause, false, true);
  }
}
