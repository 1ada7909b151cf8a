package dev.hekate.lambda.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.lambda.ApiLimits;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The part every {@code POST} body parser shares ({@link SlsaRequestParser}, {@link
 * InTotoRequestParser}): the media type, API Gateway's base64, the size limit and one strict JSON
 * object, then the checks each field goes through. Pure: no I/O.
 */
final class JsonBody {
  private JsonBody() {}

  /**
   * The body as one JSON object, or a refusal: {@code unsupported_media_type} unless the
   * {@code Content-Type} is {@code application/json} (a {@code charset=utf-8} parameter allowed);
   * {@code body_too_large} over {@link ApiLimits#MAX_REQUEST_BODY_BYTES}; {@code invalid_json} for
   * a body that is not one JSON object or is marked base64 and is not; {@code duplicate_key} for a
   * field twice in one object.
   */
  /** What a POST route makes of its body's JSON: its route, or a refusal. */
  @FunctionalInterface
  interface RequestReader {
    Route read(JsonNode root) throws Refusal;
  }

  /** The body read ({@link #read}) and made a route by {@code reader}; a refusal is its {@link Route.Rejected}. */
  static Route parse(String contentType, String body, boolean base64, RequestReader reader) {
    try {
      return reader.read(read(contentType, body, base64));
    } catch (Refusal refusal) {
      return refusal.rejected;
    }
  }

  static JsonNode read(String contentType, String body, boolean base64) throws Refusal {
    if (!isJson(contentType)) {
      throw new Refusal(ApiError.UNSUPPORTED_MEDIA_TYPE, "the body must be JSON: send Content-Type: application/json");
    }
    String text = body == null ? "" : body;
    // A bound before decoding, so nothing larger than the limit (and its base64) is ever decoded.
    if (text.length() > ApiLimits.MAX_REQUEST_BODY_BYTES / 3 * 4 + 4 && base64
        || !base64 && text.length() > ApiLimits.MAX_REQUEST_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] bytes;
    if (base64) {
      try {
        bytes = java.util.Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new Refusal(ApiError.INVALID_JSON, "the body is marked base64 but is not base64");
      }
    } else {
      bytes = text.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length > ApiLimits.MAX_REQUEST_BODY_BYTES) {
      throw tooLarge();
    }
    JsonNode root;
    try (JsonParser parser = Json.mapper().createParser(bytes)) {
      root = Json.mapper().readTree(parser);
      if (root == null || root.isMissingNode()) {
        throw new Refusal(ApiError.INVALID_JSON, "the body is empty");
      }
      if (parser.nextToken() != null) {
        throw new Refusal(ApiError.INVALID_JSON, "the body has content after the JSON value");
      }
    } catch (StreamReadException e) {
      String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      if (message.startsWith("Duplicate field")) {
        throw new Refusal(ApiError.DUPLICATE_KEY, "a field appears twice in one object");
      }
      throw new Refusal(ApiError.INVALID_JSON, "the body is not valid JSON");
    } catch (IOException | NumberFormatException e) {
      throw new Refusal(ApiError.INVALID_JSON, "the body is not valid JSON");
    }
    if (!root.isObject()) {
      throw new Refusal(ApiError.INVALID_JSON, "the body must be a JSON object");
    }
    return root;
  }

  /** {@code unknown_field} for a field not in {@code known}; the field's name is the client's text, so it is not echoed. */
  static void unknownFields(JsonNode object, Set<String> known, String where) throws Refusal {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      if (!known.contains(names.next())) {
        throw new Refusal(ApiError.UNKNOWN_FIELD, where + " has a field this API does not know; the fields are "
            + known.stream().sorted().toList());
      }
    }
  }

  /**
   * {@code text} when it is an absolute URI of printable ASCII of at most
   * {@link ApiLimits#MAX_RESOURCE_URI_CHARS} characters (what a signed summary may name as its
   * {@code resourceUri}); else refused ({@code invalid_request}) with {@code refusal}.
   */
  static String resourceUri(String text, String refusal) throws Refusal {
    boolean printable = text.length() <= ApiLimits.MAX_RESOURCE_URI_CHARS
        && text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    try {
      if (printable && new URI(text).isAbsolute()) {
        return text;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    throw new Refusal(ApiError.INVALID_REQUEST, refusal);
  }

  /**
   * A file sent as base64 text: nothing but the alphabet, padding and line breaks (the MIME decoder
   * alone would skip any junk), not blank.
   *
   * @throws IllegalArgumentException when it is not
   */
  static byte[] base64(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
          || c == '=' || c == '\r' || c == '\n';
      if (!ok) {
        throw new IllegalArgumentException("not base64");
      }
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("empty");
    }
    return java.util.Base64.getMimeDecoder().decode(text);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
      if (!parameter.equals("charset=utf-8") && !parameter.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static Refusal tooLarge() {
    return new Refusal(ApiError.BODY_TOO_LARGE, "the body is over the limit of " + ApiLimits.MAX_REQUEST_BODY_BYTES
        + " bytes");
  }

  /** A refusal on the way through a body: the {@link Route.Rejected} it answers with. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Route.Rejected rejected;

    Refusal(ApiError error, String message) {
      super(message, null, false, false);
      this.rejected = new Route.Rejected(error, message);
    }
  }
}
