package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.Evidence;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.PackageHistory;
import dev.hekate.core.store.PackageHistoryJson;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import dev.hekate.core.store.VersionKey.PackageKey;
import dev.hekate.lambda.ApiHandler;
import dev.hekate.lambda.VerdictService;
import dev.hekate.lambda.http.AcceptHeader;
import dev.hekate.lambda.http.ApiError;
import dev.hekate.lambda.http.HistoryLinks;
import dev.hekate.lambda.http.HistoryPage;
import dev.hekate.lambda.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history endpoints through the API handler, on a SQLite store: routes, errors, headers, links, escaping. */
class HistoryApiTest {
  private static final String BROWSER_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

  @TempDir
  Path dir;

  @Test
  void theJsonHistory_isTheStoresHistory_forRawAndEncodedScopedNames() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      ApiHandler handler = handler(HistoryFixture.service(Optional.of(store)));
      String expected = PackageHistoryJson.toJsonLine(PackageHistory.load(store,
          new PackageKey(HistoryFixture.REGISTRY, HistoryFixture.NAME), PackageHistory.DEFAULT_LIMIT));

      for (String path : List.of("/v1/npm/@acme/widget/history", "/v1/npm/%40acme%2Fwidget/history",
          "/v1/npm/@acme%2fwidget/history")) {
        APIGatewayV2HTTPResponse response = get(handler, path, "*/*");
        assertEquals(200, response.getStatusCode(), path);
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals(Json.mapper().readTree(expected), Json.mapper().readTree(response.getBody()), path);
      }
    }
  }

  @Test
  void aScopeFollowedByHistory_isThePackageOfThatName() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      APIGatewayV2HTTPResponse response = get(handler(HistoryFixture.service(Optional.of(store))),
          "/v1/npm/@acme/history", "*/*");
      // Verified (the test service knows no package), not read as a history of "@acme".
      assertEquals(404, response.getStatusCode());
      assertEquals("package_not_found", body(response).path("error").asText());
      assertEquals("@acme/history", body(response).path("package").asText());
    }
  }

  @Test
  void badNames_andAVersion_areRefusedAsTheVerifyRouteRefusesThem() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      ApiHandler handler = handler(HistoryFixture.service(Optional.of(store)));
      Map<String, String> refusals = Map.of(
          "/v1/npm/@acme/widget@1.0.0/history", "invalid_package",
          "/ui/npm/@acme/widget@1.0.0", "invalid_package",
          "/v1/npm/..%2fetc/history", "invalid_path",
          "/ui/npm/%252e%252e", "invalid_path",
          "/ui/npm/_private", "invalid_package",
          "/ui/npm/", "invalid_package",
          "/v1/npm/express%0d%0a/history", "invalid_path");
      for (Map.Entry<String, String> refusal : refusals.entrySet()) {
        APIGatewayV2HTTPResponse response = get(handler, refusal.getKey(), "*/*");
        assertEquals(400, response.getStatusCode(), refusal.getKey());
        assertEquals(refusal.getValue(), body(response).path("error").asText(), refusal.getKey());
      }
      APIGatewayV2HTTPResponse post = request(handler, "POST", "/ui/npm/express", "*/*");
      assertEquals(405, post.getStatusCode());
    }
  }

  @Test
  void noStore_is404HistoryUnavailable_andNoVersions_is404NoHistory() throws Exception {
    ApiHandler without = handler(HistoryFixture.service(Optional.empty()));
    for (String path : List.of("/v1/npm/express/history", "/ui/npm/express")) {
      APIGatewayV2HTTPResponse response = get(without, path, "*/*");
      assertEquals(404, response.getStatusCode(), path);
      assertTrue(response.getBody().contains("history_unavailable"), path);
      assertTrue(response.getBody().contains("this deployment keeps no history"), path);
    }
    assertEquals("history_unavailable", body(get(without, "/v1/npm/express/history", "*/*")).path("error").asText());

    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      ApiHandler with = handler(HistoryFixture.service(Optional.of(store)));
      APIGatewayV2HTTPResponse none = get(with, "/v1/npm/express/history", "*/*");
      assertEquals(404, none.getStatusCode());
      assertEquals("no_history", body(none).path("error").asText());
      assertEquals("express", body(none).path("package").asText());
      APIGatewayV2HTTPResponse page = get(with, "/ui/npm/express", BROWSER_ACCEPT);
      assertEquals(404, page.getStatusCode());
      assertEquals("text/html; charset=utf-8", page.getHeaders().get("Content-Type"));
      assertTrue(page.getBody().contains("no_history"));
    }
  }

  @Test
  void aStoreThatCannotBeRead_is503WithRetryAfter_andNoTrace() {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    ApiHandler handler = new ApiHandler(HistoryFixture.service(Optional.of(new BrokenStore())),
        new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC()));
    for (String path : List.of("/v1/npm/express/history", "/ui/npm/express")) {
      APIGatewayV2HTTPResponse response = get(handler, path, "*/*");
      assertEquals(503, response.getStatusCode(), path);
      assertEquals("30", response.getHeaders().get("Retry-After"), path);
      assertTrue(response.getBody().contains("store_unavailable"), path);
      assertFalse(response.getBody().contains("SQLITE_BUSY"), "the store's own message stays in the log");
      assertFalse(response.getBody().contains("at dev.hekate"), "no stack trace");
    }
    assertTrue(logged.toString(StandardCharsets.UTF_8).contains("SQLITE_BUSY"), "the log has the cause");
  }

  @Test
  void thePage_hasTheSecurityHeaders_andItsStyleMatchesThePolicysHash() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      APIGatewayV2HTTPResponse page = get(handler(HistoryFixture.service(Optional.of(store))),
          "/ui/npm/@acme%2fwidget", BROWSER_ACCEPT);

      assertEquals(200, page.getStatusCode());
      Map<String, String> headers = page.getHeaders();
      assertEquals("text/html; charset=utf-8", headers.get("Content-Type"));
      assertEquals("nosniff", headers.get("X-Content-Type-Options"));
      assertEquals("no-referrer", headers.get("Referrer-Policy"));
      String csp = headers.get("Content-Security-Policy");
      assertTrue(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp);
      assertTrue(csp.endsWith("'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"), csp);
      String style = between(page.getBody(), "<style>", "</style>");
      String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
          .digest(style.getBytes(StandardCharsets.UTF_8)));
      assertTrue(csp.contains("'sha256-" + hash + "'"), "the policy allows exactly the page's style");
      assertEquals(1, count(page.getBody(), "<style>"));
      assertFalse(page.getBody().contains("<script"), "no script element");
      assertFalse(page.getBody().contains(" style="), "no inline style attribute");
    }
  }

  @Test
  void thePage_escapesEveryStoredString_andLinksOnlyWhatItValidated() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      String html = get(handler(HistoryFixture.service(Optional.of(store))), "/ui/npm/@acme/widget", "*/*").getBody();

      assertFalse(html.contains(HistoryFixture.SCRIPT));
      assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"));
      assertTrue(html.contains("\\x1b[31m"), "control characters shown, not sent");
      assertFalse(html.contains("\u001b"));
      Set<String> hrefs = hrefs(html);
      assertTrue(hrefs.contains("https://search.sigstore.dev/?logIndex=1001"), hrefs.toString());
      assertTrue(hrefs.contains("https://github.com/acme/widget/actions/runs/111/attempts/1"), hrefs.toString());
      assertTrue(hrefs.contains("https://www.npmjs.com/package/@acme/widget/v/1.3.0"), hrefs.toString());
      assertTrue(hrefs.stream().allMatch(h -> h.startsWith("https://")), hrefs.toString());
      assertFalse(hrefs.stream().anyMatch(h -> h.contains("evil.example") || h.contains("javascript")), hrefs.toString());
      assertTrue(html.contains("workflow run: javascript:alert(1)"), "an unsafe URL is shown as text");
      assertTrue(html.contains("class=\"regression drift\""), "the regression is marked");
      assertTrue(html.contains("<span class=\"mark regression\">regression</span>"));
      assertTrue(html.contains("<span class=\"mark changed\">answer changed</span>"));
      assertTrue(html.contains("the stored verdict cannot be read"));
    }
  }

  @Test
  void aBrowserAskingForAPackage_getsThePage_whenThereIsHistory_elseTheVerdict() throws Exception {
    Verdict missing = new Verdict(HistoryFixture.NAME, "1.2.0", Status.MISSING, true, List.of(), List.of(),
        Evidence.none(), Optional.empty(), Optional.empty());
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      ApiHandler with = handler(HistoryFixture.answering(missing, Optional.of(store)));
      APIGatewayV2HTTPResponse page = get(with, "/v1/npm/@acme/widget", BROWSER_ACCEPT);
      assertEquals("text/html; charset=utf-8", page.getHeaders().get("Content-Type"));
      assertEquals("Accept", page.getHeaders().get("Vary"));
      assertTrue(page.getBody().contains("History of <code>@acme/widget</code>"));

      APIGatewayV2HTTPResponse verdict = get(with, "/v1/npm/@acme/widget", "*/*");
      assertEquals("application/json", verdict.getHeaders().get("Content-Type"));
      assertEquals("Accept", verdict.getHeaders().get("Vary"));
      JsonNode links = body(verdict).path("links");
      assertEquals("/v1/npm/@acme%2Fwidget/history", links.path("history").asText());
      assertEquals("/ui/npm/@acme%2Fwidget", links.path("historyPage").asText());
      // The link leads to the history.
      assertEquals(200, get(with, links.path("history").asText(), "*/*").getStatusCode());
      assertEquals(200, get(with, links.path("historyPage").asText(), "*/*").getStatusCode());

      APIGatewayV2HTTPResponse version = get(with, "/v1/npm/@acme/widget@1.2.0", BROWSER_ACCEPT);
      assertEquals("application/json", version.getHeaders().get("Content-Type"), "a version is always the verdict");
    }
    ApiHandler without = handler(HistoryFixture.answering(missing, Optional.empty()));
    APIGatewayV2HTTPResponse verdict = get(without, "/v1/npm/@acme/widget", BROWSER_ACCEPT);
    assertEquals("application/json", verdict.getHeaders().get("Content-Type"));
    assertFalse(body(verdict).has("links"), "no link to a history the deployment does not keep");
  }

  @Test
  void theVerdictsLinks_areInTheSchema() throws Exception {
    JsonNode schema = Json.mapper().readTree(Files.readAllBytes(Path.of("..", "docs", "verdict.schema.json")));
    JsonNode links = schema.path("properties").path("links");
    assertEquals("object", links.path("type").asText());
    assertEquals(Set.of("history", "historyPage"), names(links.path("properties")));
  }

  @Test
  void everyErrorCode_isDocumented() throws Exception {
    String api = Files.readString(Path.of("..", "docs", "api.md"));
    String openapi = Files.readString(Path.of("..", "docs", "openapi.yaml"));
    for (ApiError error : ApiError.values()) {
      assertTrue(api.contains("`" + error.code() + "`"), error.code() + " is not in docs/api.md");
      assertTrue(openapi.contains(error.code()), error.code() + " is not in docs/openapi.yaml");
    }
  }

  @Test
  void acceptPrefersHtml_onlyWhenHtmlRanksAboveJson() {
    assertTrue(AcceptHeader.prefersHtml(BROWSER_ACCEPT));
    assertTrue(AcceptHeader.prefersHtml("text/html"));
    assertFalse(AcceptHeader.prefersHtml("*/*"));
    assertFalse(AcceptHeader.prefersHtml(""));
    assertFalse(AcceptHeader.prefersHtml("application/json"));
    assertFalse(AcceptHeader.prefersHtml("text/html;q=0.5, application/json"));
    assertFalse(AcceptHeader.prefersHtml("text/html;q=0, */*"));
    assertFalse(AcceptHeader.prefersHtml("text/html;q=nonsense"));
    assertTrue(AcceptHeader.prefersHtml("application/json;q=0.2, text/*"));
  }

  @Test
  void linksAreBuiltOnlyFromValidatedValues() {
    assertEquals(Optional.of("https://search.sigstore.dev/?logIndex=7"), HistoryLinks.logEntry(
        new PackageHistory.LogEntry("p", 7, "https://rekor.sigstore.dev/api/v1/log/entries?logIndex=7")));
    assertEquals(Optional.empty(), HistoryLinks.logEntry(
        new PackageHistory.LogEntry("p", 7, "https://rekor.sigstore.dev/api/v1/log/entries?logIndex=8")));
    assertEquals(Optional.empty(), HistoryLinks.logEntry(
        new PackageHistory.LogEntry("p", 7, "http://rekor.sigstore.dev/api/v1/log/entries?logIndex=7")));
    assertEquals(Optional.empty(), HistoryLinks.logEntry(
        new PackageHistory.LogEntry("p", 7, "https://user@rekor.sigstore.dev/api/v1/log/entries?logIndex=7")));
    assertEquals(Optional.empty(), HistoryLinks.logEntry(new PackageHistory.LogEntry("p", 7, "")));
    assertEquals(Optional.of("https://rekor.sigstage.dev/api/v1/log/entries?logIndex=9"), HistoryLinks.logEntry(
        new PackageHistory.LogEntry("p", 9, "https://rekor.sigstage.dev/api/v1/log/entries?logIndex=9")));

    assertEquals(Optional.of("https://github.com/a-b/c.d_e/actions/runs/12"),
        HistoryLinks.githubRun("https://github.com/a-b/c.d_e/actions/runs/12"));
    for (String bad : List.of("https://github.com/a/b/actions/runs/12?x=1", "https://github.com/a/b/actions/runs/x",
        "https://github.com.evil/a/b/actions/runs/1", "https://github.com/a/../actions/runs/1",
        "https://github.com/a/b\"onmouseover=x/actions/runs/1", "https://github.com/-a/b/actions/runs/1",
        "javascript:alert(1)//https://github.com/a/b/actions/runs/1")) {
      assertEquals(Optional.empty(), HistoryLinks.githubRun(bad), bad);
    }

    assertEquals(Optional.of("https://www.npmjs.com/package/@s/n/v/1.0.0-rc.1%2Bb"),
        HistoryLinks.npmPage("@s/n", "1.0.0-rc.1+b"));
    assertEquals(Optional.empty(), HistoryLinks.npmPage("@s/n", "1.0"));
    assertEquals(Optional.empty(), HistoryLinks.npmPage("../x", "1.0.0"));
  }

  @Test
  void theErrorPage_escapesItsMessage() {
    String page = HistoryPage.error(ApiError.NO_HISTORY, "<b>\"x\"</b>");
    assertTrue(page.contains("&lt;b&gt;&quot;x&quot;&lt;/b&gt;"));
  }

  private static ApiHandler handler(VerdictService service) {
    return new ApiHandler(service, new JsonLog(new PrintStream(new ByteArrayOutputStream(), true), Clock.systemUTC()));
  }

  static APIGatewayV2HTTPResponse get(ApiHandler handler, String path, String accept) {
    return request(handler, "GET", path, accept);
  }

  private static APIGatewayV2HTTPResponse request(ApiHandler handler, String method, String path, String accept) {
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
        .withRawPath(path)
        .withRawQueryString("")
        .withHeaders(Map.of("accept", accept))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("test")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
            .build())
        .build();
    return handler.handleRequest(event, null);
  }

  private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
    return Json.mapper().readTree(response.getBody());
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> hrefs(String html) {
    Set<String> hrefs = new HashSet<>();
    for (int i = html.indexOf("href=\""); i >= 0; i = html.indexOf("href=\"", i + 1)) {
      hrefs.add(html.substring(i + 6, html.indexOf('"', i + 6)).replace("&amp;", "&"));
    }
    return hrefs;
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start) + start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** A store that is always locked: every read fails as SQLite's would. */
  private static final class BrokenStore implements VerdictStore {
    private static StoreException busy() {
      return new StoreException("verdict store /tmp/x.db: could not read: [SQLITE_BUSY] The database file is locked");
    }

    @Override
    public Optional<StoredVerdict> find(VersionKey key) throws StoreException {
      throw busy();
    }

    @Override
    public List<AnswerChange> record(VersionKey key, Check check) throws StoreException {
      throw busy();
    }

    @Override
    public List<AnswerChange> changes(VersionKey key) throws StoreException {
      throw busy();
    }

    @Override
    public List<StoredVerdict> versions(PackageKey pkg) throws StoreException {
      throw busy();
    }

    @Override
    public Optional<Instant> cursor(PackageKey pkg) throws StoreException {
      throw busy();
    }

    @Override
    public void advanceCursor(PackageKey pkg, Instant coveredUpTo) throws StoreException {
      throw busy();
    }

    @Override
    public void close() {}
  }
}
