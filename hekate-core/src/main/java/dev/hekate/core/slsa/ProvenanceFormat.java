package dev.hekate.core.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import java.nio.charset.StandardCharsets;

/**
 * What a provenance file holds: slsa-github-generator writes Sigstore bundles ({@code .sigstore},
 * {@code .build.slsa}, and {@code .intoto.jsonl} since v2.1.0) and, before, raw DSSE envelopes
 * ({@code .intoto.jsonl}, one JSON object a line) with the certificate inside the signature.
 */
enum ProvenanceFormat {
  BUNDLE,
  RAW_DSSE,
  UNKNOWN;

  static ProvenanceFormat of(byte[] file) {
    try {
      JsonNode root = Json.parse(file, Limits.MAX_BUNDLE_BYTES, "provenance");
      return classify(root);
    } catch (JsonFormatException e) {
      // JSON Lines: several envelopes, one a line. The first decides.
      String text = new String(file, StandardCharsets.UTF_8).strip();
      int newline = text.indexOf('\n');
      if (newline > 0) {
        try {
          return classify(Json.parse(text.substring(0, newline).getBytes(StandardCharsets.UTF_8),
              Limits.MAX_BUNDLE_BYTES, "provenance"));
        } catch (JsonFormatException ignored) {
          return UNKNOWN;
        }
      }
      return UNKNOWN;
    }
  }

  private static ProvenanceFormat classify(JsonNode root) {
    if (root.isObject() && root.has("mediaType")) {
      return BUNDLE;
    }
    if (root.isObject() && root.has("payloadType") && root.has("signatures")) {
      return RAW_DSSE;
    }
    return UNKNOWN;
  }
}
