package dev.hekate.lambda.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hekate.core.json.Limits;
import dev.hekate.testdata.Hostile;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The request rules, one by one (the catalogue of refusals runs through the handler in ApiHandlerTest). */
class RequestParserTest {

  @ParameterizedTest(name = "{0} → {1}@{2}")
  @CsvSource({
      "/v1/npm/express@4.18.2, express, 4.18.2",
      "/v1/npm/express, express, ''",
      "/v1/npm/@scope/name@1.2.3, @scope/name, 1.2.3",
      "/v1/npm/%40scope%2Fname@1.2.3, @scope/name, 1.2.3",
      "/v1/npm/%40scope%2fname%401.2.3, @scope/name, 1.2.3",
      "/v1/npm/@scope%2Fname, @scope/name, ''",
      "/v1/npm/JSONStream@1.3.5, JSONStream, 1.3.5",
      "/v1/npm/left-pad@1.0.0-rc.1+build.5, left-pad, 1.0.0-rc.1+build.5",
      "/v1/npm/%65xpress@1.0.0, express, 1.0.0",
      "/v1/npm/lodash.merge@4.6.2, lodash.merge, 4.6.2",
  })
  void validRequestsNameAPackage(String path, String name, String version) {
    Route route = RequestParser.parse("GET", path, "");
    Route.Verify verify = assertInstanceOf(Route.Verify.class, route, route.toString());
    assertEquals(name, verify.spec().name());
    assertEquals(version.isEmpty() ? Optional.empty() : Optional.of(version), verify.spec().version());
  }

  @ParameterizedTest(name = "{0} → history of {1} as {2}")
  @CsvSource({
      "/v1/npm/express/history, express, JSON",
      "/v1/npm/@scope/name/history, @scope/name, JSON",
      "/v1/npm/%40scope%2Fname/history, @scope/name, JSON",
      "/v1/npm/@scope%2fhistory/history, @scope/history, JSON",
      "/ui/npm/express, express, HTML",
      "/ui/npm/@scope/name, @scope/name, HTML",
      "/ui/npm/%40scope%2fname, @scope/name, HTML",
  })
  void historyRoutesNameAPackage(String path, String name, Route.Format format) {
    assertEquals(new Route.History(name, format), RequestParser.parse("GET", path, ""));
  }

  @Test
  void aScopeAloneBeforeHistory_isAPackageNamedHistory() {
    Route.Verify verify = assertInstanceOf(Route.Verify.class, RequestParser.parse("GET", "/v1/npm/@scope/history", ""));
    assertEquals("@scope/history", verify.spec().name());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "/v1/npm/express@1.0.0/history, INVALID_PACKAGE",
      "/ui/npm/express@1.0.0, INVALID_PACKAGE",
      "/ui/npm/a/b/c, INVALID_PACKAGE",
      "/ui/npm/%2e%2e, INVALID_PATH",
      "/ui/npm/%2541, INVALID_PATH",
      "/ui, NOT_FOUND",
      "/ui/npm, NOT_FOUND",
  })
  void badHistoryRequests_areRefused(String path, ApiError error) {
    Route.Rejected rejected = assertInstanceOf(Route.Rejected.class, RequestParser.parse("GET", path, ""));
    assertEquals(error, rejected.error());
  }

  @Test
  void healthIsExact() {
    assertInstanceOf(Route.Health.class, RequestParser.parse("GET", "/v1/health", ""));
    assertInstanceOf(Route.Health.class, RequestParser.parse("GET", "/v1/health", "probe=1"));
  }

  @Test
  void theLimitIsOnPathAndQueryTogether() {
    String path = "/v1/npm/express";
    String query = "q=" + "x".repeat(Limits.MAX_API_URL_LENGTH - path.length() - 3);
    assertInstanceOf(Route.Verify.class, RequestParser.parse("GET", path, query));
    Route.Rejected tooLong = assertInstanceOf(Route.Rejected.class, RequestParser.parse("GET", path, query + "x"));
    assertEquals(ApiError.URI_TOO_LONG, tooLong.error());
  }

  @Test
  void theRouteIsCheckedBeforeTheMethodAndTheMethodBeforeThePackage() {
    assertEquals(ApiError.NOT_FOUND, rejected("POST", "/nowhere").error());
    assertEquals(ApiError.METHOD_NOT_ALLOWED, rejected("POST", "/v1/npm/%2e%2e").error());
    assertEquals(ApiError.INVALID_PATH, rejected("GET", "/v1/npm/%2e%2e").error());
  }

  @Test
  void slsaVerifyTakesOnlyPostOnItsExactPath() {
    assertInstanceOf(Route.SlsaPost.class, RequestParser.parse("POST", "/v1/slsa/verify", ""));
    assertInstanceOf(Route.SlsaPost.class, RequestParser.parse("POST", "/v1/slsa/verify", "ignored=1"));
    for (String method : new String[] {"GET", "PUT", "HEAD", "post", ""}) {
      assertEquals(ApiError.METHOD_NOT_ALLOWED, rejected(method, "/v1/slsa/verify").error(), method);
    }
    for (String path : new String[] {"/v1/slsa/verify/", "/v1/slsa/%76erify", "/v1/slsa", "/v1/slsa/verify/x"}) {
      assertEquals(ApiError.NOT_FOUND, rejected("POST", path).error(), path);
    }
    assertEquals(ApiError.INVALID_PATH, rejected("POST", "/v1/slsa/verify\\").error());
  }

  @Test
  void decodingHappensOnce() {
    assertEquals("%2e", RequestParser.decodeOnce("%252e"));
    assertEquals("@a/b", RequestParser.decodeOnce("%40a%2Fb"));
    assertEquals("plain", RequestParser.decodeOnce("plain"));
    assertEquals("é", RequestParser.decodeOnce("%C3%A9"));
    assertThrows(IllegalArgumentException.class, () -> RequestParser.decodeOnce("%"));
    assertThrows(IllegalArgumentException.class, () -> RequestParser.decodeOnce("%4"));
    assertThrows(IllegalArgumentException.class, () -> RequestParser.decodeOnce("%g0"));
    assertThrows(IllegalArgumentException.class, () -> RequestParser.decodeOnce("%ff"));
  }

  @Test
  void messagesNeverEchoControlCharacters() {
    Route.Rejected r = rejected("GET", "/v1/npm/%1b[31mred");
    assertEquals(ApiError.INVALID_PATH, r.error());
    assertEquals("the package holds the control character U+001B", r.message());
    Route.Rejected lookAlike = rejected("GET", "/v1/npm/%D0%B5xpress");
    assertEquals("npm package names and versions are ASCII; the request holds U+0435", lookAlike.message());
  }

  private static Route.Rejected rejected(String method, String path) {
    return assertInstanceOf(Route.Rejected.class, RequestParser.parse(method, path, ""));
  }

  /**
   * Hostile values ({@link Hostile}) as path or query end parsing in linear time: at 4 MiB they are
   * refused by length before anything else looks at them; cut to the longest URL accepted they
   * reach every later rule, and end as a route.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#strings")
  void hostileValuesEndParsingInLinearTime(Hostile.Value value) {
    String text = value.text();
    String fitting = text.substring(0, Limits.MAX_API_URL_LENGTH - RequestParser.NPM_PREFIX.length());
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (Route route : new Route[] {
          RequestParser.parse("GET", RequestParser.NPM_PREFIX + text, ""),
          RequestParser.parse("GET", "/v1/health", text),
          RequestParser.parse(text, text, text)}) {
        assertEquals(ApiError.URI_TOO_LONG, assertInstanceOf(Route.Rejected.class, route).error(), value.name());
      }
      RequestParser.parse("GET", RequestParser.NPM_PREFIX + fitting, "");
      RequestParser.parse("GET", RequestParser.NPM_PREFIX + "left-pad@" + fitting.substring(9), "");
    }, value.name());
  }
}
