package dev.hekate.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datadog.api.client.AbstractOpenApiSchema;
import com.datadog.api.client.v1.model.Dashboard;
import com.datadog.api.client.v1.model.Monitor;
import com.datadog.api.client.v1.model.Widget;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code datadog apply} against an in-memory Datadog (monitors, dashboards) behind WireMock. */
class DatadogApplyTest {
  private static final FakeDatadogMonitors FAKE = new FakeDatadogMonitors();

  @RegisterExtension
  static final WireMockExtension datadog = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(FAKE)).build();

  @BeforeEach
  void reset() {
    datadog.resetAll();
    synchronized (FAKE) {
      FAKE.monitors.clear();
      FAKE.dashboards.clear();
    }
    // Every request matches; the transformer answers the ones it knows.
    datadog.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"errors\":[\"not here\"]}")
        .withTransformers(FAKE.getName())));
  }

  private static DatadogApply apply() {
    DatadogSettings settings = DatadogSettings.defaults().withBaseUrl(URI.create(datadog.baseUrl()))
        .withRetry(new RetryPolicy(2, Duration.ZERO, Duration.ZERO));
    return new DatadogApply(DatadogApi.create(settings, d -> {}), KeySource.of("api"), KeySource.of("app"));
  }

  @Test
  void applyingTwiceCreatesEachMonitorAndTheDashboardOnce() throws Exception {
    Definitions definitions = Definitions.embedded();
    List<DatadogApply.Action> first = apply().apply(definitions);
    assertTrue(first.stream().allMatch(a -> a.verb() == DatadogApply.Verb.CREATED), first.toString());
    List<DatadogApply.Action> second = apply().apply(definitions);
    assertTrue(second.stream().allMatch(a -> a.verb() == DatadogApply.Verb.UPDATED), second.toString());
    assertEquals(first.stream().map(DatadogApply.Action::id).toList(), second.stream().map(DatadogApply.Action::id).toList(),
        "the second apply updates what the first created");

    int monitors = definitions.monitors().size();
    assertEquals(7, monitors);
    datadog.verify(monitors, postRequestedFor(urlEqualTo("/api/v1/monitor")));
    datadog.verify(monitors, putRequestedFor(urlMatching("/api/v1/monitor/[0-9]+")));
    datadog.verify(1, postRequestedFor(urlEqualTo("/api/v1/dashboard")));
    datadog.verify(1, putRequestedFor(urlMatching("/api/v1/dashboard/abc-[0-9]+")));
    assertEquals(monitors, FAKE.monitors.size());
    assertEquals(1, FAKE.dashboards.size());
    assertEquals(definitions.monitors().stream().map(m -> m.path("name").asText()).sorted().toList(),
        FAKE.monitors.values().stream().map(m -> m.path("name").asText()).sorted().toList());
    // Both keys travel with every request.
    assertTrue(datadog.getAllServeEvents().stream().allMatch(e -> "api".equals(e.getRequest().getHeader("DD-API-KEY"))
        && "app".equals(e.getRequest().getHeader("DD-APPLICATION-KEY"))));
  }

  @Test
  void whatIsSentIsTheDefinitionAsWritten() throws Exception {
    Definitions definitions = Definitions.embedded();
    apply().apply(definitions);
    for (JsonNode wanted : definitions.monitors()) {
      JsonNode sent = FAKE.monitors.values().stream()
          .filter(m -> m.path("name").asText().equals(wanted.path("name").asText())).findFirst().orElseThrow();
      assertEquals(wanted.path("query"), sent.path("query"));
      assertEquals(wanted.path("type"), sent.path("type"));
      assertEquals(wanted.path("message"), sent.path("message"));
      wanted.path("options").path("thresholds").properties().forEach(t -> assertEquals(t.getValue().asDouble(),
          sent.path("options").path("thresholds").path(t.getKey()).asDouble(), t.getKey()));
      assertEquals(wanted.path("tags"), sent.path("tags"));
    }
    JsonNode dashboard = FAKE.dashboards.values().iterator().next();
    assertEquals(definitions.dashboard().path("title"), dashboard.path("title"));
    assertEquals(definitions.dashboard().path("widgets").size(), dashboard.path("widgets").size());
  }

  @Test
  void aMonitorMadeByHandWithTheSameNameIsUpdatedNotDuplicated() throws Exception {
    Definitions definitions = Definitions.embedded();
    String name = definitions.monitors().get(0).path("name").asText();
    long older = FAKE.add(name);
    long newer = FAKE.add(name);
    FAKE.add(name + " (copy)");  // the name filter is a substring match: this one must be left alone
    List<DatadogApply.Action> actions = apply().apply(definitions);
    DatadogApply.Action action = actions.get(0);
    assertEquals(DatadogApply.Verb.UPDATED, action.verb());
    assertEquals(String.valueOf(older), action.id().orElseThrow());
    assertTrue(action.detail().contains(String.valueOf(newer)), action.describe());
    assertEquals("avg(last_5m):avg:x{*} > 1", FAKE.monitors.get(newer).path("query").asText());
    datadog.verify(definitions.monitors().size() - 1, postRequestedFor(urlEqualTo("/api/v1/monitor")));
    datadog.verify(getRequestedFor(urlPathEqualTo("/api/v1/monitor")));
  }

  @Test
  void theDryRunPlanMakesNoRequest() throws Exception {
    List<DatadogApply.Action> plan = DatadogApply.plan(Definitions.embedded());
    assertEquals(8, plan.size());
    assertTrue(plan.stream().allMatch(a -> a.verb() == DatadogApply.Verb.WOULD_APPLY));
    assertTrue(plan.get(0).describe().startsWith("would create or update (by name) monitor \"Hekate: "), plan.get(0).describe());
    assertEquals(0, datadog.getAllServeEvents().size());
  }

  @Test
  void aRefusalStopsWithWhatWasDone() throws Exception {
    datadog.resetAll();
    datadog.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("{\"errors\":[\"Forbidden\"]}")));
    DatadogApply.ApplyException e = assertThrows(DatadogApply.ApplyException.class,
        () -> apply().apply(Definitions.embedded()));
    assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
    assertTrue(e.done().isEmpty());
    assertEquals(1, datadog.getAllServeEvents().size(), "a refused key is not retried");
  }

  @Test
  void everyDefinitionIsAValidDatadogModel() throws Exception {
    var mapper = DatadogApi.create(DatadogSettings.defaults(), d -> {}).mapper();
    Definitions definitions = Definitions.embedded();
    for (JsonNode node : definitions.monitors()) {
      Monitor monitor = mapper.treeToValue(node, Monitor.class);
      assertFalse(monitor.unparsed, node.path("name").asText());
      assertFalse(monitor.getOptions().unparsed, node.path("name").asText());
      assertTrue(monitor.getQuery().contains("hekate."), monitor.getQuery());
    }
    Dashboard dashboard = mapper.treeToValue(definitions.dashboard(), Dashboard.class);
    assertFalse(dashboard.unparsed);
    for (Widget widget : dashboard.getWidgets()) {
      AbstractOpenApiSchema definition = widget.getDefinition();
      assertFalse(definition.getActualInstance() instanceof com.datadog.api.client.UnparsedObject,
          "widget " + definition.getActualInstance());
    }
    assertEquals(definitions.dashboard().path("widgets").size(), dashboard.getWidgets().size());
  }

  @Test
  void theDocsCopyIsWhatTheJarCarries() throws Exception {
    Path docs = Path.of(System.getProperty("user.dir")).resolve("../docs/datadog").normalize();
    Definitions fromDocs = Definitions.fromDirectory(docs);
    Definitions embedded = Definitions.embedded();
    assertEquals(fromDocs.monitors(), embedded.monitors());
    assertEquals(fromDocs.dashboard(), embedded.dashboard());
    assertEquals(List.of("Hekate: npm package version FAILED verification",
        "Hekate: npm package lost its provenance (regression)", "Hekate: npm package published a flood of versions",
        "Hekate: npm registry answer changed for a published version", "Hekate: no npm sweep for 2 hours",
        "Hekate: npm registry error rate", "Hekate: verifiers disagree"),
        embedded.monitors().stream().map(m -> m.path("name").asText()).collect(Collectors.toList()));
  }
}
