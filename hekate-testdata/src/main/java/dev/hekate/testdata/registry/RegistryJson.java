package dev.hekate.testdata.registry;

import dev.hekate.testdata.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

/** The registry package's JSON writers and the digests and encodings npm metadata uses. */
final class RegistryJson {

  private static final JsonMapper SORTED =
      JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();
  // npm writes times with milliseconds: 2023-04-20T17:17:21.434Z.
  private static final DateTimeFormatter NPM_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RegistryJson() {}

  static ObjectNode object() {
    return Json.object();
  }

  static byte[] compact(JsonNode node) {
    return Json.compact(node);
  }

  /** Rekor's canonical form (sorted keys, no whitespace), for re-encoding a log entry body. */
  static byte[] canonical(JsonNode node) {
    return Json.canonical(node);
  }

  static JsonNode parse(byte[] json) {
    return Json.parse(json);
  }

  /** A JSON error body as npm sends it: {@code {"error":"<message>"}}. */
  static byte[] error(String message) {
    return compact(object().put("error", message));
  }

  static String time(Instant t) {
    return NPM_TIME.format(t);
  }

  static byte[] sha512(byte[] data) {
    return digest("SHA-512", data);
  }

  static byte[] sha256(byte[] data) {
    return digest("SHA-256", data);
  }

  static String sha1Hex(byte[] data) {
    return HexFormat.of().formatHex(digest("SHA-1", data));
  }

  /** The SRI string npm puts in {@code dist.integrity}: {@code sha512-<base64>}. */
  static String sri(byte[] tarball) {
    return "sha512-" + Base64.getEncoder().encodeToString(sha512(tarball));
  }

  /** {@code sha512-<base64>} from the lower-case hex digest an in-toto subject carries. */
  static String sriFromHex(String sha512Hex) {
    return "sha512-" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha512Hex));
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }

  /**
   * Percent-decodes a URL path (UTF-8). Unlike {@code URLDecoder} it leaves {@code +} alone: in a
   * path it is a plus sign, as in a version's build metadata ({@code 1.0.0+build}).
   *
   * @throws IllegalArgumentException on a truncated or non-hex escape
   */
  static String percentDecode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("truncated escape in " + raw);
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("bad escape in " + raw);
        }
        out.write((high << 4) | low);
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
