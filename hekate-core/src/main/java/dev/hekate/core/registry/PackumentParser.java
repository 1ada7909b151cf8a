package dev.hekate.core.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a full packument into a {@link Packument}.
 *
 * <p>The document is streamed: fields Hekate does not use (readme, users, maintainers, ...) are
 * skipped without being materialised, and each version's manifest is held as a tree only while it
 * is read. The parser is bounded by {@link RegistryLimits} and the shared JSON constraints (depth,
 * string length, duplicate keys). Unknown fields are ignored; a known field of the wrong type, a
 * version filed under the wrong key or under another package's name, is an error.
 */
public final class PackumentParser {
  private static final String WHERE = "packument";
  // Reads one value out of a larger document: the shared mapper would reject what follows it.
  private static final ObjectReader TREE = Json.mapper().reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PackumentParser() {}

  /**
   * Parses a packument of at most {@link RegistryLimits#MAX_PACKUMENT_BYTES}.
   *
   * @throws JsonFormatException if the bytes are not JSON, break a limit, or a field Hekate reads
   *     has the wrong type
   */
  public static Packument parse(byte[] json) throws JsonFormatException {
    return parse(json, RegistryLimits.MAX_PACKUMENT_BYTES);
  }

  /** As {@link #parse(byte[])}, with another size bound. */
  public static Packument parse(byte[] json, int maxBytes) throws JsonFormatException {
    if (json.length > maxBytes) {
      throw new JsonFormatException("packument is " + json.length + " bytes, over the limit of " + maxBytes);
    }
    try (JsonParser parser = Json.mapper().createParser(json)) {
      Packument packument = read(parser);
      if (parser.nextToken() != null) {
        throw new JsonFormatException("packument has content after the JSON value");
      }
      return packument;
    } catch (JsonFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new JsonFormatException("packument is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static Packument read(JsonParser parser) throws IOException, JsonFormatException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new JsonFormatException("packument must be a JSON object");
    }
    String name = null;
    Map<String, String> distTags = Map.of();
    Map<String, VersionDocument> versions = Map.of();
    JsonNode time = null;
    Optional<String> repositoryUrl = Optional.empty();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "name" -> {
          if (value != JsonToken.VALUE_STRING || parser.getText().isEmpty()) {
            throw new JsonFormatException("packument.name must be a non-empty string");
          }
          name = parser.getText();
        }
        case "dist-tags" -> distTags = readDistTags(parser, value);
        case "versions" -> versions = readVersions(parser, value);
        case "time" -> time = value == JsonToken.VALUE_NULL ? null : tree(parser);
        case "repository" -> repositoryUrl = repositoryUrl(tree(parser), WHERE);
        default -> parser.skipChildren();
      }
    }
    if (name == null) {
      throw new JsonFormatException("packument.name must be a non-empty string");
    }
    for (VersionDocument doc : versions.values()) {
      if (!doc.name().equals(name)) {
        throw new JsonFormatException("packument.versions[" + PackageSpec.quote(doc.version())
            + "].name is not the packument's name");
      }
    }
    Map<String, Instant> times = new LinkedHashMap<>();
    Optional<Instant> created = Optional.empty();
    Optional<Instant> modified = Optional.empty();
    if (time != null) {
      if (!time.isObject()) {
        throw new JsonFormatException("packument.time must be an object");
      }
      for (var entry : time.properties()) {
        String key = entry.getKey();
        switch (key) {
          // Present in unpublished packuments only, as an object; not a version's time.
          case "unpublished" -> { }
          case "created" -> created = Optional.of(instant(entry.getValue(), "packument.time.created"));
          case "modified" -> modified = Optional.of(instant(entry.getValue(), "packument.time.modified"));
          default -> times.put(key, instant(entry.getValue(), "packument.time[" + PackageSpec.quote(key) + "]"));
        }
      }
    }
    return new Packument(name, distTags, versions, times, created, modified, repositoryUrl);
  }

  private static JsonNode tree(JsonParser parser) throws IOException {
    JsonNode node = TREE.readTree(parser);
    return node == null ? NullNode.getInstance() : node;
  }

  private static Map<String, String> readDistTags(JsonParser parser, JsonToken value)
      throws IOException, JsonFormatException {
    if (value == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (value != JsonToken.START_OBJECT) {
      throw new JsonFormatException("packument.dist-tags must be an object");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String tag = parser.currentName();
      if (parser.nextToken() != JsonToken.VALUE_STRING) {
        throw new JsonFormatException("packument.dist-tags[" + PackageSpec.quote(tag) + "] must be a string");
      }
      if (tags.size() >= RegistryLimits.MAX_DIST_TAGS) {
        throw new JsonFormatException("packument has over " + RegistryLimits.MAX_DIST_TAGS + " dist-tags");
      }
      tags.put(tag, parser.getText());
    }
    return tags;
  }

  private static Map<String, VersionDocument> readVersions(JsonParser parser, JsonToken value)
      throws IOException, JsonFormatException {
    if (value == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (value != JsonToken.START_OBJECT) {
      throw new JsonFormatException("packument.versions must be an object");
    }
    Map<String, VersionDocument> versions = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      String where = "packument.versions[" + PackageSpec.quote(key) + "]";
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonFormatException(where + " must be an object");
      }
      if (versions.size() >= RegistryLimits.MAX_VERSIONS) {
        throw new JsonFormatException("packument has over " + RegistryLimits.MAX_VERSIONS + " versions");
      }
      VersionDocument doc = version(tree(parser), where);
      if (!doc.version().equals(key)) {
        throw new JsonFormatException(where + ".version is not the key it is filed under");
      }
      versions.put(key, doc);
    }
    return versions;
  }

  /** One version's manifest. */
  static VersionDocument version(JsonNode node, String where) throws JsonFormatException {
    String name = Json.string(node, "name", where);
    String version = Json.string(node, "version", where);
    Dist dist = dist(Json.object(node, "dist", where), where + ".dist");
    Optional<String> gitHead = Json.optionalString(node, "gitHead", where);
    Optional<String> repositoryUrl = repositoryUrl(node.get("repository"), where);
    Optional<String> npmUser = Optional.empty();
    Optional<JsonNode> user = Json.optionalObject(node, "_npmUser", where);
    if (user.isPresent()) {
      npmUser = Json.optionalString(user.get(), "name", where + "._npmUser");
    }
    return new VersionDocument(name, version, dist, gitHead, repositoryUrl, npmUser);
  }

  private static Dist dist(JsonNode node, String where) throws JsonFormatException {
    Optional<String> integrity = Json.optionalString(node, "integrity", where);
    String shasum = Json.string(node, "shasum", where);
    String tarball = Json.string(node, "tarball", where);
    Optional<String> attestationsUrl = Optional.empty();
    Optional<String> predicateType = Optional.empty();
    Optional<JsonNode> attestations = Json.optionalObject(node, "attestations", where);
    if (attestations.isPresent()) {
      String at = where + ".attestations";
      attestationsUrl = Json.optionalString(attestations.get(), "url", at);
      Optional<JsonNode> provenance = Json.optionalObject(attestations.get(), "provenance", at);
      if (provenance.isPresent()) {
        predicateType = Json.optionalString(provenance.get(), "predicateType", at + ".provenance");
      }
    }
    JsonNode signatureArray = Json.optionalArray(node, "signatures", where);
    if (signatureArray.size() > RegistryLimits.MAX_DIST_SIGNATURES) {
      throw new JsonFormatException(where + ".signatures has over " + RegistryLimits.MAX_DIST_SIGNATURES + " entries");
    }
    List<RegistrySignature> signatures = new ArrayList<>();
    for (int i = 0; i < signatureArray.size(); i++) {
      JsonNode entry = signatureArray.get(i);
      String entryWhere = where + ".signatures[" + i + "]";
      if (!entry.isObject()) {
        throw new JsonFormatException(entryWhere + " must be an object");
      }
      signatures.add(new RegistrySignature(
          Json.string(entry, "keyid", entryWhere), Json.string(entry, "sig", entryWhere)));
    }
    return new Dist(integrity, shasum, tarball, attestationsUrl, predicateType, signatures);
  }

  /** {@code repository} is either a URL string or an object with a {@code url}. */
  private static Optional<String> repositoryUrl(JsonNode repository, String where) throws JsonFormatException {
    if (repository == null || repository.isNull()) {
      return Optional.empty();
    }
    if (repository.isTextual()) {
      return nonEmpty(repository.asText());
    }
    if (repository.isObject()) {
      return Json.optionalString(repository, "url", where + ".repository").flatMap(PackumentParser::nonEmpty);
    }
    throw new JsonFormatException(where + ".repository must be a string or an object");
  }

  private static Instant instant(JsonNode node, String where) throws JsonFormatException {
    if (!node.isTextual()) {
      throw new JsonFormatException(where + " must be a timestamp string");
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new JsonFormatException(where + " is not an ISO-8601 timestamp");
    }
  }

  private static Optional<String> nonEmpty(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
