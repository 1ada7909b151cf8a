package dev.hekate.lambda.http;

import dev.hekate.core.json.Limits;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a request's method, raw path and raw query into a {@link Route}, refusing anything that is
 * not plainly a request for this API. Pure: no I/O, no clock; every refusal happens here, before
 * the registry could be asked anything. A refusal names an {@link ApiError}; its HTTP status is
 * {@link ApiStatus}'s to choose.
 *
 * <p>The rules, in the order they apply:
 * <ol>
 *   <li>path and query together at most {@value Limits#MAX_API_URL_LENGTH} characters, else
 *       {@code uri_too_long};
 *   <li>the raw path and query are printable ASCII without backslash (anything else is not a URL
 *       a client could have sent, or was smuggled), else {@code invalid_path};
 *   <li>routes match the raw, undecoded path: {@code /v1/health} exactly, {@code /v1/npm/...},
 *       {@code /ui/npm/...}; anything else {@code not_found}. A {@code /v1/npm/} path ending in
 *       {@code /history} asks for the package's history, unless what comes before it is only a
 *       scope ({@code /v1/npm/@scope/history} is the package {@code @scope/history});
 *   <li>{@code /v1/slsa/verify} and {@code /v1/in-toto/verify} exactly take only POST (their bodies
 *       are {@link SlsaRequestParser}'s and {@link InTotoRequestParser}'s to read); every other
 *       route only GET; else {@code method_not_allowed};
 *   <li>the package part is percent-decoded exactly once (each {@code %} followed by two hex
 *       digits, the bytes strict UTF-8); a decoded {@code %} means the client encoded twice, and a
 *       decoded control character, backslash or {@code ..} is refused: {@code invalid_path};
 *   <li>the decoded text must be a {@link PackageSpec} (npm's rules for existing packages, exact
 *       semver), else {@code invalid_package}; a history names a package without a version.
 * </ol>
 * So {@code /v1/npm/@scope/name@1.2.3} and {@code /v1/npm/%40scope%2Fname@1.2.3} are the same
 * request, and {@code %252e%252e} is refused rather than decoded into {@code %2e%2e}.
 */
public final class RequestParser {
  static final String HEALTH = "/v1/health";
  static final String NPM_PREFIX = "/v1/npm/";
  static final String UI_PREFIX = "/ui/npm/";
  static final String HISTORY_SUFFIX = "/history";
  static final String SUMMARY_SUFFIX = "/vsa";
  static final String VERIFIER = "/v1/verifier";
  public static final String SLSA_VERIFY = "/v1/slsa/verify";
  public static final String INTOTO_VERIFY = "/v1/in-toto/verify";

  private RequestParser() {}

  /**
   * @param method the HTTP method as received
   * @param rawPath the path as received, still percent-encoded ({@code rawPath} of payload 2.0)
   * @param rawQuery the query as received, without {@code ?}; empty when there is none
   */
  public static Route parse(String method, String rawPath, String rawQuery) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    String query = rawQuery == null ? "" : rawQuery;
    int length = path.length() + (query.isEmpty() ? 0 : 1 + query.length());
    if (length > Limits.MAX_API_URL_LENGTH) {
      return new Route.Rejected(ApiError.URI_TOO_LONG,
          "the URL is " + length + " characters, over the limit of " + Limits.MAX_API_URL_LENGTH);
    }
    String unsafe = unsafeCharacter(path);
    if (unsafe != null) {
      return new Route.Rejected(ApiError.INVALID_PATH, "the path holds " + unsafe);
    }
    unsafe = unsafeCharacter(query);
    if (unsafe != null) {
      return new Route.Rejected(ApiError.INVALID_PATH, "the query holds " + unsafe);
    }

    if (path.equals(SLSA_VERIFY)) {
      if (!"POST".equals(method)) {
        return new Route.Rejected(ApiError.METHOD_NOT_ALLOWED, "only POST is allowed here: POST a JSON body "
            + "with the provenance, the source and the artifacts' sha256 digests (docs/api.md)");
      }
      return new Route.SlsaPost();
    }
    if (path.equals(INTOTO_VERIFY)) {
      if (!"POST".equals(method)) {
        return new Route.Rejected(ApiError.METHOD_NOT_ALLOWED, "only POST is allowed here: POST a JSON body "
            + "with the layout, its keys and the links (docs/api.md)");
      }
      return new Route.InTotoPost();
    }
    boolean health = path.equals(HEALTH);
    boolean verifier = path.equals(VERIFIER);
    boolean npm = path.startsWith(NPM_PREFIX);
    boolean ui = path.startsWith(UI_PREFIX);
    if (!health && !verifier && !npm && !ui) {
      return new Route.Rejected(ApiError.NOT_FOUND, "no such route; try GET /v1/npm/{package}@{version}, "
          + "GET /v1/npm/{package}@{version}/vsa, GET /v1/npm/{package}/history, GET /ui/npm/{package}, "
          + "GET /v1/verifier, GET /v1/health, POST /v1/slsa/verify or POST /v1/in-toto/verify");
    }
    if (!"GET".equals(method)) {
      return new Route.Rejected(ApiError.METHOD_NOT_ALLOWED, "only GET is allowed here");
    }
    if (health) {
      return new Route.Health();
    }
    if (verifier) {
      return new Route.Verifier();
    }
    if (ui) {
      return historyRoute(path.substring(UI_PREFIX.length()), Route.Format.HTML);
    }
    String rest = path.substring(NPM_PREFIX.length());
    if (rest.endsWith(HISTORY_SUFFIX) && !onlyScope(rest.substring(0, rest.length() - HISTORY_SUFFIX.length()))) {
      return historyRoute(rest.substring(0, rest.length() - HISTORY_SUFFIX.length()), Route.Format.JSON);
    }
    if (rest.endsWith(SUMMARY_SUFFIX) && !onlyScope(rest.substring(0, rest.length() - SUMMARY_SUFFIX.length()))) {
      return summaryRoute(rest.substring(0, rest.length() - SUMMARY_SUFFIX.length()), query);
    }
    return packageRoute(rest);
  }

  /** A summary of the verdict {@code rawSpec} names, as a DSSE envelope or ({@code format=bundle}) a bundle. */
  private static Route summaryRoute(String rawSpec, String query) {
    Route route = packageRoute(rawSpec);
    if (!(route instanceof Route.Verify verify)) {
      return route;
    }
    return switch (query) {
      case "", "format=dsse" -> new Route.Summary(verify.spec(), false);
      case "format=bundle" -> new Route.Summary(verify.spec(), true);
      default -> new Route.Rejected(ApiError.INVALID_PATH,
          "a summary's query is format=dsse (the default) or format=bundle, nothing else");
    };
  }

  /** Whether a raw path part is a scope alone ({@code @scope}), so that {@code /history} after it is a package name. */
  private static boolean onlyScope(String raw) {
    try {
      String decoded = decodeOnce(raw);
      return decoded.startsWith("@") && decoded.indexOf('/') < 0;
    } catch (IllegalArgumentException e) {
      return false; // not decodable: the history route refuses it with the reason
    }
  }

  private static Route historyRoute(String rawName, Route.Format format) {
    Route route = packageRoute(rawName);
    if (!(route instanceof Route.Verify verify)) {
      return route;
    }
    if (verify.spec().version().isPresent()) {
      return new Route.Rejected(ApiError.INVALID_PACKAGE,
          "a history is of a whole package: name it without a version (GET /v1/npm/{package}/history)");
    }
    return new Route.History(verify.spec().name(), format);
  }

  private static Route packageRoute(String rawSpec) {
    String spec;
    try {
      spec = decodeOnce(rawSpec);
    } catch (IllegalArgumentException e) {
      return new Route.Rejected(ApiError.INVALID_PATH, e.getMessage());
    }
    if (spec.indexOf('%') >= 0) {
      return new Route.Rejected(ApiError.INVALID_PATH, "the package is percent-encoded more than once");
    }
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return new Route.Rejected(ApiError.INVALID_PATH, "the package holds the control character " + codePoint(c));
      }
      if (c == '\\') {
        return new Route.Rejected(ApiError.INVALID_PATH, "the package holds a backslash");
      }
    }
    if (spec.contains("..")) {
      return new Route.Rejected(ApiError.INVALID_PATH, "'..' is not allowed in the path");
    }
    for (int i = 0; i < spec.length(); i++) {
      int c = spec.codePointAt(i);
      if (c > 0x7e) {
        // Look-alikes (Cyrillic 'е' for 'e', fullwidth letters) end here, with the code point named.
        return new Route.Rejected(ApiError.INVALID_PACKAGE,
            "npm package names and versions are ASCII; the request holds " + codePoint(c));
      }
    }
    if (spec.isEmpty()) {
      return new Route.Rejected(ApiError.INVALID_PACKAGE, "no package named: GET /v1/npm/{package}@{version}");
    }
    try {
      return new Route.Verify(PackageSpec.parse(spec));
    } catch (InvalidSpecException e) {
      return new Route.Rejected(ApiError.INVALID_PACKAGE, e.getMessage());
    }
  }

  /**
   * Percent-decodes once into strict UTF-8.
   *
   * @throws IllegalArgumentException with a message for the client, for a '%' without two hex
   *     digits or bytes that are not UTF-8
   */
  static String decodeOnce(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    byte[] bytes = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes[n++] = (byte) c;
        continue;
      }
      int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("a '%' at character " + i + " is not followed by two hex digits");
      }
      bytes[n++] = (byte) (high << 4 | low);
      i += 2;
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the percent-encoded bytes are not UTF-8");
    }
  }

  /** A description of the first character that has no place in a raw URL here, or null. */
  private static String unsafeCharacter(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        return "a backslash";
      }
      if (c == ' ') {
        return "a space";
      }
      if (c < 0x20 || c == 0x7f) {
        return "the control character " + codePoint(c);
      }
      if (c > 0x7f) {
        return "the non-ASCII character " + codePoint(c);
      }
    }
    return null;
  }

  private static String codePoint(int c) {
    return String.format("U+%04X", c);
  }
}
