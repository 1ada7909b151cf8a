package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;

/**
 * Fuzz harnesses for the packument parser and its version-document reader: whatever the bytes,
 * the only way out other than a value is {@link JsonFormatException}. Seeds and every crash found
 * live in {@code PackumentParserFuzzTestInputs/<method>/}; {@code mvn verify} replays them.
 */
class PackumentParserFuzzTest {

  @FuzzTest
  void packument(byte[] input) {
    Packument packument;
    try {
      packument = PackumentParser.parse(input);
    } catch (JsonFormatException e) {
      return;
    }
    // What the class comment promises of a parsed packument.
    assertTrue(!packument.name().isEmpty());
    assertTrue(packument.versions().size() <= Limits.MAX_PACKUMENT_VERSIONS);
    assertTrue(packument.distTags().size() <= Limits.MAX_DIST_TAGS);
    packument.versions().forEach((key, doc) -> {
      assertEquals(key, doc.version());
      assertEquals(packument.name(), doc.name());
      assertTrue(doc.dist().signatures().size() <= Limits.MAX_DIST_SIGNATURES);
    });
  }

  @FuzzTest
  void versionDocument(byte[] input) {
    JsonNode node;
    try {
      node = Json.parse(input, Limits.MAX_JSON_STRING, "version document");
    } catch (JsonFormatException e) {
      return;
    }
    try {
      VersionDocument doc = PackumentParser.version(node, "version");
      assertTrue(!doc.name().isEmpty() && !doc.version().isEmpty());
      assertTrue(!doc.dist().tarball().isEmpty() && !doc.dist().shasum().isEmpty());
    } catch (JsonFormatException e) {
      // the documented refusal
    }
  }
}
