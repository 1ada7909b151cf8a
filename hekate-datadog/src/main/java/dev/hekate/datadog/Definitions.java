package dev.hekate.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Hekate's monitors and dashboard as code: {@code monitors.json} (an array of monitors in the
 * Datadog monitor API's form) and {@code dashboard.json} (one dashboard in the dashboard API's
 * form). The originals are in docs/datadog; the hekate-datadog jar carries a copy.
 *
 * @param monitors each with a unique, non-empty {@code name}
 * @param dashboard with a non-empty {@code title}
 */
public record Definitions(List<JsonNode> monitors, JsonNode dashboard) {
  static final String RESOURCES = "/dev/hekate/datadog/definitions/";
  static final String MONITORS = "monitors.json";
  static final String DASHBOARD = "dashboard.json";
  private static final int MAX_BYTES = 1024 * 1024;

  public Definitions {
    monitors = List.copyOf(monitors);
    Objects.requireNonNull(dashboard, "dashboard");
  }

  /** The definitions shipped in the jar. */
  public static Definitions embedded() throws DefinitionsException {
    return new Definitions(monitors(resource(MONITORS), MONITORS), dashboard(resource(DASHBOARD), DASHBOARD));
  }

  /** The definitions in {@code directory} (e.g. docs/datadog of a checkout). */
  public static Definitions fromDirectory(Path directory) throws DefinitionsException {
    return new Definitions(monitors(file(directory.resolve(MONITORS)), directory.resolve(MONITORS).toString()),
        dashboard(file(directory.resolve(DASHBOARD)), directory.resolve(DASHBOARD).toString()));
  }

  /** A monitor's or the dashboard's name. */
  static String name(JsonNode definition) {
    return definition.path("name").asText(definition.path("title").asText(""));
  }

  private static List<JsonNode> monitors(byte[] bytes, String where) throws DefinitionsException {
    JsonNode root = parse(bytes, where);
    if (!root.isArray() || root.isEmpty()) {
      throw new DefinitionsException(where + " must be a non-empty JSON array of monitors");
    }
    List<JsonNode> list = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode monitor : root) {
      String name = monitor.path("name").asText("");
      if (!monitor.isObject() || name.isBlank() || !monitor.path("query").isTextual() || !monitor.path("type").isTextual()) {
        throw new DefinitionsException(where + ": every monitor needs a name, a type and a query");
      }
      if (!names.add(name)) {
        throw new DefinitionsException(where + ": two monitors are named '" + name + "' (apply matches by name)");
      }
      list.add(monitor);
    }
    return list;
  }

  private static JsonNode dashboard(byte[] bytes, String where) throws DefinitionsException {
    JsonNode root = parse(bytes, where);
    if (!root.isObject() || root.path("title").asText("").isBlank() || !root.path("widgets").isArray()) {
      throw new DefinitionsException(where + " must be a dashboard with a title and widgets");
    }
    return root;
  }

  private static JsonNode parse(byte[] bytes, String where) throws DefinitionsException {
    try {
      return Json.parse(bytes, MAX_BYTES, where);
    } catch (JsonFormatException e) {
      throw new DefinitionsException(e.getMessage());
    }
  }

  private static byte[] resource(String name) throws DefinitionsException {
    try (InputStream in = Definitions.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new DefinitionsException("the jar has no " + name + " (built without docs/datadog?)");
      }
      return in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new DefinitionsException("cannot read the embedded " + name + ": " + e.getMessage());
    }
  }

  private static byte[] file(Path path) throws DefinitionsException {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new DefinitionsException("cannot read " + path + ": " + e.getMessage());
    }
  }

  /** The definitions cannot be read or are malformed. */
  public static final class DefinitionsException extends Exception {
    private static final long serialVersionUID = 1L;

    public DefinitionsException(String message) {
      super(message, null, false, false);
    }
  }
}
