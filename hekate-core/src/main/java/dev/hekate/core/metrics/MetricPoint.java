package dev.hekate.core.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One value of one series, as shipped: a count aggregated over a flush, or a gauge's last value.
 *
 * @param tags normalised and sorted ({@link Tags#canonical})
 */
public record MetricPoint(String name, MetricType type, double value, Instant timestamp, List<String> tags) {
  public MetricPoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    tags = Tags.canonical(tags);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("metric " + name + " has a non-finite value");
    }
  }
}
