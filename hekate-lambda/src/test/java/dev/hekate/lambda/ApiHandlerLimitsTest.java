package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.metrics.MetricsBatch;
import dev.hekate.core.metrics.PublishReport;
import dev.hekate.core.npm.VerdictLifetime;
import dev.hekate.lambda.http.Responses;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.lambda.secrets.SecretUnavailableException;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.NpmAttack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one API process does for many requests: a deadline per request, one verification shared by
 * concurrent requests for a version, decided verdicts kept (ERROR never), and each verdict's
 * metrics recorded once, by the request that reached it.
 */
class ApiHandlerLimitsTest {
  private FakeRegistry registry;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final List<MetricsBatch> published = new CopyOnWriteArrayList<>();
  private final ExecutorService clients = Executors.newCachedThreadPool();

  @BeforeEach
  void start() {
    registry = FakeRegistry.start();
  }

  @AfterEach
  void stop() {
    clients.shutdownNow();
    registry.close();
  }

  private JsonLog log() {
    return new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), Clock.systemUTC());
  }

  private ApiHandler handler(ApiLimits limits) {
    HekateRuntime runtime = HekateRuntime.create(ApiHandlerTest.settings(registry.baseUrl()), limits,
        ApiHandlerTest::fakeTrust, () -> arn -> {
          throw new SecretUnavailableException("no secrets in this test");
        }, log(), Clock.systemUTC());
    return new ApiHandler(runtime, log(), batch -> {
      published.add(batch);
      return new PublishReport(batch.points().size(), 0, batch.events().size(), 0, Optional.empty());
    }, Clock.systemUTC(), limits.deadline());
  }

  private List<JsonNode> requestLines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logBytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        JsonNode node = Json.mapper().readTree(line);
        if (node.path("msg").asText().equals("request")) {
          lines.add(node);
        }
      }
    }
    return lines;
  }

  /** How many verdicts were recorded as metrics ({@code hekate.verification} points). */
  private long verificationsRecorded() {
    return published.stream().flatMap(b -> b.points().stream())
        .filter(p -> p.name().equals("hekate.verification")).count();
  }

  @Test
  void aSlowRegistryAnswers504WithRetryAfterAtTheDeadlineNotAfterTheTimeouts() throws IOException {
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "slow", "1.0.0", BundleGeneration.V03_DSSE);
    registry.setLatency(Duration.ofSeconds(6));
    ApiHandler handler = handler(ApiLimits.defaults().withDeadline(Duration.ofSeconds(1)));

    long start = System.nanoTime();
    APIGatewayV2HTTPResponse response = handler.handleRequest(Events.get("/v1/npm/slow@1.0.0"), null);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertTrue(response.getStatusCode() == 504 || response.getStatusCode() == 502,
        "out of time is ERROR: " + response.getStatusCode() + " " + response.getBody());
    JsonNode verdict = ApiHandlerTest.body(response);
    assertEquals("ERROR", verdict.path("status").asText());
    assertTrue(verdict.path("error").asText().contains("deadline"), verdict.path("error").asText());
    assertEquals(Integer.toString(Responses.RETRY_AFTER_SECONDS), response.getHeaders().get("Retry-After"));
    assertTrue(tookMillis < 4_000, "answered after " + tookMillis + " ms, the registry takes 6 s");
    assertEquals(List.of(), registry.requests().stream().map(r -> r.path()).filter(p -> p.contains("attestations"))
        .toList(), "the packument alone was asked for; nothing more once out of time");
  }

  @Test
  void theDeadlineIsCutToWhatLambdaHasLeft() throws IOException {
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "slow", "1.0.0", BundleGeneration.V03_DSSE);
    registry.setLatency(Duration.ofSeconds(6));
    ApiHandler handler = handler(ApiLimits.defaults());
    long start = System.nanoTime();
    APIGatewayV2HTTPResponse response = handler.handleRequest(Events.get("/v1/npm/slow@1.0.0"),
        new FakeContext(2_000));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals("ERROR", ApiHandlerTest.body(response).path("status").asText());
    assertTrue(tookMillis < 4_000, "2 s left on Lambda, answered after " + tookMillis + " ms");
  }

  /** What the handler reads of Lambda's context: the time left, and a request id. */
  private record FakeContext(int remainingMillis) implements Context {
    @Override
    public String getAwsRequestId() {
      return "lambda-request";
    }

    @Override
    public int getRemainingTimeInMillis() {
      return remainingMillis;
    }

    // The rest of the interface, unused by the handler.
    @Override
    public String getLogGroupName() {
      return "";
    }

    @Override
    public String getLogStreamName() {
      return "";
    }

    @Override
    public String getFunctionName() {
      return "";
    }

    @Override
    public String getFunctionVersion() {
      return "";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 0;
    }

    @Override
    public LambdaLogger getLogger() {
      return null;
    }
  }

  @Test
  void concurrentRequestsForOneVersionShareOneVerificationAndItsMetrics() throws Exception {
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "popular", "2.0.0", BundleGeneration.V03_DSSE);
    registry.setLatency(Duration.ofMillis(300));
    ApiHandler handler = handler(ApiLimits.defaults());

    List<Future<APIGatewayV2HTTPResponse>> responses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      responses.add(clients.submit(() -> handler.handleRequest(Events.get("/v1/npm/popular@2.0.0"), null)));
    }
    for (Future<APIGatewayV2HTTPResponse> response : responses) {
      APIGatewayV2HTTPResponse answer = response.get(60, TimeUnit.SECONDS);
      assertEquals(200, answer.getStatusCode(), answer.getBody());
      assertEquals("VERIFIED", ApiHandlerTest.body(answer).path("status").asText());
      assertEquals(Responses.CACHE_IMMUTABLE, answer.getHeaders().get("Cache-Control"));
    }
    // Packument, attestations and tarball, once each, for forty requests.
    assertEquals(3, registry.requestCount(), registry.requests().toString());
    assertEquals(1, verificationsRecorded(), "one verification, recorded once");
    List<JsonNode> lines = requestLines();
    assertEquals(40, lines.size());
    assertEquals(39, lines.stream().filter(l -> l.path("reused").asBoolean()).count(),
        "every request but the one that verified says its verdict was reused");
  }

  @Test
  void aDecidedVerdictIsKeptAndAnErrorIsNot() throws Exception {
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "kept", "1.0.0", BundleGeneration.V03_DSSE);
    NpmAttack.AttackedPackage failed = NpmAttack.TAMPERED_TARBALL.publish(registry, ApiHandlerTest.SIGSTORE, "bad");
    ApiHandler handler = handler(ApiLimits.defaults());

    handler.handleRequest(Events.get("/v1/npm/kept@1.0.0"), null);
    String failedPath = "/v1/npm/" + failed.name() + "@" + failed.version();
    handler.handleRequest(Events.get(failedPath), null);
    int afterFirst = registry.requestCount();
    APIGatewayV2HTTPResponse again = handler.handleRequest(Events.get("/v1/npm/kept@1.0.0"), null);
    APIGatewayV2HTTPResponse failedAgain = handler.handleRequest(Events.get(failedPath), null);
    assertEquals("VERIFIED", ApiHandlerTest.body(again).path("status").asText());
    assertEquals("FAILED", ApiHandlerTest.body(failedAgain).path("status").asText());
    assertEquals(afterFirst, registry.requestCount(), "VERIFIED and FAILED of a version are answered from the cache");
    assertEquals(2, verificationsRecorded());

    // The registry fails: ERROR, and the next request asks again.
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "flaky", "1.0.0", BundleGeneration.V03_DSSE);
    registry.setDown(true);
    APIGatewayV2HTTPResponse error = handler.handleRequest(Events.get("/v1/npm/flaky@1.0.0"), null);
    assertEquals(502, error.getStatusCode());
    int afterError = registry.requestCount();
    registry.setDown(false);
    APIGatewayV2HTTPResponse recovered = handler.handleRequest(Events.get("/v1/npm/flaky@1.0.0"), null);
    assertTrue(registry.requestCount() > afterError, "an ERROR is never kept");
    assertEquals("VERIFIED", ApiHandlerTest.body(recovered).path("status").asText(), recovered.getBody());
  }

  @Test
  void aCacheOfSizeZeroKeepsNothing() throws Exception {
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "uncached", "1.0.0", BundleGeneration.V03_DSSE);
    ApiHandler handler = handler(ApiLimits.defaults().withVerdictCacheSize(0));
    handler.handleRequest(Events.get("/v1/npm/uncached@1.0.0"), null);
    int afterFirst = registry.requestCount();
    handler.handleRequest(Events.get("/v1/npm/uncached@1.0.0"), null);
    assertEquals(2 * afterFirst, registry.requestCount());
    assertEquals(2, verificationsRecorded());
  }

  @Test
  void cacheControlMaxAgesAreTheVerdictLifetimes() {
    assertTrue(Responses.CACHE_IMMUTABLE.contains("max-age=" + VerdictLifetime.SETTLED.duration().toSeconds() + ","));
    assertTrue(Responses.CACHE_SHORT.endsWith("max-age=" + VerdictLifetime.SHORT.duration().toSeconds()));
  }

  @Test
  void limitsFromTheEnvironmentAreCheckedAndNamed() {
    ApiLimits limits = ApiLimits.fromEnvironment(Map.of(ApiLimits.DEADLINE, "12", ApiLimits.VERDICT_CACHE_SIZE, "0"));
    assertEquals(Duration.ofSeconds(12), limits.deadline());
    assertEquals(0, limits.verdictCacheSize());
    assertEquals(ApiLimits.defaults(), ApiLimits.fromEnvironment(Map.of(ApiLimits.DEADLINE, " ")));
    for (String bad : List.of("0", "29", "-1", "1e3", "twelve", "99999999999")) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> ApiLimits.fromEnvironment(Map.of(ApiLimits.DEADLINE, bad)), bad);
      assertTrue(e.getMessage().startsWith(ApiLimits.DEADLINE), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> ApiLimits.fromEnvironment(Map.of(ApiLimits.VERDICT_CACHE_SIZE, "100001")));
    assertFalse(ApiLimits.defaults().deadline().compareTo(Duration.ofSeconds(ApiLimits.MAX_DEADLINE_SECONDS)) > 0);
  }
}
