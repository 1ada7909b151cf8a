package dev.hekate.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.hekate.core.json.Json;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.lambda.secrets.SecretUnavailableException;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.NpmAttack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's metrics and events, through the real Datadog client ({@link DatadogWiring#forApi},
 * configured as on Lambda from environment variables) against a Datadog stub (WireMock): one
 * request, one flush, whose points and events match the verdict the caller got.
 */
class ApiHandlerMetricsTest {
  private static final String SERIES = DatadogStub.SERIES;
  private static final String EVENTS = DatadogStub.EVENTS;

  @RegisterExtension
  static final WireMockExtension datadog = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private FakeRegistry registry;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream logOut = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void start() {
    registry = FakeRegistry.start();
    datadog.resetAll();
    datadog.stubFor(post(urlEqualTo(SERIES)).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"errors\":[]}")));
    datadog.stubFor(post(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"status\":\"ok\",\"event\":{\"id\":1}}")));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private ApiHandler handler(String datadogUrl) {
    JsonLog log = new JsonLog(logOut, Clock.systemUTC());
    HekateRuntime runtime = HekateRuntime.create(ApiHandlerTest.settings(registry.baseUrl()), ApiHandlerTest::fakeTrust,
        () -> arn -> {
          throw new SecretUnavailableException("no secrets in this test");
        }, log, Clock.systemUTC());
    Map<String, String> env = Map.of("HEKATE_DATADOG_URL", datadogUrl, "DD_API_KEY", "test-api-key");
    return new ApiHandler(runtime, log, DatadogWiring.forApi(env, logOut), Clock.systemUTC());
  }

  private static APIGatewayV2HTTPResponse get(ApiHandler handler, String target) {
    return handler.handleRequest(Events.get(target), null);
  }

  private static List<String> delivered() throws IOException {
    return DatadogStub.series(datadog);
  }

  private static List<JsonNode> deliveredEvents() throws IOException {
    return DatadogStub.events(datadog);
  }

  private List<JsonNode> logLines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logBytes.toString(StandardCharsets.UTF_8).lines().toList()) {
      lines.add(Json.mapper().readTree(line));
    }
    return lines;
  }

  @Test
  void aVerifiedVersion_onePointWithItsTags_noEvent() throws Exception {
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "honest-api", "1.0.0", BundleGeneration.V03_DSSE);
    APIGatewayV2HTTPResponse response = get(handler(datadog.baseUrl()), "/v1/npm/honest-api@1.0.0");

    assertEquals(200, response.getStatusCode());
    assertEquals("VERIFIED", ApiHandlerTest.body(response).path("status").asText());
    List<String> series = delivered();
    assertEquals(1, series.size(), series::toString);
    assertTrue(series.get(0).startsWith("hekate.verification [builder:"), series::toString);
    assertTrue(series.get(0).endsWith("ecosystem:npm, package:honest-api, status:verified] = 1.0"), series::toString);
    assertTrue(deliveredEvents().isEmpty());
  }

  @Test
  void aFailedVersion_isCountedWithItsFirstFailingCheck_andAnEventCarriesTheEvidence() throws Exception {
    NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, ApiHandlerTest.SIGSTORE, "victim-api");
    APIGatewayV2HTTPResponse response = get(handler(datadog.baseUrl()), "/v1/npm/victim-api");

    JsonNode verdict = ApiHandlerTest.body(response);
    assertEquals("FAILED", verdict.path("status").asText());
    String check = firstFailed(verdict);
    assertFalse(check.isEmpty(), verdict::toString);
    List<String> series = delivered();
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.verification ") && s.contains("check:" + check + ",")
        && s.contains("package:victim-api") && s.contains("status:failed") && s.endsWith("= 1.0")), series::toString);
    List<JsonNode> events = deliveredEvents();
    assertEquals(1, events.size(), events::toString);
    assertTrue(events.get(0).path("title").asText().contains("victim-api"));
    assertTrue(events.get(0).path("title").asText().contains("FAILED"));
    assertTrue(events.get(0).path("text").asText().contains(check), events.get(0)::toString);
  }

  private static String firstFailed(JsonNode verdict) {
    for (JsonNode check : verdict.path("checks")) {
      if (check.path("outcome").asText().equals("FAILED")) {
        return check.path("id").asText();
      }
    }
    return "";
  }

  @Test
  void aRegression_isCountedAndAnnounced() throws Exception {
    NpmAttack.LATER_VERSION_WITHOUT_PROVENANCE.publish(registry, ApiHandlerTest.SIGSTORE, "dropped-api");
    APIGatewayV2HTTPResponse response = get(handler(datadog.baseUrl()), "/v1/npm/dropped-api");

    JsonNode verdict = ApiHandlerTest.body(response);
    assertEquals("MISSING", verdict.path("status").asText());
    assertTrue(verdict.path("regression").asBoolean());
    List<String> series = delivered();
    assertTrue(series.contains("hekate.provenance.regression [ecosystem:npm, package:dropped-api] = 1.0"), series::toString);
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.verification ") && s.contains("status:missing")),
        series::toString);
    assertTrue(deliveredEvents().stream().anyMatch(e -> e.path("title").asText().contains("dropped-api")));
  }

  @Test
  void anUnreadableRegistry_isAnErrorVerdictAndARegistryError() throws Exception {
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "down-api", "1.0.0", BundleGeneration.V02_INTOTO_PROOF);
    registry.setStatus("down-api", 503);
    APIGatewayV2HTTPResponse response = get(handler(datadog.baseUrl()), "/v1/npm/down-api@1.0.0");

    assertEquals(502, response.getStatusCode());
    List<String> series = delivered();
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.verification ") && s.contains("package:down-api")
        && s.contains("status:error")), series::toString);
    assertTrue(series.contains("hekate.registry.error [endpoint:packument, http_status:503] = 1.0"), series::toString);
  }

  @Test
  void refusedRequestsAndUnknownPackages_recordNothing() throws Exception {
    ApiHandler handler = handler(datadog.baseUrl());
    assertEquals(400, get(handler, "/v1/npm/..%2fetc@1.0.0").getStatusCode());
    assertEquals(404, get(handler, "/v1/npm/no-such-package@1.0.0").getStatusCode());
    assertEquals(200, get(handler, "/v1/health").getStatusCode());
    assertTrue(datadog.getAllServeEvents().isEmpty(), "nothing sent to Datadog");
  }

  @Test
  void datadogFailingOnce_losesNothing() throws Exception {
    datadog.resetAll();
    datadog.stubFor(post(urlEqualTo(SERIES)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
    datadog.stubFor(post(urlEqualTo(SERIES)).inScenario("flaky").whenScenarioStateIs("recovered")
        .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{\"errors\":[]}")));
    GeneratedNpm.publishVerified(registry, ApiHandlerTest.SIGSTORE, "flaky-api", "1.0.0", BundleGeneration.V03_DSSE);
    assertEquals(200, get(handler(datadog.baseUrl()), "/v1/npm/flaky-api@1.0.0").getStatusCode());

    assertEquals(1, delivered().size(), "the retry delivered the point");
    assertFalse(logLines().stream().anyMatch(l -> l.path("msg").asText().equals("metric.unsent")));
  }

  @Test
  void datadogDown_theCallerStillGetsTheVerdict_andThePointsAreInTheLog() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, ApiHandlerTest.SIGSTORE, "victim-down");
    APIGatewayV2HTTPResponse response = get(handler("http://127.0.0.1:" + closedPort + "/"), "/v1/npm/victim-down");

    assertEquals(200, response.getStatusCode());
    assertEquals("FAILED", ApiHandlerTest.body(response).path("status").asText());
    List<JsonNode> lines = logLines();
    assertTrue(lines.stream().anyMatch(l -> l.path("msg").asText().equals("metric.unsent")
        && l.path("metric").asText().equals("hekate.verification")
        && l.path("tags").toString().contains("package:victim-down")), lines::toString);
    assertTrue(lines.stream().anyMatch(l -> l.path("msg").asText().equals("event.unsent")
        && l.path("title").asText().contains("victim-down")), lines::toString);
    assertTrue(lines.stream().anyMatch(l -> l.path("msg").asText().equals("metrics.incomplete")), lines::toString);
  }
}
