package dev.hekate.lambda.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.intoto.InTotoFormatException;
import dev.hekate.core.intoto.InTotoKey;
import dev.hekate.core.intoto.LinkFiles;
import dev.hekate.core.intoto.UnsupportedInTotoException;
import dev.hekate.core.json.Json;
import dev.hekate.lambda.ApiLimits;
import dev.hekate.lambda.http.JsonBody.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code POST /v1/in-toto/verify} into a {@link Route.InTotoVerify}, or refuses
 * it with one {@link ApiError} per kind of failure. Pure: no I/O, no clock; nothing in the body
 * chooses a request, a file or a command.
 *
 * <p>The rules, in the order they apply:
 * <ol>
 *   <li>as for every POST ({@link JsonBody#read}): {@code unsupported_media_type},
 *       {@code body_too_large}, {@code invalid_json}, {@code duplicate_key};
 *   <li>no field but those below ({@code unknown_field}), each of its type and the required ones
 *       present ({@code invalid_request});
 *   <li>{@code layout} an object (the file's JSON) or the file in base64 ({@code invalid_layout});
 *   <li>{@code layoutKeys} 1 to {@link ApiLimits#MAX_LAYOUT_KEYS} ({@code too_many_keys}), each
 *       PEM text or a securesystemslib key object that reads as a public key ({@code invalid_key});
 *       a key of a type or scheme not supported is not refused: the answer is not verified,
 *       {@code intoto.unsupported}, as on the command line;
 *   <li>{@code links} at most {@link ApiLimits#MAX_LINKS} ({@code too_many_links}), each an object
 *       or base64, a signed link whose contents name its step ({@code invalid_link}), no two filed
 *       under the same {@code <step>.<keyid[:8]>.link} ({@code duplicate_link}); a link using what
 *       is not supported (a sublayout, certificates, another DSSE payload type) is
 *       {@code intoto.unsupported};
 *   <li>{@code verificationTime} an RFC 3339 date-time with seconds and an offset
 *       ({@code invalid_time});
 *   <li>{@code artifacts} at most {@link ApiLimits#MAX_LAYOUT_ARTIFACTS}
 *       ({@code too_many_artifacts}), each path relative, in {@code /}-separated segments, none
 *       empty, {@code .} or {@code ..}, without control characters or backslash, at most
 *       {@link ApiLimits#MAX_ARTIFACT_PATH_LENGTH} characters ({@code invalid_artifact_path}), each
 *       digest 64 hex digits ({@code invalid_digest});
 *   <li>{@code resourceUri}, when given, an absolute URI of printable ASCII of at most
 *       {@link ApiLimits#MAX_RESOURCE_URI_CHARS} characters ({@code invalid_request}).
 * </ol>
 * Messages name fields by position and never echo the body.
 */
public final class InTotoRequestParser {
  private static final Set<String> FIELDS = Set.of("layout", "layoutKeys", "links", "verificationTime", "artifacts",
      "resourceUri");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern RFC3339 = Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})");

  private InTotoRequestParser() {}

  /**
   * @param contentType the request's {@code Content-Type}, empty when absent
   * @param body the body as the event carries it, empty when absent
   * @param base64 whether the event says the body is base64 ({@code isBase64Encoded})
   * @return a {@link Route.InTotoVerify} or a {@link Route.Rejected}
   */
  public static Route parse(String contentType, String body, boolean base64) {
    return JsonBody.parse(contentType, body, base64, InTotoRequestParser::request);
  }

  private static Route request(JsonNode root) throws Refusal {
    JsonBody.unknownFields(root, FIELDS, "the body");
    byte[] layout = layout(root.get("layout"));
    List<String> unsupported = new ArrayList<>();
    List<InTotoKey> keys = keys(root.get("layoutKeys"), unsupported);
    LinkFiles links = links(root.get("links"), unsupported);
    Optional<Instant> time = time(root.get("verificationTime"));
    Map<String, String> artifacts = artifacts(root.get("artifacts"));
    JsonNode resource = root.get("resourceUri");
    if (resource != null && !resource.isTextual()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "resourceUri must be a string");
    }
    String refusal = "resourceUri must be an absolute URI of printable ASCII, at most "
        + ApiLimits.MAX_RESOURCE_URI_CHARS + " characters";
    Optional<String> resourceUri = resource == null ? Optional.empty()
        : Optional.of(JsonBody.resourceUri(resource.textValue(), refusal));
    return new Route.InTotoVerify(layout, keys, links, time, artifacts, resourceUri, unsupported.stream().findFirst());
  }

  /** The layout file: an object is written back to bytes (its signatures cover its canonical form or its DSSE payload). */
  private static byte[] layout(JsonNode layout) throws Refusal {
    if (layout == null || layout.isNull()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "layout is required: the layout file as a JSON object, or in base64");
    }
    return file(layout, "layout", ApiError.INVALID_LAYOUT);
  }

  private static List<InTotoKey> keys(JsonNode keys, List<String> unsupported) throws Refusal {
    if (keys == null || !keys.isArray() || keys.isEmpty()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "layoutKeys is required, an array of at least one key: PEM text"
          + " or a securesystemslib key object");
    }
    if (keys.size() > ApiLimits.MAX_LAYOUT_KEYS) {
      throw new Refusal(ApiError.TOO_MANY_KEYS, "layoutKeys gives " + keys.size() + " keys, over the limit of "
          + ApiLimits.MAX_LAYOUT_KEYS);
    }
    List<InTotoKey> parsed = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      JsonNode key = keys.get(i);
      String where = "layoutKeys[" + i + "]";
      byte[] bytes;
      if (key.isTextual()) {
        bytes = key.textValue().getBytes(StandardCharsets.UTF_8);
      } else if (key.isObject()) {
        bytes = Json.write(key).getBytes(StandardCharsets.UTF_8);
      } else {
        throw new Refusal(ApiError.INVALID_REQUEST, where + " must be PEM text or a securesystemslib key object");
      }
      try {
        parsed.add(InTotoKey.fromFile(bytes, "the layout key " + where));
      } catch (InTotoFormatException e) {
        throw new Refusal(ApiError.INVALID_KEY, where + " is neither a readable PEM public key nor a securesystemslib"
            + " JSON key");
      } catch (UnsupportedInTotoException e) {
        unsupported.add(e.getMessage());
      }
    }
    return parsed;
  }

  /** The link files, each filed under the name its contents give it ({@link LinkFiles#names}). */
  private static LinkFiles links(JsonNode links, List<String> unsupported) throws Refusal {
    if (links == null || !links.isArray()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "links is required, an array of link files (objects, or base64);"
          + " it may be empty");
    }
    if (links.size() > ApiLimits.MAX_LINKS) {
      throw new Refusal(ApiError.TOO_MANY_LINKS, "links gives " + links.size() + " links, over the limit of "
          + ApiLimits.MAX_LINKS);
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, Integer> firstGiven = new HashMap<>();
    for (int i = 0; i < links.size(); i++) {
      String where = "links[" + i + "]";
      byte[] bytes = file(links.get(i), where, ApiError.INVALID_LINK);
      List<String> names;
      try {
        names = LinkFiles.names(bytes, where);
      } catch (InTotoFormatException e) {
        throw new Refusal(ApiError.INVALID_LINK, where + " is not a signed in-toto link (a metablock or DSSE envelope"
            + " whose body is a link naming its step)");
      } catch (UnsupportedInTotoException e) {
        unsupported.add(e.getMessage());
        continue;
      }
      for (String name : names) {
        Integer earlier = firstGiven.putIfAbsent(name, i);
        if (earlier != null && earlier != i) {
          throw new Refusal(ApiError.DUPLICATE_LINK, "links[" + earlier + "] and " + where + " are filed under the"
              + " same <step>.<keyid[:8]>.link: give one link per step and functionary");
        }
        files.put(name, bytes);
      }
    }
    return new LinkFiles(files);
  }

  /** A file given in the body: an object written back to bytes, or a string of base64. */
  private static byte[] file(JsonNode file, String where, ApiError notBase64) throws Refusal {
    if (file.isObject()) {
      return Json.write(file).getBytes(StandardCharsets.UTF_8);
    }
    if (!file.isTextual()) {
      throw new Refusal(ApiError.INVALID_REQUEST, where + " must be an object or a base64 string");
    }
    try {
      return JsonBody.base64(file.textValue());
    } catch (IllegalArgumentException e) {
      throw new Refusal(notBase64, where + " is a string but not base64");
    }
  }

  private static Optional<Instant> time(JsonNode time) throws Refusal {
    if (time == null || time.isNull()) {
      return Optional.empty();
    }
    if (!time.isTextual()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "verificationTime must be a string");
    }
    String text = time.textValue();
    String must = "verificationTime must be an RFC 3339 date-time with an offset, such as 2022-01-01T00:00:00Z";
    if (!RFC3339.matcher(text).matches()) {
      throw new Refusal(ApiError.INVALID_TIME, must);
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant());
    } catch (DateTimeParseException e) {
      throw new Refusal(ApiError.INVALID_TIME, must);
    }
  }

  private static Map<String, String> artifacts(JsonNode artifacts) throws Refusal {
    Map<String, String> digests = new LinkedHashMap<>();
    if (artifacts == null || artifacts.isNull()) {
      return digests;
    }
    if (!artifacts.isObject()) {
      throw new Refusal(ApiError.INVALID_REQUEST, "artifacts must be an object of path to sha256");
    }
    if (artifacts.size() > ApiLimits.MAX_LAYOUT_ARTIFACTS) {
      throw new Refusal(ApiError.TOO_MANY_ARTIFACTS, "artifacts names " + artifacts.size()
          + " artifacts, over the limit of " + ApiLimits.MAX_LAYOUT_ARTIFACTS);
    }
    int index = 0;
    for (Map.Entry<String, JsonNode> artifact : artifacts.properties()) {
      String where = "the artifact at position " + index++;
      if (!safePath(artifact.getKey())) {
        throw new Refusal(ApiError.INVALID_ARTIFACT_PATH, where + " has a path that is not a relative path of at most "
            + ApiLimits.MAX_ARTIFACT_PATH_LENGTH + " characters in /-separated segments (none empty, . or ..; no"
            + " control character or backslash)");
      }
      JsonNode sha256 = artifact.getValue();
      if (!sha256.isTextual()) {
        throw new Refusal(ApiError.INVALID_REQUEST, where + " must map its path to a sha256 string");
      }
      if (!SHA256.matcher(sha256.textValue()).matches()) {
        throw new Refusal(ApiError.INVALID_DIGEST, where + " has a sha256 that is not 64 hexadecimal digits");
      }
      digests.put(artifact.getKey(), sha256.textValue().toLowerCase(Locale.ROOT));
    }
    return digests;
  }

  /** A path as in-toto records one: relative, {@code /}-separated, nothing that could climb or hide. */
  static boolean safePath(String path) {
    if (path.isEmpty() || path.length() > ApiLimits.MAX_ARTIFACT_PATH_LENGTH || path.startsWith("/")) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || Character.isISOControl(c)) {
        return false;
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
