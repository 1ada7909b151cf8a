package dev.hekate.core.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The structured log of points and events that could not be shipped: one JSON object per line,
 * so that nothing is lost silently and a log pipeline (CloudWatch Logs, a Datadog log pipeline)
 * can still count them. Thread-safe: one {@code println} per line.
 *
 * <pre>
 * {"time":"…","level":"WARN","msg":"metric.unsent","reason":"HTTP 503 after 4 attempts",
 *  "metric":"hekate.verification","type":"count","value":1.0,"timestamp":1767225600,
 *  "tags":["check:npm.integrity","ecosystem:npm","package:left-pad","status:failed"]}
 * {"time":"…","level":"WARN","msg":"event.unsent","reason":"…","title":"…","text":"…",
 *  "alertType":"error","aggregationKey":"…","timestamp":1767225600,"tags":[…]}
 * </pre>
 */
public final class MetricsLog {
  private final PrintStream out;
  private final Clock clock;

  public MetricsLog(PrintStream out, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Writes each point and event of {@code batch}, saying why. */
  public void unsent(MetricsBatch batch, String reason) {
    unsentPoints(batch.points(), reason);
    batch.events().forEach(e -> unsentEvent(e, reason));
  }

  public void unsentPoints(List<MetricPoint> points, String reason) {
    for (MetricPoint p : points) {
      ObjectNode line = start("metric.unsent", reason);
      // One writer per line kind (point, event): the fields differ.
      line.put("metric", p.name());
      line.put("type", p.type().name().toLowerCase(Locale.ROOT));
      line.put("value", p.value());
      line.put("timestamp", p.timestamp().getEpochSecond());
      tags(line, p.tags());
      out.println(Json.write(line));
    }
  }

  public void unsentEvent(AlertEvent e, String reason) {
    ObjectNode line = start("event.unsent", reason);
    line.put("title", e.title());
    // One writer per line kind (point, event): the fields differ.
    line.put("text", e.text());
    line.put("alertType", e.level().name().toLowerCase(Locale.ROOT));
    line.put("aggregationKey", e.aggregationKey());
    line.put("timestamp", e.happenedAt().getEpochSecond());
    tags(line, e.tags());
    out.println(Json.write(line));
  }

  /** A line about the shipping itself (points dropped by the buffer, a configuration problem). */
  public void note(String level, String msg, String detail) {
    ObjectNode line = start(msg, detail);
    line.put("level", level);
    out.println(Json.write(line));
  }

  private ObjectNode start(String msg, String reason) {
    ObjectNode line = Json.newObject();
    line.put("time", clock.instant().toString());
    line.put("level", "WARN");
    line.put("msg", msg);
    line.put("reason", reason);
    return line;
  }

  private static void tags(ObjectNode line, List<String> tags) {
    ArrayNode array = line.putArray("tags");
    tags.forEach(array::add);
  }
}
