package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The OLPC canonical JSON form as securesystemslib's {@code encode_canonical} writes it: object
 * keys sorted by code point, no whitespace, strings with only {@code \} and {@code "} escaped
 * (everything else, newlines included, written as UTF-8), integers only. What in-toto signs and
 * what key ids hash.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical bytes of {@code node}; refuses what securesystemslib refuses (a non-integer number). */
  public static byte[] encode(JsonNode node) throws InTotoFormatException {
    StringBuilder text = new StringBuilder();
    write(node, text);
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, StringBuilder out) throws InTotoFormatException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(CanonicalJson::compareCodePoints);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(names.get(i), out);
          out.append(':');
          write(node.get(names.get(i)), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new InTotoFormatException("canonical JSON has no floating-point numbers: " + node);
        }
        out.append(node.bigIntegerValue().toString());
      }
      default -> throw new InTotoFormatException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void string(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  /** Python sorts str keys by code point; Java's compareTo by UTF-16 unit differs above U+FFFF. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
