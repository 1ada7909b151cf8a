package dev.hekate.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hekate.core.json.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor and dashboard endpoints of Datadog's v1 API, in memory, as a WireMock transformer:
 * list (with the {@code name} filter as a substring, as Datadog does), create (assigning ids),
 * update. Enough to check that {@code datadog apply} matches by name; WireMock records the requests.
 */
final class FakeDatadogMonitors implements ResponseDefinitionTransformerV2 {
  final Map<Long, ObjectNode> monitors = new TreeMap<>();
  final Map<String, ObjectNode> dashboards = new TreeMap<>();
  private final AtomicLong ids = new AtomicLong(1000);

  @Override
  public String getName() {
    return "fake-datadog-monitors";
  }

  /** Only stubs that name this transformer are answered by it. */
  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    LoggedRequest request = event.getRequest();
    URI uri = URI.create(request.getUrl());
    String path = uri.getPath();
    String method = request.getMethod().getName();
    if (path.equals("/api/v1/monitor") && method.equals("GET")) {
      String name = query(uri, "name");
      ArrayNode list = Json.mapper().createArrayNode();
      monitors.values().stream().filter(m -> name == null || m.path("name").asText().contains(name)).forEach(list::add);
      return json(200, list);
    }
    if (path.equals("/api/v1/monitor") && method.equals("POST")) {
      ObjectNode monitor = body(request);
      monitor.put("id", ids.incrementAndGet());
      monitors.put(monitor.path("id").asLong(), monitor);
      return json(200, monitor);
    }
    if (path.startsWith("/api/v1/monitor/") && method.equals("PUT")) {
      long id = Long.parseLong(path.substring("/api/v1/monitor/".length()));
      if (!monitors.containsKey(id)) {
        return json(404, Json.newObject().put("errors", "Monitor not found"));
      }
      ObjectNode monitor = monitors.get(id);
      monitor.setAll(body(request));
      return json(200, monitor);
    }
    if (path.equals("/api/v1/dashboard") && method.equals("GET")) {
      ObjectNode summary = Json.newObject();
      ArrayNode list = summary.putArray("dashboards");
      dashboards.values().forEach(d -> list.addObject().put("id", d.path("id").asText()).put("title", d.path("title").asText()));
      return json(200, summary);
    }
    if (path.equals("/api/v1/dashboard") && method.equals("POST")) {
      ObjectNode dashboard = body(request);
      String id = "abc-" + ids.incrementAndGet();
      dashboard.put("id", id);
      dashboards.put(id, dashboard);
      return json(200, dashboard);
    }
    if (path.startsWith("/api/v1/dashboard/") && method.equals("PUT")) {
      String id = path.substring("/api/v1/dashboard/".length());
      ObjectNode dashboard = body(request);
      dashboard.put("id", id);
      dashboards.put(id, dashboard);
      return json(200, dashboard);
    }
    return event.getResponseDefinition();
  }

  /** Adds a monitor as if someone had created it by hand. */
  synchronized long add(String name) {
    ObjectNode monitor = Json.newObject().put("name", name).put("type", "query alert").put("query", "avg(last_5m):avg:x{*} > 1");
    monitor.put("id", ids.incrementAndGet());
    monitors.put(monitor.path("id").asLong(), monitor);
    return monitor.path("id").asLong();
  }

  private static String query(URI uri, String name) {
    if (uri.getRawQuery() == null) {
      return null;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static ObjectNode body(LoggedRequest request) {
    try {
      JsonNode node = Json.mapper().readTree(request.getBodyAsString());
      return (ObjectNode) node;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ResponseDefinition json(int status, JsonNode body) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(Json.write(body)).build();
  }
}
