package dev.hekate.core.encoding;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** Strict decoders for the encodings found in bundles: they reject rather than guess. */
public final class Encoding {
  private static final HexFormat HEX = HexFormat.of();

  private Encoding() {}

  /**
   * Standard base64 with padding, or without it. Line breaks are skipped, as Go's and protobuf's
   * decoders skip them (bundles made with the {@code base64} tool wrap at 76 columns); any other
   * whitespace and the URL-safe alphabet are refused.
   */
  public static Optional<byte[]> base64(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      text = text.replace("\r", "").replace("\n", "");
    }
    // The JDK's basic decoder refuses every character outside the standard alphabet (whitespace
    // and the URL-safe '-' and '_' included) and misplaced padding, so it is the whole check.
    try {
      return Optional.of(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static String toBase64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Hexadecimal, either case, even length. */
  public static Optional<byte[]> hex(String text) {
    if (text == null || text.length() % 2 != 0) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0 || text.charAt(i) > 'f') {
        return Optional.empty();
      }
    }
    return Optional.of(HEX.parseHex(text));
  }

  public static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
