package dev.hekate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.hekate.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code hekate datadog apply} against a Datadog stub whose state is WireMock scenarios: one per
 * monitor (absent → present once created) and one for the dashboard. Applying twice must create
 * each once and update it the second time; a dry run must send nothing.
 */
class DatadogCommandTest {
  @RegisterExtension
  static final WireMockExtension datadog = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final Path DEFINITIONS = Path.of(System.getProperty("user.dir")).resolve("../docs/datadog").normalize();

  private List<String> monitorNames;

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  @BeforeEach
  void stubDatadog() throws Exception {
    datadog.resetAll();
    JsonNode monitors = Json.mapper().readTree(DEFINITIONS.resolve("monitors.json").toFile());
    monitorNames = new java.util.ArrayList<>();
    long id = 100;
    for (JsonNode monitor : monitors) {
      String name = monitor.path("name").asText();
      monitorNames.add(name);
      String scenario = "monitor " + name;
      // Datadog's answers carry the whole monitor; the client's model needs at least id, name, type, query.
      String one = Json.write(Json.newObject().put("id", ++id).put("name", name).put("type", "query alert")
          .put("query", monitor.path("query").asText()));
      String listed = "[" + one + "]";
      datadog.stubFor(get(urlPathEqualTo("/api/v1/monitor")).withQueryParam("name", equalTo(name))
          .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willReturn(json("[]")));
      datadog.stubFor(get(urlPathEqualTo("/api/v1/monitor")).withQueryParam("name", equalTo(name))
          .inScenario(scenario).whenScenarioStateIs("present").willReturn(json(listed)));
      datadog.stubFor(post(urlEqualTo("/api/v1/monitor")).withRequestBody(matchingJsonPath("$.name", equalTo(name)))
          .inScenario(scenario).willSetStateTo("present")
          .willReturn(json(one)));
      datadog.stubFor(put(urlEqualTo("/api/v1/monitor/" + id)).withRequestBody(matchingJsonPath("$.name", equalTo(name)))
          .willReturn(json(one)));
    }
    String title = Json.mapper().readTree(DEFINITIONS.resolve("dashboard.json").toFile()).path("title").asText();
    datadog.stubFor(get(urlPathEqualTo("/api/v1/dashboard")).inScenario("dashboard")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(json("{\"dashboards\":[]}")));
    datadog.stubFor(get(urlPathEqualTo("/api/v1/dashboard")).inScenario("dashboard").whenScenarioStateIs("present")
        .willReturn(json("{\"dashboards\":[{\"id\":\"hek-ate-001\",\"title\":" + Json.write(
            com.fasterxml.jackson.databind.node.TextNode.valueOf(title)) + "}]}")));
    String dashboard = "{\"id\":\"hek-ate-001\",\"title\":\"x\",\"layout_type\":\"ordered\",\"widgets\":[]}";
    datadog.stubFor(post(urlEqualTo("/api/v1/dashboard")).inScenario("dashboard").willSetStateTo("present")
        .willReturn(json(dashboard)));
    datadog.stubFor(put(urlEqualTo("/api/v1/dashboard/hek-ate-001")).willReturn(json(dashboard)));
  }

  private static CliRun datadog(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = DatadogCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, String> env() {
    return Map.of("HEKATE_DATADOG_URL", datadog.baseUrl(), "DD_API_KEY", "api", "DD_APP_KEY", "app");
  }

  @Test
  void applyingTwiceCreatesEachMonitorOnce() {
    CliRun first = datadog(env(), "apply");
    assertEquals(0, first.exit(), first.toString());
    CliRun second = datadog(env(), "apply");
    assertEquals(0, second.exit(), second.toString());
    for (String name : monitorNames) {
      datadog.verify(1, postRequestedFor(urlEqualTo("/api/v1/monitor")).withRequestBody(matchingJsonPath("$.name", equalTo(name))));
      datadog.verify(1, putRequestedFor(urlPathEqualTo("/api/v1/monitor/" + (101 + monitorNames.indexOf(name))))
          .withRequestBody(matchingJsonPath("$.name", equalTo(name))));
      assertTrue(first.out().contains("created monitor \"" + name + "\""), first.out());
      assertTrue(second.out().contains("updated monitor \"" + name + "\""), second.out());
    }
    datadog.verify(1, postRequestedFor(urlEqualTo("/api/v1/dashboard")));
    datadog.verify(1, putRequestedFor(urlEqualTo("/api/v1/dashboard/hek-ate-001")));
    assertTrue(second.out().contains("updated dashboard \"Hekate: npm provenance\" (id hek-ate-001)"), second.out());
  }

  @Test
  void theDryRunPrintsThePlanAndSendsNothing() {
    CliRun run = datadog(env(), "apply", "--dry-run");
    assertEquals(0, run.exit(), run.toString());
    for (String name : monitorNames) {
      assertTrue(run.out().contains("would create or update (by name) monitor \"" + name + "\""), run.out());
    }
    assertTrue(run.out().contains("would create or update (by name) dashboard \"Hekate: npm provenance\""), run.out());
    assertTrue(run.out().contains("sum(last_1h):sum:hekate.verification{status:failed} by {package}.as_count() > 0"));
    assertEquals(0, datadog.getAllServeEvents().size());
    // Even without any key.
    assertEquals(0, datadog(Map.of(), "apply", "--dry-run").exit());
  }

  @Test
  void definitionsCanComeFromADirectory() {
    CliRun run = datadog(env(), "apply", "--dry-run", "--definitions", DEFINITIONS.toString());
    assertEquals(0, run.exit(), run.toString());
    assertEquals(monitorNames.size() + 2, run.out().lines().count());
  }

  @Test
  void missingKeysAndBadArgumentsAreUsageErrors() {
    CliRun noKeys = datadog(Map.of("DD_API_KEY", "api"), "apply");
    assertEquals(2, noKeys.exit());
    assertTrue(noKeys.err().contains("DD_APP_KEY is not set"), noKeys.err());
    assertEquals(2, datadog(env(), "destroy").exit());
    assertEquals(2, datadog(env()).exit());
    assertEquals(2, datadog(Map.of("DD_SITE", "not a site"), "apply").exit());
    assertEquals(2, datadog(env(), "apply", "--definitions", "/nonexistent").exit());
    assertEquals(0, datadog.getAllServeEvents().size());
  }

  @Test
  void aDatadogThatRefusesFailsWithExitOne() {
    datadog.resetAll();
    datadog.stubFor(get(urlPathEqualTo("/api/v1/monitor")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("{\"errors\":[\"Forbidden\"]}")));
    CliRun run = datadog(env(), "apply");
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().contains("HTTP 403"), run.err());
  }
}
