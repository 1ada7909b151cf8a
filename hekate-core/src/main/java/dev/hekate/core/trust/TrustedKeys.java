package dev.hekate.core.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of keys chosen by id, such as the npm registry's TUF target {@code keys.json}:
 * {@code {"keys":[{"keyId","keyUsage","publicKey":{"rawBytes","keyDetails","validFor"}}]}}.
 */
public record TrustedKeys(List<TrustedKey> keys) {

  public static final String NPM_ATTESTATIONS = "npm:attestations";
  public static final String NPM_SIGNATURES = "npm:signatures";

  public TrustedKeys {
    keys = List.copyOf(keys);
  }

  /** The keys with this id and usage (a key id may appear once per usage). */
  public List<TrustedKey> find(String keyId, String keyUsage) {
    return keys.stream().filter(k -> k.keyId().equals(keyId) && k.keyUsage().equals(keyUsage)).toList();
  }

  /**
   * Parses a TUF {@code keys.json} target.
   *
   * @throws VerificationException {@link CheckId#TRUSTED_ROOT} when malformed
   */
  public static TrustedKeys parse(byte[] json) throws VerificationException {
    try {
      JsonNode root = Json.parse(json, Limits.MAX_TRUST_DOCUMENT_BYTES, "keys document");
      JsonNode array = Json.array(root, "keys", "keys");
      List<TrustedKey> keys = new ArrayList<>();
      // A key id names one key per usage: two keys under one id would make "which key signed" ambiguous
      // (a signature checked with one, a validity window taken from the other).
      Map<String, byte[]> byIdAndUsage = new HashMap<>();
      for (int i = 0; i < array.size(); i++) {
        String at = "keys[" + i + "]";
        JsonNode key = array.get(i);
        String keyId = Json.string(key, "keyId", at);
        String keyUsage = Json.string(key, "keyUsage", at);
        JsonNode publicKey = Json.object(key, "publicKey", at);
        byte[] raw = Encoding.base64(Json.string(publicKey, "rawBytes", at + ".publicKey"))
            .orElseThrow(() -> new JsonFormatException(at + ".publicKey.rawBytes is not base64"));
        var parsed = Keys.publicKey(raw)
            .orElseThrow(() -> new JsonFormatException(at + ".publicKey is not a supported public key"));
        KeyDetails.requireMatches(Json.optionalString(publicKey, "keyDetails", at + ".publicKey").orElse(""), parsed,
            at + ".publicKey");
        byte[] seen = byIdAndUsage.putIfAbsent(keyId + "\u0000" + keyUsage, parsed.getEncoded());
        if (seen != null && !Arrays.equals(seen, parsed.getEncoded())) {
          throw new JsonFormatException(at + ": key id " + keyId + " is listed for " + keyUsage
              + " with another key before: a key id must name one key per usage");
        }
        keys.add(new TrustedKey(keyId, keyUsage, parsed, TrustedRootParser.validity(publicKey, at + ".publicKey")));
      }
      return new TrustedKeys(keys);
    } catch (JsonFormatException e) {
      throw VerificationException.invalid(CheckId.TRUSTED_ROOT, e.getMessage());
    }
  }
}
