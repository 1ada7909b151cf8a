package dev.hekate.core.lockfile;

/**
 * A lockfile Hekate refuses to read: malformed, truncated, of an unknown format or version, with
 * duplicate keys, too large. The message says what and, where known, at which line; it is meant for
 * the person who gave the file (exit 2 on the command line).
 */
public final class LockfileException extends Exception {
  public LockfileException(String message) {
    super(message);
  }

  public LockfileException(String message, Throwable cause) {
    super(message, cause);
  }
}
