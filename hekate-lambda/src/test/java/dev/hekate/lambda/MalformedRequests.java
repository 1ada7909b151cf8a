package dev.hekate.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Requests the API must refuse with a 4xx JSON error before anything is fetched, each with the
 * status and error code it must get. Shared by the handler tests here and the {@code hekate serve}
 * tests of hekate-cli (through this module's test jar).
 *
 * <p>{@link #overHttp()} are the ones any HTTP client can put on the wire: their request-target is
 * a syntactically valid URI, so the JDK server hands them to the handler. {@link #handlerOnly()}
 * hold raw characters no URI may contain (a backslash, a control character, a bad escape); API
 * Gateway's {@code rawPath} could still carry them to the function, and the JDK server refuses
 * them itself.
 *
 * @param method the HTTP method
 * @param target the request-target as sent: raw path, then {@code ?} and the raw query if any
 */
public record MalformedRequests(String why, String method, String target, int status, String error) {

  public MalformedRequests {
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(error, "error");
  }

  public String rawPath() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  public String rawQuery() {
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }

  @Override
  public String toString() {
    String shown = target.length() > 70 ? target.substring(0, 70) + "...(" + target.length() + ")" : target;
    return why + ": " + method + " " + shown.replaceAll("\\p{Cntrl}", "?") + " → " + status + " " + error;
  }

  /** Valid URIs on the wire, refused by the handler. */
  public static List<MalformedRequests> overHttp() {
    List<MalformedRequests> all = new ArrayList<>();
    String path = "invalid_path";
    String pkg = "invalid_package";
    // dot segments and traversal
    all.add(bad("dot-dot", "/v1/npm/..", 400, path));
    all.add(bad("dot-dot to another route", "/v1/npm/../health", 400, path));
    all.add(bad("dot-dot deep", "/v1/npm/express/../../../etc/passwd", 400, path));
    all.add(bad("encoded dot-dot", "/v1/npm/%2e%2e", 400, path));
    all.add(bad("encoded dot-dot upper case", "/v1/npm/%2E%2E%2Fhealth", 400, path));
    all.add(bad("%2f traversal", "/v1/npm/express%2f..%2f..%2fetc%2fpasswd", 400, path));
    all.add(bad("%2f traversal in a scope", "/v1/npm/@scope%2f..%2fother@1.0.0", 400, path));
    all.add(bad("traversal after the version", "/v1/npm/%40scope%2Fname@1.0.0%2F..%2F..", 400, path));
    all.add(bad("single dot segment", "/v1/npm/./express", 400, pkg));
    all.add(bad("%2f absolute path", "/v1/npm/%2fetc%2fpasswd", 400, pkg));
    all.add(bad("%2f extra segment", "/v1/npm/@scope%2fname%2fextra@1.0.0", 400, pkg));
    all.add(bad("raw extra segments", "/v1/npm/a/b/c", 400, pkg));
    // double encoding
    all.add(bad("double-encoded dot-dot", "/v1/npm/%252e%252e%252f", 400, path));
    all.add(bad("double-encoded scope", "/v1/npm/%2540scope%252fname@1.0.0", 400, path));
    // control characters, backslash, bad bytes (percent-encoded, so valid URIs)
    all.add(bad("encoded NUL", "/v1/npm/express%00@4.0.0", 400, path));
    all.add(bad("encoded CRLF (header injection)", "/v1/npm/express%0d%0aX-Injected:%201", 400, path));
    all.add(bad("encoded tab", "/v1/npm/express%09", 400, path));
    all.add(bad("encoded DEL", "/v1/npm/%7f", 400, path));
    all.add(bad("encoded C1 control (NEL)", "/v1/npm/%c2%85express", 400, path));
    all.add(bad("encoded backslash traversal", "/v1/npm/express%5c..%5cx", 400, path));
    all.add(bad("encoded bytes that are not UTF-8", "/v1/npm/%c3%28", 400, path));
    all.add(bad("overlong UTF-8 for '.'", "/v1/npm/%c0%ae%c0%ae", 400, path));
    // unicode look-alikes
    all.add(bad("Cyrillic e look-alike", "/v1/npm/%D0%B5xpress@4.0.0", 400, pkg));
    all.add(bad("fullwidth e look-alike", "/v1/npm/%EF%BD%85xpress", 400, pkg));
    all.add(bad("zero-width space", "/v1/npm/react%E2%80%8B@18.0.0", 400, pkg));
    all.add(bad("dotless i", "/v1/npm/%C4%B1nherits", 400, pkg));
    all.add(bad("raw UTF-8 bytes on the wire", "/v1/npm/\u00c3\u00a9xpress", 400, path));
    // names that break npm's rules
    all.add(bad("over-long name (215)", "/v1/npm/" + "a".repeat(215), 400, pkg));
    all.add(bad("over-long URL (3,000-character name)", "/v1/npm/" + "a".repeat(3000), 414, "uri_too_long"));
    all.add(bad("leading dot", "/v1/npm/.hidden", 400, pkg));
    all.add(bad("leading underscore", "/v1/npm/_private", 400, pkg));
    all.add(bad("reserved name", "/v1/npm/node_modules", 400, pkg));
    all.add(bad("empty scope name", "/v1/npm/@scope/", 400, pkg));
    all.add(bad("empty scope", "/v1/npm/@/name", 400, pkg));
    all.add(bad("trailing space", "/v1/npm/express%20", 400, pkg));
    all.add(bad("fragment smuggled as %23", "/v1/npm/express@1.0.0%23frag", 400, pkg));
    all.add(bad("no package", "/v1/npm/", 400, pkg));
    // versions that are not exact semver
    all.add(bad("partial version", "/v1/npm/express@1.0", 400, pkg));
    all.add(bad("dist-tag", "/v1/npm/express@latest", 400, pkg));
    all.add(bad("range", "/v1/npm/express@%5E4.0.0", 400, pkg));
    all.add(bad("two versions", "/v1/npm/express@1.0.0@2.0.0", 400, pkg));
    all.add(bad("empty version", "/v1/npm/express@", 400, pkg));
    all.add(bad("version over 2^53", "/v1/npm/express@9007199254740992.0.0", 400, pkg));
    all.add(bad("over-long version (300)", "/v1/npm/express@1.0.0-" + "a".repeat(300), 400, pkg));
    // huge query strings
    all.add(bad("5,000-character query", "/v1/npm/express?q=" + "x".repeat(5000), 414, "uri_too_long"));
    all.add(bad("600 query parameters", "/v1/npm/express@4.0.0?" + "a=1&".repeat(600), 414, "uri_too_long"));
    // routes
    all.add(bad("health with a slash", "/v1/health/", 404, "not_found"));
    all.add(bad("no package segment", "/v1/npm", 404, "not_found"));
    all.add(bad("other version of the API", "/v2/npm/express", 404, "not_found"));
    all.add(bad("upper-case route", "/V1/NPM/express", 404, "not_found"));
    all.add(bad("empty first segment", "//v1/npm/express", 404, "not_found"));
    all.add(bad("dot segment in the route", "/v1/./npm/express", 404, "not_found"));
    all.add(bad("encoded route", "/v1/%6epm/express", 404, "not_found"));
    // other methods
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
      all.add(new MalformedRequests(method, method, "/v1/npm/express@4.0.0", 405, "method_not_allowed"));
    }
    all.add(new MalformedRequests("POST to health", "POST", "/v1/health", 405, "method_not_allowed"));
    return List.copyOf(all);
  }

  /** Raw characters no URI may hold; only an event can carry them to the handler. */
  public static List<MalformedRequests> handlerOnly() {
    return List.of(
        bad("raw backslash", "/v1/npm/..\\..\\etc", 400, "invalid_path"),
        bad("raw NUL", "/v1/npm/express\u0000", 400, "invalid_path"),
        bad("raw CRLF", "/v1/npm/express\r\nX-Injected: 1", 400, "invalid_path"),
        bad("raw space", "/v1/npm/exp ress", 400, "invalid_path"),
        bad("raw non-ASCII look-alike", "/v1/npm/\u0435xpress", 400, "invalid_path"),
        bad("bad escape", "/v1/npm/%zz", 400, "invalid_path"),
        bad("truncated escape", "/v1/npm/express%e", 400, "invalid_path"),
        bad("control character in the query", "/v1/npm/express?a=\u0001", 400, "invalid_path"),
        new MalformedRequests("HEAD", "HEAD", "/v1/npm/express@4.0.0", 405, "method_not_allowed"),
        new MalformedRequests("no method", "", "/v1/npm/express@4.0.0", 405, "method_not_allowed"));
  }

  private static MalformedRequests bad(String why, String target, int status, String error) {
    return new MalformedRequests(why, "GET", target, status, error);
  }
}
