package dev.hekate.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/**
 * The one configured {@link JsonMapper} of hekate-core, and strict readers over its trees.
 *
 * <p>Parsing is bounded by {@link Limits} (nesting depth, string length) and rejects duplicate
 * keys, so that two readers of the same document can never see different values.
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(Limits.MAX_JSON_DEPTH)
                  .maxStringLength(Limits.MAX_JSON_STRING)
                  .maxNumberLength(64)
                  .build())
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  private Json() {}

  /** The shared mapper. Thread-safe; never reconfigure it. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses untrusted bytes into a tree, bounded by {@code maxBytes} and {@link Limits}.
   *
   * @throws JsonFormatException if the input is too large, not JSON, or breaks a limit
   */
  public static JsonNode parse(byte[] bytes, int maxBytes, String what) throws JsonFormatException {
    if (bytes.length > maxBytes) {
      throw new JsonFormatException(what + " is " + bytes.length + " bytes, over the limit of " + maxBytes);
    }
    try (JsonParser parser = MAPPER.createParser(bytes)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw new JsonFormatException(what + " is empty");
      }
      if (parser.nextToken() != null) {
        throw new JsonFormatException(what + " has content after the JSON value");
      }
      return node;
    } catch (JsonFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new JsonFormatException(what + " is not valid JSON: " + firstLine(e.getMessage()));
    } catch (NumberFormatException e) {
      throw numberOutOfRange(what);
    }
  }

  /**
   * A number the reader cannot represent, such as {@code 9e7399344108} (an exponent beyond what
   * {@link java.math.BigDecimal} holds): Jackson throws an unchecked {@link NumberFormatException}
   * for it, which every reader of untrusted JSON turns into this.
   */
  public static JsonFormatException numberOutOfRange(String what) {
    return new JsonFormatException(what + " is not valid JSON: a number is out of range");
  }

  /** A required JSON object member. */
  public static JsonNode object(JsonNode parent, String field, String where) throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new JsonFormatException(where + "." + field + " must be an object");
    }
    return node;
  }

  /** An optional JSON object member. */
  // One typed reader per JSON kind: the checks differ by node type.
  public static Optional<JsonNode> optionalObject(JsonNode parent, String field, String where)
      throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw new JsonFormatException(where + "." + field + " must be an object");
    }
    return Optional.of(node);
  }

  /** A required JSON array member (possibly empty). */
  public static JsonNode array(JsonNode parent, String field, String where) throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isArray()) {
      throw new JsonFormatException(where + "." + field + " must be an array");
    }
    return node;
  }

  /** An optional JSON array member: absent is an empty array. */
  public static JsonNode optionalArray(JsonNode parent, String field, String where) throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return MAPPER.createArrayNode();
    }
    if (!node.isArray()) {
      throw new JsonFormatException(where + "." + field + " must be an array");
    }
    return node;
  }

  /** A required, non-empty string member. */
  public static String string(JsonNode parent, String field, String where) throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual() || node.asText().isEmpty()) {
      throw new JsonFormatException(where + "." + field + " must be a non-empty string");
    }
    return node.asText();
  }

  /** An optional string member: absent or null is empty. */
  // One typed reader per JSON kind: the checks differ by node type.
  public static Optional<String> optionalString(JsonNode parent, String field, String where)
      throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new JsonFormatException(where + "." + field + " must be a string");
    }
    return Optional.of(node.asText());
  }

  /**
   * A required integer member. Protobuf's JSON mapping writes 64-bit integers as strings, so both
   * a JSON number and a decimal string are accepted; anything else, fractions included, is not.
   */
  public static long integer(JsonNode parent, String field, String where) throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw new JsonFormatException(where + "." + field + " is required");
    }
    return toLong(node, where + "." + field);
  }

  /** An optional integer member, as {@link #integer}; absent is empty. */
  public static Optional<Long> optionalInteger(JsonNode parent, String field, String where)
      throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(toLong(node, where + "." + field));
  }

  private static long toLong(JsonNode node, String where) throws JsonFormatException {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isTextual()) {
      String text = node.asText();
      if (text.matches("-?[0-9]{1,19}")) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          // fall through to the error below
        }
      }
    }
    throw new JsonFormatException(where + " must be a 64-bit integer");
  }

  /** {@code value}, when it is not negative. */
  public static long nonNegative(long value, String where) throws JsonFormatException {
    if (value < 0) {
      throw new JsonFormatException(where + " must not be negative");
    }
    return value;
  }

  /**
   * {@code seconds} since the epoch as an instant, when it is not negative and an instant can hold
   * it (a log's {@code integratedTime} of {@code 2^63-1} must be malformed input, not a crash).
   */
  public static java.time.Instant epochSeconds(long seconds, String where) throws JsonFormatException {
    if (seconds < 0 || seconds > java.time.Instant.MAX.getEpochSecond()) {
      throw new JsonFormatException(where + " is not a time: " + seconds + " seconds since 1970");
    }
    return java.time.Instant.ofEpochSecond(seconds);
  }

  /** A compact JSON rendering of a tree, for values Hekate writes. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * A compact JSON rendering in printable ASCII only: every character outside U+0020–U+007E written
   * as a {@code \\uXXXX} escape, so that text a document carries can move no cursor and reorder no
   * line when the JSON is shown on a terminal, and means exactly what the document meant.
   */
  public static String writeAscii(JsonNode value) {
    try {
      return ASCII.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getNodeType(), e);
    }
  }

  private static final ObjectWriter ASCII = MAPPER.writer()
      .with(JsonWriteFeature.ESCAPE_NON_ASCII)
      .with(new CharacterEscapes() {
        private final int[] ascii = withDelete(CharacterEscapes.standardAsciiEscapesForJSON());

        private static int[] withDelete(int[] escapes) {
          int[] copy = escapes.clone();
          copy[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
          return copy;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
          return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
          return null;
        }
      });

  public static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  /** The first line of a parser's message, for error text that stays one line. */
  public static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
