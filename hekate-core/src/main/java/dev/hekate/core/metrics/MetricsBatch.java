package dev.hekate.core.metrics;

import java.util.List;

/**
 * Everything one invocation recorded, ready to ship.
 *
 * @param dropped points and events that did not fit the buffer's bounds (and were counted, not kept)
 */
public record MetricsBatch(List<MetricPoint> points, List<AlertEvent> events, int dropped) {
  public MetricsBatch {
    points = List.copyOf(points);
    events = List.copyOf(events);
    if (dropped < 0) {
      throw new IllegalArgumentException("dropped must not be negative");
    }
  }

  public static MetricsBatch empty() {
    return new MetricsBatch(List.of(), List.of(), 0);
  }

  public boolean isEmpty() {
    return points.isEmpty() && events.isEmpty();
  }
}
