package dev.hekate.core.text;

import java.util.Objects;

/**
 * The one step untrusted text (a package name, a repository, a finding's message: anything a
 * registry, a provenance or a stored record supplied) passes through before a writer shows it to a
 * person: bounded in length, then escaped for the medium. Every writer of such text calls one of
 * these; none escapes on its own.
 *
 * <ul>
 *   <li>{@link #terminal}: control characters, bidirectional overrides and the backslash made
 *       visible ({@code \x1b}, {@code \u202e}, {@code \\}), so text can neither move the cursor,
 *       recolour the terminal nor pass itself off as another line;
 *   <li>{@link #html}: the same, then {@code & < > " '} as character references, so the result is
 *       safe in element content and in quoted attribute values alike;
 *   <li>{@link #markdownCode}: the same as {@link #terminal}, then the characters that could end a
 *       Markdown code block or a Datadog Markdown section, or notify someone, replaced by look-alikes
 *       ({@code `} by {@code ˋ}, {@code %} by {@code ％}, {@code @} by {@code ＠}), for a line inside
 *       a fenced code block the caller opens and closes.
 * </ul>
 */
public final class UntrustedText {
  /** Longest text shown as is; longer text is cut and marked. */
  public static final int MAX_LENGTH = 2_000;
  private static final String CUT_MARK = "…";

  private UntrustedText() {}

  /** {@code text} bounded and with invisible or steering characters made visible, for a terminal or log line. */
  public static String terminal(String text) {
    return visible(bound(Objects.requireNonNull(text, "text")));
  }

  /** {@code text} as {@link #terminal} makes it, then escaped for HTML element content and quoted attributes. */
  public static String html(String text) {
    String shown = terminal(text);
    StringBuilder out = new StringBuilder(shown.length() + 16);
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} as {@link #terminal} makes it (one line: line breaks are shown as {@code \x0a}),
   * then with no backtick (which could close the fence), no {@code %} (Datadog's {@code %%%} ends its
   * Markdown section) and no {@code @} (a Datadog mention notifies): for a line inside a fenced
   * code block the caller opens and closes, where nothing else is interpreted.
   */
  public static String markdownCode(String text) {
    String shown = terminal(text);
    StringBuilder out = new StringBuilder(shown.length());
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '`' -> out.append('\u02cb');
        case '%' -> out.append('\uff05');
        case '@' -> out.append('\uff20');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Longest untrusted value a JSON answer (a verdict, a check) carries as is. */
  public static final int MAX_JSON_VALUE = 512;

  /**
   * {@code text} for a JSON value: as is up to {@value #MAX_JSON_VALUE} characters; longer, its
   * first {@value #MAX_JSON_VALUE} followed by {@code …[cut: N characters, sha256:HEX]}, the SHA-256
   * (of the UTF-8) of the whole value, so that two long values can still be told apart and matched
   * against their source. JSON escaping is the writer's; this only bounds.
   */
  public static String jsonValue(String text) {
    return jsonValue(text, MAX_JSON_VALUE);
  }

  /**
   * {@code text} for a JSON value, as {@link #jsonValue(String)} but kept as is only up to
   * {@code max} characters; with {@code max} 0 a non-empty value is only its cut mark (length and
   * SHA-256), for a verdict written compact.
   */
  public static String jsonValue(String text, int max) {
    Objects.requireNonNull(text, "text");
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative: " + max);
    }
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    return text.substring(0, end) + CUT_MARK + "[cut: " + text.length() + " characters, sha256:"
        + java.util.HexFormat.of().formatHex(digest) + "]";
  }

  private static String bound(String text) {
    if (text.length() <= MAX_LENGTH) {
      return text;
    }
    int end = MAX_LENGTH;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return text.substring(0, end) + CUT_MARK;
  }

  private static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c, text, i);
      if (replacement == null) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      out.append(replacement);
    }
    return out == null ? text : out.toString();
  }

  /** What {@code c} is shown as, or null to keep it. */
  private static String replacement(char c, String text, int i) {
    if (c == '\\') {
      return "\\\\";
    }
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
      return String.format("\\x%02x", (int) c);
    }
    // Bidirectional controls reorder what follows them; zero-width and separator characters hide
    // or break lines without looking like it.
    if ((c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
        || c == 0xfeff) {
      return String.format("\\u%04x", (int) c);
    }
    // A lone surrogate is not text.
    if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
      return String.format("\\u%04x", (int) c);
    }
    if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }
}
