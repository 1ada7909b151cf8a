package dev.hekate.lambda.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.json.Json;
import dev.hekate.core.slsa.ArtifactExpectations;
import dev.hekate.core.text.UntrustedText;
import dev.hekate.core.vsa.ArtifactSummary;
import dev.hekate.lambda.ApiLimits;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code POST /v1/slsa/verify} into a {@link Route.SlsaVerify}, or refuses it with
 * one {@link ApiError} per kind of failure. Pure: no I/O; nothing in the body chooses a request.
 *
 * <p>The rules, in the order they apply:
 * <ol>
 *   <li>{@code Content-Type} is {@code application/json} (parameters such as {@code charset=utf-8}
 *       allowed), else {@code unsupported_media_type};
 *   <li>an API Gateway body marked base64 is decoded, else {@code invalid_json}; the body is at most
 *       {@link ApiLimits#MAX_REQUEST_BODY_BYTES}, else {@code body_too_large};
 *   <li>one JSON object ({@code invalid_json}), no field twice ({@code duplicate_key}), no field but
 *       those below ({@code unknown_field}), each of its type and the required ones present
 *       ({@code invalid_request});
 *   <li>at most {@link ApiLimits#MAX_ARTIFACTS} artifacts ({@code too_many_artifacts}), each with
 *       a {@code sha256} of 64 hex digits ({@code invalid_digest});
 *   <li>{@code provenance} an object (the bundle) or a base64 string of the file
 *       ({@code invalid_provenance});
 *   <li>{@code resourceUri}, when given, an absolute URI of printable ASCII, at most
 *       {@link ApiLimits#MAX_RESOURCE_URI_CHARS} characters; when not, the repository
 *       {@code sourceUri} names as a git URI must be one ({@code invalid_request}). It is what a
 *       signed summary names as {@code resourceUri} (docs/vsa.md).
 * </ol>
 *
 * <p>Each artifact is also a summary's subject: named by its {@code name} (cut as any untrusted JSON
 * value, {@link UntrustedText#jsonValue}), or by its hex digest when it has none.
 */
public final class SlsaRequestParser {
  private static final Set<String> FIELDS = Set.of("provenance", "sourceUri", "sourceTag", "sourceVersionedTag",
      "sourceBranch", "builderId", "artifacts", "resourceUri");
  private static final Set<String> ARTIFACT_FIELDS = Set.of("name", "sha256");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private SlsaRequestParser() {}

  /**
   * @param contentType the request's {@code Content-Type}, empty when absent
   * @param body the body as the event carries it, empty when absent
   * @param base64 whether the event says the body is base64 ({@code isBase64Encoded})
   * @return a {@link Route.SlsaVerify} or a {@link Route.Rejected}
   */
  public static Route parse(String contentType, String body, boolean base64) {
    if (!isJson(contentType)) {
      return reject(ApiError.UNSUPPORTED_MEDIA_TYPE, "the body must be JSON: send Content-Type: application/json");
    }
    String text = body == null ? "" : body;
    // A bound before decoding, so nothing larger than the limit (and its base64) is ever decoded.
    if (text.length() > ApiLimits.MAX_REQUEST_BODY_BYTES / 3 * 4 + 4 && base64
        || !base64 && text.length() > ApiLimits.MAX_REQUEST_BODY_BYTES) {
      return tooLarge();
    }
    byte[] bytes;
    if (base64) {
      try {
        bytes = java.util.Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        return reject(ApiError.INVALID_JSON, "the body is marked base64 but is not base64");
      }
    } else {
      bytes = text.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length > ApiLimits.MAX_REQUEST_BODY_BYTES) {
      return tooLarge();
    }
    JsonNode root;
    try (JsonParser parser = Json.mapper().createParser(bytes)) {
      root = Json.mapper().readTree(parser);
      if (root == null || root.isMissingNode()) {
        return reject(ApiError.INVALID_JSON, "the body is empty");
      }
      if (parser.nextToken() != null) {
        return reject(ApiError.INVALID_JSON, "the body has content after the JSON value");
      }
    } catch (StreamReadException e) {
      String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      if (message.startsWith("Duplicate field")) {
        return reject(ApiError.DUPLICATE_KEY, "a field appears twice in one object");
      }
      return reject(ApiError.INVALID_JSON, "the body is not valid JSON");
    } catch (IOException | NumberFormatException e) {
      return reject(ApiError.INVALID_JSON, "the body is not valid JSON");
    }
    if (!root.isObject()) {
      return reject(ApiError.INVALID_JSON, "the body must be a JSON object");
    }
    try {
      return request(root);
    } catch (Refusal refusal) {
      return refusal.rejected;
    }
  }

  private static Route request(JsonNode root) throws Refusal {
    unknownFields(root, FIELDS, "the body");
    byte[] provenance = provenance(root.get("provenance"));
    String sourceUri = requiredString(root, "sourceUri");
    Optional<String> tag = optionalString(root, "sourceTag");
    Optional<String> versionedTag = optionalString(root, "sourceVersionedTag");
    Optional<String> branch = optionalString(root, "sourceBranch");
    Optional<String> builderId = optionalString(root, "builderId");
    if (tag.isPresent() && versionedTag.isPresent()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "give at most one of sourceTag and sourceVersionedTag");
    }
    JsonNode artifacts = root.get("artifacts");
    if (artifacts == null || !artifacts.isArray() || artifacts.isEmpty()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "artifacts must be a non-empty array of {\"name\", \"sha256\"}");
    }
    if (artifacts.size() > ApiLimits.MAX_ARTIFACTS) {
      throw new Refusal(ApiError.TOO_MANY_ARTIFACTS, "artifacts names " + artifacts.size()
          + " artifacts, over the limit of " + ApiLimits.MAX_ARTIFACTS);
    }
    Optional<String> resourceUri = optionalString(root, "resourceUri");
    List<ArtifactSummary.Subject> subjects = new ArrayList<>();
    for (int i = 0; i < artifacts.size(); i++) {
      subjects.add(artifact(artifacts.get(i), i));
    }
    ArtifactExpectations expected = new ArtifactExpectations(
        subjects.stream().map(ArtifactSummary.Subject::digest).toList(), sourceUri, tag, versionedTag, branch,
        builderId);
    String resource = resourceUri.isPresent()
        ? resourceUri(resourceUri.get(), "resourceUri must be an absolute URI of printable ASCII, at most "
            + ApiLimits.MAX_RESOURCE_URI_CHARS + " characters")
        : resourceUri(expected.sourceGitUri(), "sourceUri must name a repository, github.com/OWNER/REPO");
    return new Route.SlsaVerify(provenance, expected, subjects, resource);
  }

  /** {@code text} when it is an absolute URI of printable ASCII within the bound; else refused with {@code refusal}. */
  private static String resourceUri(String text, String refusal) throws Refusal {
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

  private static ArtifactSummary.Subject artifact(JsonNode artifact, int index) throws Refusal {
    String where = "artifacts[" + index + "]";
    if (!artifact.isObject()) {
      throw new Refusal(ApiError.INVALID_REQUEST, where + " must be an object {\"name\", \"sha256\"}");
    }
    unknownFields(artifact, ARTIFACT_FIELDS, where);
    JsonNode name = artifact.get("name");
    if (name != null && !name.isTextual()) {
      throw new Refusal(ApiError.INVALID_REQUEST, where + ".name must be a string");
    }
    JsonNode sha256 = artifact.get("sha256");
    if (sha256 == null || !sha256.isTextual()) {
      throw new Refusal(ApiError.INVALID_REQUEST, where + ".sha256 is required, a string");
    }
    if (!SHA256.matcher(sha256.asText()).matches()) {
      throw new Refusal(ApiError.INVALID_DIGEST, where + ".sha256 must be 64 hexadecimal digits");
    }
    String hex = sha256.asText().toLowerCase(Locale.ROOT);
    String label = name == null || name.asText().isEmpty() ? hex : UntrustedText.jsonValue(name.asText());
    return new ArtifactSummary.Subject(label, new Digest("sha256", HexFormat.of().parseHex(hex)));
  }

  /** The provenance file: a bundle given as an object is written back to bytes; a string is the file in base64. */
  private static byte[] provenance(JsonNode provenance) throws Refusal {
    if (provenance == null || provenance.isNull()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "provenance is required: the Sigstore bundle object, "
          + "or the provenance file in base64");
    }
    if (provenance.isObject()) {
      return Json.write(provenance).getBytes(StandardCharsets.UTF_8);
    }
    if (!provenance.isTextual()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "provenance must be an object or a base64 string");
    }
    try {
      return java.util.Base64.getMimeDecoder().decode(strictBase64(provenance.asText()));
    } catch (IllegalArgumentException e) {
      throw new Refusal(ApiError.INVALID_PROVENANCE, "provenance is a string but not base64");
    }
  }

  /** Base64 with nothing but its alphabet, padding and line breaks; the MIME decoder alone would skip any junk. */
  private static String strictBase64(String text) {
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
    return text;
  }

  private static void unknownFields(JsonNode object, Set<String> known, String where) throws Refusal {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        // The field name is the client's text: named by position, not echoed.
        throw new Refusal(ApiError.UNKNOWN_FIELD, where + " has a field this API does not know; the fields are "
            + known.stream().sorted().toList());
      }
    }
  }

  private static String requiredString(JsonNode root, String field) throws Refusal {
    JsonNode value = root.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new Refusal(ApiError.INVALID_REQUEST, field + " is required, a non-empty string");
    }
    return value.asText();
  }

  /** An optional string; empty counts as not given, as on the command line. */
  private static Optional<String> optionalString(JsonNode root, String field) throws Refusal {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new Refusal(ApiError.INVALID_REQUEST, field + " must be a string");
    }
    return Optional.of(value.asText()).filter(v -> !v.isEmpty());
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

  private static Route tooLarge() {
    return reject(ApiError.BODY_TOO_LARGE, "the body is over the limit of " + ApiLimits.MAX_REQUEST_BODY_BYTES
        + " bytes");
  }

  private static Route.Rejected reject(ApiError error, String message) {
    return new Route.Rejected(error, message);
  }

  /** A refusal on the way through the body's fields. */
  private static final class Refusal extends Exception {
    final Route.Rejected rejected;

    Refusal(ApiError error, String message) {
      super(message, null, false, false);
      this.rejected = new Route.Rejected(error, message);
    }
  }
}
