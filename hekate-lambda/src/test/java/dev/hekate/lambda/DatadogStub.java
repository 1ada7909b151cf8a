package dev.hekate.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.hekate.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What a Datadog stub (WireMock) accepted, read back for assertions. */
public final class DatadogStub {
  public static final String SERIES = "/api/v2/series";
  public static final String EVENTS = "/api/v1/events";

  private DatadogStub() {}

  /** Each series the stub accepted (202) as {@code "metric [sorted tags] = value"}. */
  public static List<String> series(WireMockExtension datadog) throws IOException {
    List<String> out = new ArrayList<>();
    for (ServeEvent e : datadog.getAllServeEvents()) {
      if (e.getRequest().getUrl().equals(SERIES) && e.getResponse().getStatus() == 202) {
        for (JsonNode s : Json.mapper().readTree(e.getRequest().getBodyAsString()).path("series")) {
          TreeSet<String> tags = new TreeSet<>();
          s.path("tags").forEach(t -> tags.add(t.asText()));
          out.add(s.path("metric").asText() + " " + tags + " = " + s.at("/points/0/value").asDouble());
        }
      }
    }
    return out;
  }

  /** The bodies of the events the stub was sent. */
  public static List<JsonNode> events(WireMockExtension datadog) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (ServeEvent e : datadog.getAllServeEvents()) {
      if (e.getRequest().getUrl().equals(EVENTS)) {
        out.add(Json.mapper().readTree(e.getRequest().getBodyAsString()));
      }
    }
    return out;
  }
}
