package dev.hekate.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hekate.core.json.Json;
import dev.hekate.core.metrics.AlertEvent;
import dev.hekate.core.metrics.MetricPoint;
import dev.hekate.core.metrics.MetricType;
import dev.hekate.core.metrics.MetricsBatch;
import dev.hekate.core.metrics.MetricsLog;
import dev.hekate.core.metrics.PublishReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Datadog publisher against WireMock on loopback: what it sends, how it retries, what it logs. */
class DatadogPublisherTest {
  private static final String SERIES = "/api/v2/series";
  private static final String EVENTS = "/api/v1/events";
  private static final Instant NOW = Instant.now();
  private static final String ACCEPTED = "{\"errors\":[]}";
  private static final String EVENT_OK = "{\"status\":\"ok\",\"event\":{\"id\":1}}";

  @RegisterExtension
  static final WireMockExtension datadog = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  /** Datadog's answer to a taken request: 202 with a JSON body. */
  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted(String json) {
    return aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody(json);
  }

  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  @BeforeEach
  void reset() {
    datadog.resetAll();
    waits.clear();
  }

  private DatadogPublisher publisher(URI base, int seriesPerRequest) {
    DatadogSettings settings = DatadogSettings.defaults().withBaseUrl(base).withSeriesPerRequest(seriesPerRequest)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    return new DatadogPublisher(DatadogApi.create(settings, waits::add), KeySource.of("test-api-key"),
        new MetricsLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), Clock.systemUTC()));
  }

  private DatadogPublisher publisher() {
    return publisher(URI.create(datadog.baseUrl()), 500);
  }

  private static MetricsBatch batch(int points, int events) {
    List<MetricPoint> list = IntStream.range(0, points).mapToObj(i -> new MetricPoint("hekate.verification",
        MetricType.COUNT, i + 1, NOW, List.of("status:verified", "package:p" + i, "ecosystem:npm"))).toList();
    List<AlertEvent> alerts = IntStream.range(0, events).mapToObj(i -> new AlertEvent("Hekate: p" + i + "@1.0.0 FAILED",
        "**evidence** " + i, AlertEvent.Level.ERROR, "hekate:npm:p" + i + "@1.0.0", NOW,
        List.of("source:hekate", "package:p" + i))).toList();
    return new MetricsBatch(list, alerts, 0);
  }

  /** package tag → value, over every series request WireMock answered with 202. */
  private static Map<String, Double> delivered() throws IOException {
    Map<String, Double> out = new java.util.TreeMap<>();
    for (var event : datadog.getAllServeEvents()) {
      if (event.getRequest().getUrl().equals(SERIES) && event.getResponse().getStatus() == 202) {
        for (JsonNode s : Json.mapper().readTree(event.getRequest().getBodyAsString()).path("series")) {
          String pkg = "";
          for (JsonNode t : s.path("tags")) {
            if (t.asText().startsWith("package:")) {
              pkg = t.asText();
            }
          }
          out.merge(pkg, s.path("points").get(0).path("value").asDouble(), Double::sum);
        }
      }
    }
    return out;
  }

  private static Map<String, Double> expected(int points) {
    Map<String, Double> out = new java.util.TreeMap<>();
    IntStream.range(0, points).forEach(i -> out.put("package:p" + i, i + 1.0));
    return out;
  }

  private List<JsonNode> logLines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logBytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.mapper().readTree(line));
      }
    }
    return lines;
  }

  @Test
  void seriesAndEventsAreSentInDatadogsFormWithTheKey() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(accepted(ACCEPTED)));
    datadog.stubFor(post(EVENTS).willReturn(accepted(EVENT_OK)));
    MetricsBatch batch = new MetricsBatch(List.of(
        new MetricPoint("hekate.verification", MetricType.COUNT, 3, NOW, List.of("status:failed", "check:npm.integrity")),
        new MetricPoint("hekate.sweep.duration", MetricType.GAUGE, 41.5, NOW, List.of("ecosystem:npm"))),
        batch(0, 1).events(), 0);
    PublishReport report = publisher().publish(batch);
    assertEquals(new PublishReport(2, 0, 1, 0, Optional.empty()), report);

    LoggedRequest series = datadog.findAll(postRequestedFor(urlEqualTo(SERIES))).get(0);
    assertEquals("test-api-key", series.getHeader("DD-API-KEY"));
    JsonNode body = Json.mapper().readTree(series.getBodyAsString());
    JsonNode count = body.path("series").get(0);
    assertEquals("hekate.verification", count.path("metric").asText());
    assertEquals(1, count.path("type").asInt(), "count is intake type 1");
    assertEquals(3.0, count.at("/points/0/value").asDouble());
    assertEquals(NOW.getEpochSecond(), count.at("/points/0/timestamp").asLong());
    assertEquals("[\"check:npm.integrity\",\"status:failed\"]", count.path("tags").toString());
    assertEquals(3, body.path("series").get(1).path("type").asInt(), "gauge is intake type 3");

    JsonNode event = Json.mapper().readTree(datadog.findAll(postRequestedFor(urlEqualTo(EVENTS))).get(0).getBodyAsString());
    assertEquals("Hekate: p0@1.0.0 FAILED", event.path("title").asText());
    assertEquals("error", event.path("alert_type").asText());
    assertEquals("hekate:npm:p0@1.0.0", event.path("aggregation_key").asText());
    assertTrue(event.path("text").asText().startsWith("%%%") && event.path("text").asText().contains("**evidence** 0"));
    assertTrue(event.path("tags").toString().contains("source:hekate"));
    assertTrue(logLines().isEmpty());
  }

  /**
   * Issue 16's Markdown attack, through the real client to the stub: a FAILED verdict whose
   * finding and provenance values carry a backtick, a blank line and a {@code %%%}-wrapped
   * phishing link. The posted text has exactly the publisher's own {@code %%%} pair, and no link
   * outside code but the package page.
   */
  @Test
  void aHostileVerdictsEventReachesDatadogWithoutAForeignLink() throws Exception {
    datadog.stubFor(post(EVENTS).willReturn(accepted(EVENT_OK)));
    String phish = "`\n\n%%%\n**[APPROVED by security - click to close](https://evil.example/phish)**\n%%%";
    dev.hekate.core.npm.VerdictCheck bad = new dev.hekate.core.npm.VerdictCheck(dev.hekate.core.npm.VerdictCheck.PACKAGE,
        dev.hekate.core.result.CheckResult.failed(dev.hekate.core.result.VerificationException.mismatch(
            dev.hekate.core.result.CheckId.NPM_INTEGRITY, "detail" + phish, "sha512-AAA" + phish, "sha512-BBB")));
    dev.hekate.core.npm.Verdict verdict = new dev.hekate.core.npm.Verdict("victim", "1.0.0",
        dev.hekate.core.npm.Status.FAILED, false, List.of(bad), List.of(dev.hekate.core.npm.Finding.of(
            dev.hekate.core.npm.FindingType.REPOSITORY_MISMATCH, "repository" + phish, "a" + phish, "b")),
        dev.hekate.core.npm.Evidence.none(), Optional.empty(), Optional.empty());
    AlertEvent hostile = dev.hekate.core.metrics.VerdictEvents.failed(verdict, NOW);

    PublishReport report = publisher().publish(new MetricsBatch(List.of(), List.of(hostile), 0));

    assertEquals(1, report.eventsSent(), report.toString());
    String text = Json.mapper().readTree(datadog.findAll(postRequestedFor(urlEqualTo(EVENTS))).get(0)
        .getBodyAsString()).path("text").asText();
    assertEquals(2, text.split("%%%", -1).length - 1, "only the publisher's own pair: " + text);
    String rendered = text.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
    assertFalse(rendered.contains("evil.example"), rendered);
    assertTrue(rendered.contains("[npm](https://www.npmjs.com/package/victim/v/1.0.0)"), rendered);
  }

  @Test
  void datadogAnswering500ThenAcceptingLosesNoPoint() throws Exception {
    datadog.stubFor(post(SERIES).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
    datadog.stubFor(post(SERIES).inScenario("flaky").whenScenarioStateIs("recovered")
        .willReturn(accepted(ACCEPTED)));
    datadog.stubFor(post(EVENTS).willReturn(accepted(EVENT_OK)));
    PublishReport report = publisher().publish(batch(50, 2));
    assertEquals(new PublishReport(50, 0, 2, 0, Optional.empty()), report);
    assertEquals(expected(50), delivered());
    assertEquals(2, datadog.findAll(postRequestedFor(urlEqualTo(SERIES))).size());
    assertEquals(List.of(Duration.ofMillis(500)), waits, "one backoff before the retry");
    assertTrue(logLines().isEmpty());
  }

  @Test
  void rateLimitingWaitsAsToldWithinTheCap() throws Exception {
    datadog.stubFor(post(SERIES).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "3")).willSetStateTo("ok"));
    datadog.stubFor(post(SERIES).inScenario("limited").whenScenarioStateIs("ok")
        .willReturn(accepted(ACCEPTED)));
    assertTrue(publisher().publish(batch(3, 0)).complete());
    assertEquals(List.of(Duration.ofSeconds(3)), waits);
    assertEquals(expected(3), delivered());
  }

  @Test
  void pointsAreBatchedPerRequest() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(accepted(ACCEPTED)));
    PublishReport report = publisher(URI.create(datadog.baseUrl()), 4).publish(batch(10, 0));
    assertEquals(10, report.pointsSent());
    assertEquals(3, datadog.findAll(postRequestedFor(urlEqualTo(SERIES))).size());
    assertEquals(expected(10), delivered());
  }

  @Test
  void datadogDownForTheWholeRunLeavesEveryPointAndEventInTheLogAfterOneRequestsRetries() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(aResponse().withStatus(503)));
    datadog.stubFor(post(EVENTS).willReturn(aResponse().withStatus(503)));
    PublishReport report = publisher(URI.create(datadog.baseUrl()), 5).publish(batch(12, 3));
    assertEquals(0, report.pointsSent());
    assertEquals(12, report.pointsLogged());
    assertEquals(3, report.eventsLogged());
    assertTrue(report.problem().orElseThrow().contains("HTTP 503 after 4 attempt(s)"), report.toString());
    // 4 attempts for the first request; the other two series requests and the events go straight to the log.
    assertEquals(4, datadog.getAllServeEvents().size());
    assertEquals(3, waits.size());

    List<JsonNode> lines = logLines();
    Set<String> logged = new HashSet<>();
    for (JsonNode line : lines) {
      if (line.path("msg").asText().equals("metric.unsent")) {
        assertEquals("hekate.verification", line.path("metric").asText());
        assertEquals("count", line.path("type").asText());
        logged.add(line.path("tags").toString() + "=" + line.path("value").asDouble());
      }
    }
    Set<String> wanted = new HashSet<>();
    IntStream.range(0, 12).forEach(i -> wanted.add("[\"ecosystem:npm\",\"package:p" + i + "\",\"status:verified\"]=" + (i + 1.0)));
    assertEquals(wanted, logged);
    assertEquals(3, lines.stream().filter(l -> l.path("msg").asText().equals("event.unsent")).count());
  }

  @Test
  void anUnreachableDatadogIsLoggedNotThrown() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    PublishReport report = publisher(URI.create("http://127.0.0.1:" + closed), 500).publish(batch(2, 1));
    assertEquals(new PublishReport(0, 2, 0, 1, report.problem()), report);
    assertTrue(report.problem().orElseThrow().contains("unreachable"), report.toString());
    assertEquals(3, logLines().size());
  }

  @Test
  void aRefusedKeyIsNotRetriedAndStopsTheRest() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(aResponse().withStatus(403).withBody("{\"errors\":[\"Forbidden\"]}")));
    PublishReport report = publisher().publish(batch(2, 2));
    assertEquals(2, report.pointsLogged());
    assertEquals(2, report.eventsLogged());
    assertTrue(report.problem().orElseThrow().contains("HTTP 403"), report.toString());
    assertEquals(1, datadog.getAllServeEvents().size());
    assertTrue(waits.isEmpty());
  }

  @Test
  void aRejectedPayloadIsLoggedAndTheEventsStillGo() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(aResponse().withStatus(400).withBody("{\"errors\":[\"bad\"]}")));
    datadog.stubFor(post(EVENTS).willReturn(accepted(EVENT_OK)));
    PublishReport report = publisher().publish(batch(2, 1));
    assertEquals(new PublishReport(0, 2, 1, 0, report.problem()), report);
    assertFalse(report.complete());
  }

  @Test
  void anUnavailableKeyLogsEverythingWithoutARequest() throws Exception {
    DatadogPublisher publisher = new DatadogPublisher(
        DatadogApi.create(DatadogSettings.defaults().withBaseUrl(URI.create(datadog.baseUrl())), waits::add),
        () -> {
          throw new KeyUnavailableException("secret store unreachable");
        },
        new MetricsLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), Clock.systemUTC()));
    PublishReport report = publisher.publish(batch(2, 1));
    assertEquals(new PublishReport(0, 2, 0, 1, report.problem()), report);
    assertEquals(0, datadog.getAllServeEvents().size());
    assertTrue(logLines().get(0).path("reason").asText().contains("secret store unreachable"));
  }

  @Test
  void anAcceptedRequestWhoseAnswerCannotBeReadIsNotSentTwice() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(aResponse().withStatus(202).withHeader("Content-Type", "text/plain")
        .withBody("accepted")));
    PublishReport report = publisher().publish(batch(3, 0));
    assertEquals(new PublishReport(3, 0, 0, 0, Optional.empty()), report);
    assertEquals(1, datadog.getAllServeEvents().size(), "no retry after a 2xx");
  }

  @Test
  void anEmptyBatchMakesNoRequest() {
    assertTrue(publisher().publish(MetricsBatch.empty()).complete());
    assertEquals(0, datadog.getAllServeEvents().size());
  }
}
