package dev.hekate.core.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
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
 * is read. The parser is bounded by {@link Limits} and the shared JSON constraints (depth,
 * string length, duplicate keys). Unknown fields are ignored, whatever their type.
 *
 * <p>Which fields must be well-formed: old versions of popular packages carry shapes npm no longer
 * writes, and one odd version must not make a whole package unverifiable. So the rule is by what
 * a field decides.
 * <ul>
 *   <li><b>Structural fields are strict</b>: they decide which package, which version and which
 *       bytes are verified. The packument must be an object with a non-empty string {@code name};
 *       {@code versions} must be an object, and so must {@code dist-tags} (of strings: they
 *       choose the version verified when none is named); every version document must be an
 *       object whose {@code name} is the packument's and whose {@code version} is the key it is
 *       filed under; its {@code dist} must be an object with non-empty string {@code tarball} and
 *       {@code shasum}, and {@code integrity}, when present, a string. Breaking any of these, or a bound of {@link Limits}, fails the whole
 *       packument with {@link JsonFormatException}.
 *   <li><b>Informational fields are lenient</b>: they are reported, or are hints Hekate does not
 *       rely on. When one has an unexpected type it is treated as absent: {@code repository}
 *       (packument and version), {@code _npmUser} (and its {@code name}, {@code trustedPublisher} and
 *       {@code approver}), {@code gitHead}, every
 *       entry of {@code time} (and {@code time} itself), {@code dist.attestations} (and its
 *       {@code url} and {@code provenance.predicateType}; the client then falls back to the
 *       registry's attestations endpoint), and {@code dist.signatures}: a malformed entry is
 *       skipped, a non-array is no signatures. Dropping a signature or an attestation hint is
 *       never more than a registry could do by leaving it out, so leniency here gives a hostile
 *       registry nothing. Empty strings in these fields are absent too.
 * </ul>
 */
public final class PackumentParser {
  private static final String WHERE = "packument";
  // Reads one value out of a larger document: the shared mapper would reject what follows it.
  private static final ObjectReader TREE = Json.mapper().reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PackumentParser() {}

  /**
   * Parses a packument of at most {@link Limits#DEFAULT_MAX_PACKUMENT_BYTES}.
   *
   * @throws JsonFormatException if the bytes are not JSON, break a limit, or a structural field
   *     is missing or malformed (see the class comment); informational fields never cause it
   */
  public static Packument parse(byte[] json) throws JsonFormatException {
    return parse(json, Limits.DEFAULT_MAX_PACKUMENT_BYTES);
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
      throw new JsonFormatException("packument is not valid JSON: " + Json.firstLine(e.getMessage()));
    } catch (NumberFormatException e) {
      throw Json.numberOutOfRange("packument");
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
        case "time" -> {
          if (value == JsonToken.START_OBJECT) {
            time = tree(parser);
          } else {
            parser.skipChildren();
          }
        }
        case "repository" -> repositoryUrl = repositoryUrl(tree(parser));
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
      for (var entry : time.properties()) {
        Optional<Instant> at = instant(entry.getValue());
        switch (entry.getKey()) {
          // Present in unpublished packuments only, as an object; not a version's time.
          case "unpublished" -> { }
          case "created" -> created = at;
          case "modified" -> modified = at;
          default -> at.ifPresent(instant -> times.put(entry.getKey(), instant));
        }
      }
    }
    return new Packument(name, distTags, versions, times, created, modified, repositoryUrl);
  }

  private static JsonNode tree(JsonParser parser) throws IOException {
    JsonNode node = TREE.readTree(parser);
    return node == null ? NullNode.getInstance() : node;
  }

  // One streaming loop per object kind: each reads a different value type.
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
      if (tags.size() >= Limits.MAX_DIST_TAGS) {
        throw new JsonFormatException("packument has over " + Limits.MAX_DIST_TAGS + " dist-tags");
      }
      tags.put(tag, parser.getText());
    }
    return tags;
  }

  // One streaming loop per object kind: each reads a different value type.
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
      if (versions.size() >= Limits.MAX_PACKUMENT_VERSIONS) {
        throw new JsonFormatException("packument has over " + Limits.MAX_PACKUMENT_VERSIONS + " versions");
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
    Optional<String> gitHead = informationalString(node, "gitHead");
    Optional<String> repositoryUrl = repositoryUrl(node.get("repository"));
    // Before 2013 or so, _npmUser could be "name <email>": absent here rather than guessed at.
    Optional<JsonNode> user = informationalObject(node, "_npmUser");
    Optional<String> npmUser = user.flatMap(u -> informationalString(u, "name"));
    boolean trustedPublisher = user.flatMap(u -> informationalObject(u, "trustedPublisher")).isPresent();
    // Staged publishing: {"name": ..., "email": ...} of the maintainer who approved; its presence is what counts.
    Optional<String> approver = user.flatMap(u -> informationalObject(u, "approver"))
        .map(a -> informationalString(a, "name").orElse(""));
    return new VersionDocument(name, version, dist, gitHead, repositoryUrl, npmUser, trustedPublisher, approver);
  }

  private static Dist dist(JsonNode node, String where) throws JsonFormatException {
    Optional<String> integrity = Json.optionalString(node, "integrity", where);
    String shasum = Json.string(node, "shasum", where);
    String tarball = Json.string(node, "tarball", where);
    Optional<JsonNode> attestations = informationalObject(node, "attestations");
    Optional<String> attestationsUrl = attestations.flatMap(a -> informationalString(a, "url"));
    Optional<String> predicateType = attestations
        .flatMap(a -> informationalObject(a, "provenance"))
        .flatMap(provenance -> informationalString(provenance, "predicateType"));
    List<RegistrySignature> signatures = new ArrayList<>();
    JsonNode signatureArray = node.get("signatures");
    if (signatureArray != null && signatureArray.isArray()) {
      // A bound, not a shape: stays an error whatever the entries look like.
      if (signatureArray.size() > Limits.MAX_DIST_SIGNATURES) {
        throw new JsonFormatException(where + ".signatures has over " + Limits.MAX_DIST_SIGNATURES + " entries");
      }
      for (JsonNode entry : signatureArray) {
        Optional<String> keyid = informationalString(entry, "keyid");
        Optional<String> sig = informationalString(entry, "sig");
        if (keyid.isPresent() && sig.isPresent()) {
          signatures.add(new RegistrySignature(keyid.get(), sig.get()));
        }
      }
    }
    return new Dist(integrity, shasum, tarball, attestationsUrl, predicateType, signatures);
  }

  /**
   * {@code repository} is either a URL string or an object with a {@code url}; anything else
   * (arrays of them included) is absent.
   */
  private static Optional<String> repositoryUrl(JsonNode repository) {
    if (repository == null) {
      return Optional.empty();
    }
    if (repository.isTextual()) {
      return nonEmpty(repository.asText());
    }
    return informationalString(repository, "url");
  }

  /** An informational string member: a non-empty string, else absent. */
  private static Optional<String> informationalString(JsonNode parent, String field) {
    JsonNode node = parent.isObject() ? parent.get(field) : null;
    return node != null && node.isTextual() ? nonEmpty(node.asText()) : Optional.empty();
  }

  /** An informational object member: an object, else absent. */
  private static Optional<JsonNode> informationalObject(JsonNode parent, String field) {
    JsonNode node = parent.isObject() ? parent.get(field) : null;
    return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
  }

  /** A {@code time} entry: an ISO-8601 instant, else absent. */
  private static Optional<Instant> instant(JsonNode node) {
    if (!node.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(node.asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> nonEmpty(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }
}
