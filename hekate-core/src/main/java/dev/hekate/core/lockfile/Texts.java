package dev.hekate.core.lockfile;

/** Short, printable quotes of untrusted lockfile text for error messages and not-checkable entries. */
final class Texts {
  private static final int MAX_QUOTE = 200;

  private Texts() {}

  /** The text with control characters replaced and cut to a readable length. */
  static String bounded(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTE + 3));
    for (int i = 0; i < text.length() && i < MAX_QUOTE; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > MAX_QUOTE) {
      out.append("...");
    }
    return out.toString();
  }

  /** The first line of a parser's message, bounded. */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return bounded(nl < 0 ? message : message.substring(0, nl));
  }
}
