package dev.hekate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.hekate.core.json.Json;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.FloodAttack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate sweep} reporting to a Datadog stub (WireMock): the metrics it posts are the ones the
 * verdicts it printed imply — derived here from the printed JSON, independently of the code that
 * builds them — a FAILED verdict and a regression each raise an event, a Datadog that fails once
 * loses nothing, and a Datadog that is down leaves every point in the log while the sweep finishes.
 */
class SweepCommandDatadogTest {
  private static final String SERIES = "/api/v2/series";
  private static final String EVENTS = "/api/v1/events";

  @RegisterExtension
  static final WireMockExtension datadog = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @TempDir
  Path dir;

  @BeforeEach
  void reset() {
    datadog.resetAll();
  }

  private static ResponseDefinitionBuilder accepted() {
    return aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{\"errors\":[]}");
  }

  private static ResponseDefinitionBuilder eventCreated() {
    return aResponse().withStatus(202).withHeader("Content-Type", "application/json")
        .withBody("{\"status\":\"ok\",\"event\":{\"id\":1}}");
  }

  private Map<String, String> env() {
    return Map.of("HEKATE_DATADOG_URL", datadog.baseUrl(), "DD_API_KEY", "test-key");
  }

  /** Sweeps {@code names} (published in {@code registry}) with --json and the Datadog env. */
  private CliRun sweep(FakeRegistry registry, List<String> names) throws IOException {
    List<String> args = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, names), dir);
    args.add("--json");
    return SweepFixtures.sweep(env(), false, args);
  }

  // ---------------------------------------------------------------------------------------------
  // The expected metrics, from the printed verdicts.

  private static String key(String metric, String type, List<String> tags) {
    return metric + " " + type + " " + new TreeSet<>(tags);
  }

  /**
   * Every series the sweep should ship, with its value: one {@code hekate.verification} count per
   * status/package/check/builder, a regression count per regressed package, the registry errors
   * the fixture provokes, and the two sweep gauges.
   */
  private static Map<String, Double> expectedSeries(List<JsonNode> verdicts, JsonNode summary,
      Map<List<String>, Integer> registryErrors) {
    Map<String, Double> expected = new TreeMap<>();
    for (JsonNode v : verdicts) {
      List<String> tags = new ArrayList<>();
      String status = v.path("status").asText();
      tags.add(SweepFixtures.tag("status", status.toLowerCase(java.util.Locale.ROOT)));
      tags.add("ecosystem:npm");
      tags.add(SweepFixtures.tag("package", v.path("package").asText()));
      if (status.equals("FAILED")) {
        tags.add(SweepFixtures.tag("check", CliRun.firstFailure(v)));
      }
      String builder = v.at("/evidence/builderId").asText("");
      if (!builder.isEmpty()) {
        tags.add(SweepFixtures.tag("builder", builder));
      }
      expected.merge(key("hekate.verification", "count", tags), 1.0, Double::sum);
      if (v.path("regression").asBoolean()) {
        expected.merge(key("hekate.provenance.regression", "count",
            List.of("ecosystem:npm", SweepFixtures.tag("package", v.path("package").asText()))), 1.0, Double::sum);
      }
    }
    registryErrors.forEach((tags, n) -> expected.put(key("hekate.registry.error", "count", tags), (double) n));
    expected.put(key("hekate.sweep.packages", "gauge", List.of("ecosystem:npm")),
        summary.at("/summary/packagesSwept").asDouble());
    expected.put(key("hekate.sweep.duration", "gauge", List.of("ecosystem:npm")),
        summary.at("/summary/durationSeconds").asDouble());
    return expected;
  }

  private static String typeName(int intakeType) {
    return switch (intakeType) {
      case 1 -> "count";
      case 3 -> "gauge";
      default -> "type" + intakeType;
    };
  }

  /** The series Datadog accepted (202), summed over requests. */
  private static Map<String, Double> delivered() throws IOException {
    Map<String, Double> out = new TreeMap<>();
    for (ServeEvent e : datadog.getAllServeEvents()) {
      if (e.getRequest().getUrl().equals(SERIES) && e.getResponse().getStatus() == 202) {
        for (JsonNode s : Json.mapper().readTree(e.getRequest().getBodyAsString()).path("series")) {
          List<String> tags = new ArrayList<>();
          s.path("tags").forEach(t -> tags.add(t.asText()));
          assertEquals(1, s.path("points").size());
          out.merge(key(s.path("metric").asText(), typeName(s.path("type").asInt()), tags),
              s.at("/points/0/value").asDouble(), Double::sum);
        }
      }
    }
    return out;
  }

  /** The events Datadog accepted. */
  private static List<JsonNode> deliveredEvents() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (ServeEvent e : datadog.getAllServeEvents()) {
      if (e.getRequest().getUrl().equals(EVENTS) && e.getResponse().getStatus() == 202) {
        out.add(Json.mapper().readTree(e.getRequest().getBodyAsString()));
      }
    }
    return out;
  }

  /** The structured log lines of stderr with {@code msg}. */
  private static List<JsonNode> logged(CliRun run, String msg) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : run.err().split("\n")) {
      if (line.startsWith("{")) {
        JsonNode node = Json.mapper().readTree(line);
        if (node.path("msg").asText().equals(msg)) {
          out.add(node);
        }
      }
    }
    return out;
  }

  private static List<JsonNode> verdicts(CliRun run) throws IOException {
    return run.jsonLines().stream().filter(n -> n.has("status")).toList();
  }

  private static JsonNode summary(CliRun run) throws IOException {
    return run.jsonLines().stream().filter(n -> n.has("summary")).findFirst().orElseThrow();
  }

  private static Map<List<String>, Integer> fixtureRegistryErrors() {
    return Map.of(List.of("endpoint:packument", "http_status:404"), 1, List.of("endpoint:packument", "http_status:503"), 1);
  }

  private static Map<String, String> outcomes(List<JsonNode> verdicts) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode v : verdicts) {
      String status = v.path("status").asText();
      out.put(v.path("package").asText() + "@" + v.path("version").asText(), status
          + (v.path("regression").asBoolean() ? "+regression" : "")
          + (status.equals("FAILED") ? " " + CliRun.firstFailure(v) : ""));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void aSweepOfRealAndMintedPackagesPostsTheMetricsAndEventsItsVerdictsImply() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(accepted()));
    datadog.stubFor(post(EVENTS).willReturn(eventCreated()));
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishReal(registry);
      SweepFixtures.publishMinted(registry);
      List<String> names = new ArrayList<>(SweepFixtures.REAL_NAMES);
      names.addAll(SweepFixtures.MINTED);
      CliRun run = sweep(registry, names);

      List<JsonNode> verdicts = verdicts(run);
      assertEquals(new TreeMap<>(Map.ofEntries(
          Map.entry("@playwright/cli@0.1.1", "VERIFIED"),
          Map.entry("@trishankatdatadog/supreme-goggles@1.0.5", "VERIFIED"),
          Map.entry("gundam-visor@1.0.1", "FAILED dsse.signature"),
          Map.entry("honest-a@1.0.0", "VERIFIED"),
          Map.entry("victim-int@1.0.0", "FAILED npm.integrity"),
          Map.entry("victim-reg@1.0.0", "VERIFIED"),
          Map.entry("victim-reg@1.1.0", "VERIFIED"),
          Map.entry("victim-reg@1.2.0", "MISSING+regression"),
          Map.entry("never-had@1.0.0", "MISSING"),
          Map.entry("gone@", "ERROR"),
          Map.entry("down-pkg@", "ERROR"))), outcomes(verdicts), run.toString());
      assertEquals(1, run.exit(), "FAILED verdicts and a regression: exit 1");

      Map<String, Double> expected = expectedSeries(verdicts, summary(run), fixtureRegistryErrors());
      assertEquals(expected, delivered(), run.err());
      assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("package:_playwright/cli")), expected.toString());
      assertTrue(logged(run, "metric.unsent").isEmpty(), run.err());
      datadog.getAllServeEvents().forEach(e -> assertEquals("test-key", e.getRequest().getHeader("DD-API-KEY")));

      // One event per FAILED verdict and per regression, carrying what failed and the evidence.
      Map<String, JsonNode> events = new HashMap<>();
      deliveredEvents().forEach(e -> events.put(e.path("title").asText(), e));
      assertEquals(Set.of("Hekate: gundam-visor@1.0.1 FAILED dsse.signature",
          "Hekate: victim-int@1.0.0 FAILED npm.integrity",
          "Hekate: victim-reg@1.2.0 lost its provenance (regression)"), events.keySet());
      for (JsonNode v : verdicts) {
        if (v.path("status").asText().equals("FAILED")) {
          JsonNode event = events.get("Hekate: " + v.path("package").asText() + "@" + v.path("version").asText()
              + " FAILED " + CliRun.firstFailure(v));
          assertEquals("error", event.path("alert_type").asText());
          String text = event.path("text").asText();
          for (JsonNode check : v.path("checks")) {
            if (check.path("outcome").asText().equals("FAILED")) {
              check.path("expected").asText("").lines().forEach(x -> assertTrue(text.contains(x), x + " in " + text));
              check.path("actual").asText("").lines().forEach(x -> assertTrue(text.contains(x), x + " in " + text));
              break;
            }
          }
          String repository = v.at("/evidence/sourceRepository").asText("");
          assertTrue(repository.isEmpty() || text.contains(repository), text);
          assertTrue(text.contains("https://www.npmjs.com/package/" + v.path("package").asText()), text);
          Set<String> tags = new TreeSet<>();
          event.path("tags").forEach(t -> tags.add(t.asText()));
          assertTrue(tags.containsAll(List.of("source:hekate", "hekate_event:failed",
              SweepFixtures.tag("package", v.path("package").asText()),
              SweepFixtures.tag("check", CliRun.firstFailure(v)))), tags.toString());
        }
      }
      JsonNode regression = events.get("Hekate: victim-reg@1.2.0 lost its provenance (regression)");
      assertTrue(regression.path("tags").toString().contains("hekate_event:regression"), regression.toString());
    }
  }

  @Test
  void aVersionFloodReachesDatadogAsItsOwnSeries() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(accepted()));
    datadog.stubFor(post(EVENTS).willReturn(eventCreated()));
    try (FakeRegistry registry = FakeRegistry.start()) {
      // The regressed 1.0.1 and 25 versions after it, all inside the default --since of the fixtures.
      FloodAttack.publish(registry, SweepFixtures.SIGSTORE, "flooded", 25,
          SweepFixtures.SIGSTORE.now().minus(Duration.ofDays(2)));
      CliRun run = sweep(registry, List.of("flooded"));
      assertEquals(1, run.exit(), run.toString());
      Map<String, Double> delivered = delivered();
      // 1.0.0 lies in the window too: 27 versions published in it, none deferred.
      assertEquals(1.0, delivered.get(key("hekate.sweep.version_flood", "count",
          List.of("ecosystem:npm", "package:flooded"))), delivered::toString);
      assertFalse(delivered.keySet().stream().anyMatch(k -> k.startsWith("hekate.sweep.versions_deferred")),
          delivered::toString);
      assertEquals(1.0, delivered.get(key("hekate.provenance.regression", "count",
          List.of("ecosystem:npm", "package:flooded"))), delivered::toString);
    }
  }

  @Test
  void datadogAnswering500ThenAcceptingLosesNoPoint() throws Exception {
    datadog.stubFor(post(SERIES).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
    datadog.stubFor(post(SERIES).inScenario("flaky").whenScenarioStateIs("up").willReturn(accepted()));
    datadog.stubFor(post(EVENTS).inScenario("flaky-events").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
    datadog.stubFor(post(EVENTS).inScenario("flaky-events").whenScenarioStateIs("up").willReturn(eventCreated()));
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      CliRun run = sweep(registry, SweepFixtures.MINTED);
      assertEquals(1, run.exit(), run.toString());
      assertEquals(expectedSeries(verdicts(run), summary(run), fixtureRegistryErrors()), delivered(), run.err());
      assertEquals(2, deliveredEvents().size(), "the FAILED verdict's and the regression's, after one 502");
      assertTrue(logged(run, "metric.unsent").isEmpty() && logged(run, "event.unsent").isEmpty(), run.err());
      assertEquals(2, datadog.countRequestsMatching(
          com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(SERIES)).build()).getCount());
    }
  }

  @Test
  void datadogDownForTheWholeRunLeavesEveryPointInTheLogAndTheSweepCompletes() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(aResponse().withStatus(503)));
    datadog.stubFor(post(EVENTS).willReturn(aResponse().withStatus(503)));
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      long start = System.nanoTime();
      CliRun run = sweep(registry, SweepFixtures.MINTED);
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertEquals(1, run.exit(), "the exit status follows the verdicts, not Datadog: " + run);
      assertEquals(8, verdicts(run).size());
      assertTrue(run.err().contains("written to the log instead"), run.err());

      Map<String, Double> logged = new TreeMap<>();
      for (JsonNode line : logged(run, "metric.unsent")) {
        List<String> tags = new ArrayList<>();
        line.path("tags").forEach(t -> tags.add(t.asText()));
        logged.merge(key(line.path("metric").asText(), line.path("type").asText(), tags), line.path("value").asDouble(),
            Double::sum);
        assertTrue(line.path("reason").asText().contains("503"), line.toString());
      }
      assertEquals(expectedSeries(verdicts(run), summary(run), fixtureRegistryErrors()), logged);
      assertEquals(2, logged(run, "event.unsent").size());
      assertTrue(delivered().isEmpty());
      // One request's retries, then straight to the log: the outage costs seconds, not minutes.
      assertTrue(seconds < 30, seconds + " s");
    }
  }

  @Test
  void withoutDatadogSettingsNothingIsSent() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      List<String> args = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, List.of(SweepFixtures.HONEST)), dir);
      CliRun run = SweepFixtures.sweep(Map.of(), false, args);
      assertEquals(0, run.exit(), run.toString());
      assertEquals(0, datadog.getAllServeEvents().size());
      assertFalse(run.err().contains("metrics:"), run.err());
    }
  }
}
