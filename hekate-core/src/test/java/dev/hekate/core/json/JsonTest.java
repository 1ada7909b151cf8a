package dev.hekate.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The limits on untrusted JSON hold. */
class JsonTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThrows(JsonFormatException.class, () -> Json.parse(utf8("{\"a\":1,\"a\":2}"), 100, "doc"));
  }

  @Test
  void nestingBeyondTheLimitIsRejected() {
    String deep = "[".repeat(Limits.MAX_JSON_DEPTH + 1) + "]".repeat(Limits.MAX_JSON_DEPTH + 1);
    assertThrows(JsonFormatException.class, () -> Json.parse(utf8(deep), 10_000, "doc"));
    String fine = "[".repeat(Limits.MAX_JSON_DEPTH - 1) + "]".repeat(Limits.MAX_JSON_DEPTH - 1);
    assertEquals(true, assertDoesNotThrow(fine).isArray());
  }

  /** Found by fuzzing: Jackson's unchecked exception for a number it cannot hold escaped every parser. */
  @Test
  void aNumberOutOfRangeIsRejected() {
    assertThrows(JsonFormatException.class, () -> Json.parse(utf8("{\"a\":9e7399344108}"), 100, "doc"));
    assertThrows(JsonFormatException.class, () -> Json.parse(utf8("[1e-9999999999]"), 100, "doc"));
  }

  @Test
  void oversizedInputIsRejectedBeforeParsing() {
    assertThrows(JsonFormatException.class, () -> Json.parse(new byte[101], 100, "doc"));
  }

  @Test
  void trailingContentIsRejected() {
    assertThrows(JsonFormatException.class, () -> Json.parse(utf8("{} {}"), 100, "doc"));
    assertThrows(JsonFormatException.class, () -> Json.parse(utf8("{} x"), 100, "doc"));
  }

  @Test
  void integersAcceptNumbersAndDecimalStringsOnly() throws Exception {
    var node = Json.parse(utf8("{\"a\":\"12\",\"b\":13,\"c\":\"1e3\",\"d\":1.5,\"e\":\"99999999999999999999\"}"), 200, "doc");
    assertEquals(12, Json.integer(node, "a", "doc"));
    assertEquals(13, Json.integer(node, "b", "doc"));
    assertThrows(JsonFormatException.class, () -> Json.integer(node, "c", "doc"));
    assertThrows(JsonFormatException.class, () -> Json.integer(node, "d", "doc"));
    assertThrows(JsonFormatException.class, () -> Json.integer(node, "e", "doc"));
    assertThrows(JsonFormatException.class, () -> Json.integer(node, "missing", "doc"));
  }

  private static com.fasterxml.jackson.databind.JsonNode assertDoesNotThrow(String json) {
    try {
      return Json.parse(utf8(json), 10_000, "doc");
    } catch (JsonFormatException e) {
      throw new AssertionError(e.getMessage());
    }
  }
}
