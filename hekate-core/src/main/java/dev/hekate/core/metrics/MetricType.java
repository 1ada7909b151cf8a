package dev.hekate.core.metrics;

/** How a point aggregates: summed within a flush (COUNT) or last value wins (GAUGE). */
public enum MetricType {
  /** Occurrences during the interval; points with the same name and tags are summed. */
  COUNT,
  /** A level at one instant; the last recorded value is kept. */
  GAUGE
}
