package dev.hekate.core.lockfile;

/**
 * A lockfile policy Hekate refuses to load: unreadable, too large, not JSON or YAML, with an unknown
 * or repeated key, an unknown tier or finding type, a malformed pattern. A policy is never loaded in
 * part: a typo must not silently weaken it. The message names the file and the key; it is meant for
 * the person who wrote the file (exit 2 on the command line).
 */
public final class PolicyException extends Exception {
  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
