package dev.hekate.core.rekor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.bundle.InclusionProof;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.trust.LogId;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Rekor v1's answers: a search ({@code POST api/v1/index/retrieve}, a JSON array of entry
 * ids) and an entry ({@code GET api/v1/log/entries/{uuid}}, an object of one id to the entry with
 * its SET and inclusion proof), into the bundle's own log-entry model. Shape only: what the entry
 * proves is for the bundle verifier. Every failure is a {@link JsonFormatException}.
 */
final class RekorResponses {
  private static final byte[] LEAF_PREFIX = {0x00};

  private RekorResponses() {}

  /**
   * The distinct ids of a search answer, the first {@link Limits#MAX_REKOR_CANDIDATES} kept.
   * Every id is checked, kept or not: one that is not an entry id makes the answer unusable, and
   * no request is made for any of them.
   */
  static LogSearch.Search.Found search(byte[] body) throws JsonFormatException {
    JsonNode root = Json.parse(body, Limits.MAX_REKOR_RESPONSE_BYTES, "Rekor search answer");
    if (!root.isArray()) {
      throw new JsonFormatException("the search answer is not a JSON array");
    }
    Set<String> distinct = new LinkedHashSet<>();
    List<EntryUuid> kept = new ArrayList<>();
    for (JsonNode node : root) {
      if (!node.isTextual()) {
        throw new JsonFormatException("the search answer holds something other than entry ids");
      }
      EntryUuid uuid = EntryUuid.parse(node.asText())
          .orElseThrow(() -> new JsonFormatException("the search answer holds a malformed entry id"));
      if (distinct.add(uuid.hex()) && kept.size() < Limits.MAX_REKOR_CANDIDATES) {
        kept.add(uuid);
      }
    }
    return new LogSearch.Search.Found(kept, distinct.size());
  }

  /**
   * The entry {@code requested}, from an entry answer. The answer must name that entry and no
   * other, and its body must hash to the id's leaf hash: what comes back is the entry asked for.
   */
  static TlogEntry entry(byte[] body, EntryUuid requested) throws JsonFormatException {
    JsonNode root = Json.parse(body, Limits.MAX_REKOR_RESPONSE_BYTES, "Rekor entry answer");
    if (!root.isObject() || root.size() != 1) {
      throw new JsonFormatException("the entry answer is not an object of exactly one entry");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    Map.Entry<String, JsonNode> only = fields.next();
    Optional<EntryUuid> named = EntryUuid.parse(only.getKey());
    if (named.isEmpty() || !named.get().sameEntry(requested)) {
      throw new JsonFormatException("the entry answer names another entry than the one asked for");
    }
    JsonNode entry = only.getValue();
    if (!entry.isObject()) {
      throw new JsonFormatException("the entry is not an object");
    }
    String where = "entry";
    byte[] canonicalized = base64(entry, "body", where);
    if (!MessageDigest.isEqual(Keys.sha256(LEAF_PREFIX, canonicalized), requested.leafHash())) {
      throw new JsonFormatException("the entry's body does not hash to the id asked for");
    }
    JsonNode decoded = Json.parse(canonicalized, Limits.MAX_REKOR_RESPONSE_BYTES, "entry body");
    String kind = Json.string(decoded, "kind", "entry body");
    String version = Json.string(decoded, "apiVersion", "entry body");
    long logIndex = Json.nonNegative(Json.integer(entry, "logIndex", where), where + ".logIndex");
    Instant integratedTime = Json.epochSeconds(Json.integer(entry, "integratedTime", where), where + ".integratedTime");
    byte[] logId = hex(entry, "logID", where);
    JsonNode verification = Json.object(entry, "verification", where);
    byte[] set = base64(verification, "signedEntryTimestamp", where + ".verification");
    InclusionProof proof = inclusionProof(Json.object(verification, "inclusionProof", where + ".verification"),
        where + ".verification.inclusionProof");
    return new TlogEntry(logIndex, new LogId(logId), kind, version, Optional.of(integratedTime),
        Optional.of(set), Optional.of(proof), canonicalized);
  }

  private static InclusionProof inclusionProof(JsonNode node, String where) throws JsonFormatException {
    String checkpoint = Json.string(node, "checkpoint", where);
    return InclusionProof.read(node, where, InclusionProof.HashEncoding.HEX, checkpoint);
  }

  private static byte[] base64(JsonNode parent, String field, String where) throws JsonFormatException {
    return Encoding.base64(Json.string(parent, field, where))
        .orElseThrow(() -> new JsonFormatException(where + "." + field + " is not base64"));
  }

  private static byte[] hex(JsonNode parent, String field, String where) throws JsonFormatException {
    return Encoding.hex(Json.string(parent, field, where))
        .orElseThrow(() -> new JsonFormatException(where + "." + field + " is not hex"));
  }

}
