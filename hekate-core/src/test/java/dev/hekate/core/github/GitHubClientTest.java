package dev.hekate.core.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.hekate.core.github.GitHubFixtures.OWNER;
import static dev.hekate.core.github.GitHubFixtures.REPO;
import static dev.hekate.core.github.GitHubFixtures.RUN_ID;
import static dev.hekate.core.http.Loopback.assertBetween;
import static dev.hekate.core.http.Loopback.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hekate.core.http.HttpPolicy;
import dev.hekate.core.http.Loopback;
import dev.hekate.core.json.Limits;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The GitHub client against WireMock on loopback. Nothing here reaches the network. */
class GitHubClientTest {
  private static final String RUN_PATH = "/repos/sigstore/sigstore-js/actions/runs/4757060009";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @RegisterExtension
  static final WireMockExtension github = Loopback.server();

  /** Another origin: the client must never send it anything. */
  @RegisterExtension
  static final WireMockExtension elsewhere = Loopback.server();

  @RegisterExtension
  static final WireMockExtension plain = Loopback.uncompressedServer();

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private GitHubConfig config() {
    return GitHubConfig.defaults()
        .withBaseUrl(URI.create(github.baseUrl()))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10))
        .withSleeper(sleeps::add)
        .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private RunLookup lookup() {
    return lookup(config());
  }

  private static RunLookup lookup(GitHubConfig config) {
    return GitHubClient.create(config).workflowRun(OWNER, REPO, RUN_ID);
  }

  private static void serve(ResponseDefinitionBuilder response) {
    github.stubFor(get(urlEqualTo(RUN_PATH)).willReturn(response));
  }

  /** {@code first}, then {@code second}, then {@code third} for every later request. */
  private static void serveInTurn(ResponseDefinitionBuilder first, ResponseDefinitionBuilder second,
      ResponseDefinitionBuilder third) {
    github.stubFor(get(urlEqualTo(RUN_PATH)).inScenario("turns").whenScenarioStateIs(STARTED)
        .willReturn(first).willSetStateTo("second"));
    github.stubFor(get(urlEqualTo(RUN_PATH)).inScenario("turns").whenScenarioStateIs("second")
        .willReturn(second).willSetStateTo("third"));
    github.stubFor(get(urlEqualTo(RUN_PATH)).inScenario("turns").whenScenarioStateIs("third")
        .willReturn(third));
  }

  private static ResponseDefinitionBuilder runJson(ObjectNode run) {
    return okJson(GitHubFixtures.json(run));
  }

  private static ResponseDefinitionBuilder theRun() {
    return runJson(GitHubFixtures.run());
  }

  private static ResponseDefinitionBuilder status(int status) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Server Error\"}");
  }

  private static RunLookup.Unavailable assertUnavailable(int status, RunLookup lookup) {
    RunLookup.Unavailable unavailable = assertInstanceOf(RunLookup.Unavailable.class, lookup);
    assertEquals(status, unavailable.httpStatus(), unavailable.reason());
    return unavailable;
  }

  // ---------------------------------------------------------------------------------------------
  // Answers.

  @Test
  void foundWithEveryFieldParsed() {
    serve(theRun());
    assertEquals(new RunLookup.Found(GitHubFixtures.workflowRun()), lookup());
    github.verify(1, getRequestedFor(urlEqualTo(RUN_PATH))
        .withHeader("Accept", equalTo("application/vnd.github+json"))
        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
        .withHeader("User-Agent", equalTo("hekate"))
        .withoutHeader("Authorization"));
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void aRunInProgressHasAnEmptyConclusionAndItsLatestAttempt() {
    ObjectNode run = GitHubFixtures.run();
    run.put("status", "in_progress").putNull("conclusion");
    run.put("run_attempt", 3);
    WorkflowRun found = assertInstanceOf(RunLookup.Found.class, lookup(run)).run();
    assertEquals("in_progress", found.status());
    assertEquals("", found.conclusion());
    assertEquals(3, found.runAttempt());
  }

  private RunLookup lookup(ObjectNode run) {
    serve(runJson(run));
    return lookup();
  }

  @Test
  void notFoundIsNotFound() {
    serve(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}"));
    assertInstanceOf(RunLookup.NotFound.class, lookup());
    assertEquals(1, requests(github));
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void theTokenIsSentOnlyWhenConfigured() {
    serve(theRun());
    GitHubConfig withToken = config().withToken(Optional.of("ghp_s3cr3tT0ken"));
    assertInstanceOf(RunLookup.Found.class, lookup(withToken));
    github.verify(1, getRequestedFor(urlEqualTo(RUN_PATH)).withHeader("Authorization", equalTo("Bearer ghp_s3cr3tT0ken")));
    assertFalse(withToken.toString().contains("s3cr3t"));

    github.resetRequests();
    lookup(withToken.withToken(Optional.empty()));
    lookup(config().withToken(Optional.of("")));
    github.verify(2, getRequestedFor(urlEqualTo(RUN_PATH)).withoutHeader("Authorization"));
  }

  @Test
  void theTokenIsNeverInAReason() {
    serve(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}"));
    RunLookup.Unavailable unavailable = assertUnavailable(401, lookup(config().withToken(Optional.of("ghp_s3cr3tT0ken"))));
    assertFalse(unavailable.reason().contains("s3cr3t"));
  }

  @Test
  void anEnterpriseServerKeepsItsApiPath() {
    github.stubFor(get(urlEqualTo("/api/v3" + RUN_PATH)).willReturn(theRun()));
    GitHubConfig enterprise = config().withBaseUrl(URI.create(github.baseUrl() + "/api/v3"));
    assertInstanceOf(RunLookup.Found.class, lookup(enterprise));
    github.verify(1, getRequestedFor(urlEqualTo("/api/v3" + RUN_PATH)));
  }

  // ---------------------------------------------------------------------------------------------
  // Retries and rate limits.

  @Test
  void twoServerErrorsThenTheRun() {
    serveInTurn(status(500), status(500), theRun());
    assertInstanceOf(RunLookup.Found.class, lookup());
    assertEquals(3, requests(github));
    // Exponential backoff with jitter: retry n waits between half and all of 250 ms * 2^(n-1).
    assertEquals(2, sleeps.size());
    assertBetween(Duration.ofMillis(125), Duration.ofMillis(250), sleeps.get(0));
    assertBetween(Duration.ofMillis(250), Duration.ofMillis(500), sleeps.get(1));
  }

  @Test
  void serverErrorsForeverAreUnavailableAfterTheLastAttempt() {
    serve(status(500));
    assertUnavailable(500, lookup());
    assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS, requests(github));
    assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS - 1, sleeps.size());

    github.resetRequests();
    assertUnavailable(500, lookup(config().withMaxAttempts(1)));
    assertEquals(1, requests(github));
  }

  @Test
  void aSpentRateLimitIsUnavailableWithoutRetrying() {
    serve(aResponse().withStatus(403)
        .withHeader("x-ratelimit-limit", "60")
        .withHeader("x-ratelimit-remaining", "0")
        .withHeader("x-ratelimit-reset", Long.toString(NOW.plusSeconds(3600).getEpochSecond()))
        .withBody("{\"message\":\"API rate limit exceeded for 192.0.2.1.\"}"));
    assertUnavailable(403, lookup());
    assertEquals(1, requests(github));
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void aSecondaryRateLimitWithoutRetryAfterIsUnavailableAtOnce() {
    serve(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "4321")
        .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}"));
    assertUnavailable(403, lookup());
    assertEquals(1, requests(github));
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void aRateLimitThatResetsSoonIsWaitedFor() {
    serveInTurn(aResponse().withStatus(403)
            .withHeader("x-ratelimit-remaining", "0")
            .withHeader("x-ratelimit-reset", Long.toString(NOW.plusSeconds(3).getEpochSecond())),
        theRun(), theRun());
    assertInstanceOf(RunLookup.Found.class, lookup());
    assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
  }

  @Test
  void aForbiddenThatIsNotARateLimitIsNotRetried() {
    serve(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "4999")
        .withBody("{\"message\":\"Resource not accessible by integration\"}"));
    assertUnavailable(403, lookup());
    assertEquals(1, requests(github));
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void unauthorizedIsUnavailableAndNotRetried() {
    serve(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}"));
    assertUnavailable(401, lookup());
    assertEquals(1, requests(github));
  }

  @Test
  void tooManyRequestsWithAShortRetryAfterIsRetried() {
    serveInTurn(aResponse().withStatus(429).withHeader("Retry-After", "2"), theRun(), theRun());
    assertInstanceOf(RunLookup.Found.class, lookup());
    assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
  }

  @Test
  void tooManyRequestsForeverIsBounded() {
    serve(aResponse().withStatus(429).withHeader("Retry-After", "2"));
    assertUnavailable(429, lookup());
    assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS, requests(github));
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), sleeps);
  }

  @Test
  void retryAfterAsAnHttpDateIsReadWithTheInjectedClock() {
    String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(5).atOffset(ZoneOffset.UTC));
    serveInTurn(aResponse().withStatus(429).withHeader("Retry-After", inFiveSeconds), theRun(), theRun());
    assertInstanceOf(RunLookup.Found.class, lookup());
    assertEquals(List.of(Duration.ofSeconds(5)), sleeps);
  }

  @Test
  void aWaitLongerThanTheCapIsNeverSlept() {
    serve(aResponse().withStatus(429).withHeader("Retry-After", "120"));
    assertUnavailable(429, lookup());
    serve(aResponse().withStatus(503).withHeader("Retry-After", "3600"));
    assertUnavailable(503, lookup());
    assertEquals(2, requests(github));
    assertTrue(sleeps.isEmpty());

    // The cap is configurable, within bounds.
    serve(aResponse().withStatus(429).withHeader("Retry-After", "30"));
    GitHubConfig patient = config().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertUnavailable(429, lookup(patient));
    assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30)), sleeps);
  }

  @Test
  void aRateLimitWithoutAnyHintIsUnavailableAtOnce() {
    serve(aResponse().withStatus(429));
    assertUnavailable(429, lookup());
    assertEquals(1, requests(github));
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void anInterruptedWaitEndsTheLookup() {
    serve(status(502));
    GitHubConfig interrupting = config().withSleeper(d -> {
      throw new InterruptedException();
    });
    try {
      assertUnavailable(502, lookup(interrupting));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertEquals(1, requests(github));
  }

  // ---------------------------------------------------------------------------------------------
  // The network.

  @Test
  void aRefusedConnectionIsUnavailable() throws Exception {
    GitHubConfig nowhere = config().withBaseUrl(Loopback.refusingUrl());
    assertUnavailable(0, lookup(nowhere));
    assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS - 1, sleeps.size());
  }

  @Test
  void aTimeoutIsUnavailable() {
    serve(theRun().withFixedDelay(3_000));
    GitHubConfig impatient = config()
        .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(5))
        .withMaxAttempts(2);
    assertUnavailable(0, lookup(impatient));
    assertEquals(2, requests(github));
  }

  @Test
  void aRenamedRepositoryIsFollowedOnTheSameOrigin() {
    String moved = "/repositories/495574555/actions/runs/4757060009";
    serve(aResponse().withStatus(301).withHeader("Location", github.baseUrl() + moved));
    github.stubFor(get(urlEqualTo(moved)).willReturn(theRun()));
    assertInstanceOf(RunLookup.Found.class, lookup(config().withToken(Optional.of("ghp_t0ken"))));
    github.verify(1, getRequestedFor(urlEqualTo(moved)).withHeader("Authorization", equalTo("Bearer ghp_t0ken")));
  }

  @Test
  void aRedirectToAnotherOriginIsRefused() {
    serve(aResponse().withStatus(302).withHeader("Location", elsewhere.baseUrl() + RUN_PATH));
    elsewhere.stubFor(get(urlEqualTo(RUN_PATH)).willReturn(theRun()));
    assertUnavailable(302, lookup(config().withToken(Optional.of("ghp_t0ken"))));
    assertEquals(0, requests(elsewhere));
  }

  @Test
  void aRedirectLoopIsCutShort() {
    serve(aResponse().withStatus(301).withHeader("Location", RUN_PATH));
    assertUnavailable(301, lookup());
    assertEquals(1 + Limits.MAX_REDIRECTS, requests(github));
  }

  @Test
  void constructionOpensNoConnection() throws Exception {
    Loopback.assertOpensNoConnection(url -> GitHubClient.create(config().withBaseUrl(url)));
  }

  // ---------------------------------------------------------------------------------------------
  // Unusable answers.

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("truncated_fail", "{\"id\":4757060009,\"head_sha\":"),
        Arguments.of("html_fail", "<html><body>Unicorn!</body></html>"),
        Arguments.of("array_fail", "[]"),
        Arguments.of("empty_fail", ""),
        Arguments.of("duplicate_key_fail", "{\"id\":4757060009,\"id\":1}"),
        Arguments.of("trailing_content_fail", GitHubFixtures.json(GitHubFixtures.run()) + " {}"),
        edit("head_sha_number_fail", r -> r.put("head_sha", 12345)),
        edit("head_sha_missing_fail", r -> r.remove("head_sha")),
        edit("path_empty_fail", r -> r.put("path", "")),
        edit("run_attempt_missing_fail", r -> r.remove("run_attempt")),
        edit("run_attempt_zero_fail", r -> r.put("run_attempt", 0)),
        edit("run_attempt_string_fail", r -> r.put("run_attempt", "1")),
        edit("run_attempt_too_big_fail", r -> r.put("run_attempt", 1L << 40)),
        edit("id_string_fail", r -> r.put("id", Long.toString(RUN_ID))),
        edit("id_other_run_fail", r -> r.put("id", RUN_ID + 1)),
        edit("event_null_fail", r -> r.putNull("event")),
        edit("status_missing_fail", r -> r.remove("status")),
        edit("conclusion_number_fail", r -> r.put("conclusion", 0)),
        edit("html_url_missing_fail", r -> r.remove("html_url")),
        edit("repository_missing_fail", r -> r.remove("repository")),
        edit("repository_string_fail", r -> r.put("repository", "sigstore/sigstore-js")),
        edit("repository_full_name_missing_fail", r -> ((ObjectNode) r.get("repository")).remove("full_name")),
        Arguments.of("too_deep_fail", "{\"junk\":" + "[".repeat(200) + "]".repeat(200) + "}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void anUnusableAnswerIsUnavailableAndNotRetried(String name, String body) {
    serve(okJson(body));
    assertUnavailable(200, lookup());
    assertEquals(1, requests(github));
    assertTrue(sleeps.isEmpty());
  }

  private static Arguments edit(String name, Consumer<ObjectNode> change) {
    ObjectNode run = GitHubFixtures.run();
    change.accept(run);
    return Arguments.of(name, GitHubFixtures.json(run));
  }

  @Test
  void anOversizedAnswerIsRefusedUnread() {
    plain.stubFor(get(urlEqualTo(RUN_PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(new byte[64 * 1024])));
    GitHubConfig small = config().withBaseUrl(URI.create(plain.baseUrl())).withMaxResponseBytes(1024);
    assertUnavailable(200, lookup(small));
    assertEquals(1, requests(plain));
  }

  @Test
  void anOversizedStreamedAnswerIsAbandonedAtTheCap() {
    // 2 MiB, chunked without a Content-Length and dribbled out over 20 s: reading it whole takes 20 s.
    byte[] big = new byte[2 << 20];
    Arrays.fill(big, (byte) ' ');
    plain.stubFor(get(urlEqualTo(RUN_PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(big).withChunkedDribbleDelay(200, 20_000)));
    GitHubConfig small = config().withBaseUrl(URI.create(plain.baseUrl()))
        .withMaxResponseBytes(16 * 1024)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30));
    long start = System.nanoTime();
    assertUnavailable(200, lookup(small));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
  }

  @Test
  void theDefaultCapIsOneMebibyte() {
    byte[] big = new byte[(1 << 20) + 1];
    Arrays.fill(big, (byte) ' ');
    serve(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(big));
    assertUnavailable(200, lookup());
  }

  // ---------------------------------------------------------------------------------------------
  // Names.

  @ParameterizedTest
  @ValueSource(strings = {"", "..", ".", "a/b", "a%2fb", "%2e%2e", "under_score", "dot.ted", "sp ace",
      "re\u0430ct", "a\nb", "o?x=1", "o#x", "0123456789012345678901234567890123456789"})
  void anInvalidOwnerIsRefusedBeforeAnyRequest(String owner) {
    GitHubClient client = GitHubClient.create(config());
    assertThrows(IllegalArgumentException.class, () -> client.workflowRun(owner, REPO, RUN_ID));
    assertEquals(0, requests(github));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "..%2f..", "%2e%2e", "sp ace", "re\u0430ct", "x\u0000",
      "r?x=1", "r#x", "a~b"})
  void anInvalidRepositoryIsRefusedBeforeAnyRequest(String repo) {
    GitHubClient client = GitHubClient.create(config());
    assertThrows(IllegalArgumentException.class, () -> client.workflowRun(OWNER, repo, RUN_ID));
    assertEquals(0, requests(github));
  }

  @Test
  void aTooLongRepositoryOrANonPositiveRunIdIsRefusedBeforeAnyRequest() {
    GitHubClient client = GitHubClient.create(config());
    assertThrows(IllegalArgumentException.class, () -> client.workflowRun(OWNER, "r".repeat(101), RUN_ID));
    assertThrows(IllegalArgumentException.class, () -> client.workflowRun(OWNER, REPO, 0));
    assertThrows(IllegalArgumentException.class, () -> client.workflowRun(OWNER, REPO, -4757060009L));
    assertThrows(NullPointerException.class, () -> client.workflowRun(null, REPO, RUN_ID));
    assertEquals(0, requests(github));
  }

  @Test
  void namesAtTheEdgesOfTheRulesAreAccepted() {
    String owner = "a-" + "b".repeat(37);
    String repo = "..." + "r".repeat(97);
    String path = "/repos/" + owner + "/" + repo + "/actions/runs/1";
    ObjectNode run = GitHubFixtures.run();
    run.put("id", 1);
    github.stubFor(get(urlEqualTo(path)).willReturn(runJson(run)));
    assertInstanceOf(RunLookup.Found.class, GitHubClient.create(config()).workflowRun(owner, repo, 1));
    github.stubFor(get(urlEqualTo("/repos/o/.github/actions/runs/1")).willReturn(runJson(run)));
    assertInstanceOf(RunLookup.Found.class, GitHubClient.create(config()).workflowRun("o", ".github", 1));
    assertTrue(GitHubClient.isValidRepo("a.b_c-D9"));
    assertFalse(GitHubClient.isValidOwner(null));
  }
}
