package dev.hekate.cli;

/** The command line is wrong or an input cannot be read: exit code 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
