package dev.hekate.core.metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link MetricsSink} that aggregates in memory until {@link #flush}: counts with the same name
 * and tags are summed, a gauge keeps its last value, events are kept in order. Memory is bounded
 * by the number of distinct series ({@value #DEFAULT_MAX_SERIES}) and events
 * ({@value #DEFAULT_MAX_EVENTS}), not by how many times something was recorded; what does not
 * fit is counted in {@link MetricsBatch#dropped()}.
 *
 * <p>Thread-safe. Flush once per invocation, in a {@code finally}.
 */
public final class BufferingSink implements MetricsSink {
  public static final int DEFAULT_MAX_SERIES = 50_000;
  public static final int DEFAULT_MAX_EVENTS = 1_000;

  private record SeriesKey(String name, MetricType type, List<String> tags) {}

  private final Clock clock;
  private final int maxSeries;
  private final int maxEvents;
  private Map<SeriesKey, Double> series = new LinkedHashMap<>();
  private List<AlertEvent> events = new ArrayList<>();
  private int dropped;

  public BufferingSink(Clock clock, int maxSeries, int maxEvents) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxSeries < 1 || maxEvents < 0) {
      throw new IllegalArgumentException("maxSeries must be positive and maxEvents not negative");
    }
    this.maxSeries = maxSeries;
    this.maxEvents = maxEvents;
  }

  /** The system clock and the default bounds. */
  public static BufferingSink create() {
    return new BufferingSink(Clock.systemUTC(), DEFAULT_MAX_SERIES, DEFAULT_MAX_EVENTS);
  }

  @Override
  public void count(String name, double value, List<String> tags) {
    record(new SeriesKey(Objects.requireNonNull(name, "name"), MetricType.COUNT, Tags.canonical(tags)), value, true);
  }

  @Override
  public void gauge(String name, double value, List<String> tags) {
    record(new SeriesKey(Objects.requireNonNull(name, "name"), MetricType.GAUGE, Tags.canonical(tags)), value, false);
  }

  private synchronized void record(SeriesKey key, double value, boolean sum) {
    if (!Double.isFinite(value)) {
      dropped++;
      return;
    }
    Double old = series.get(key);
    if (old == null && series.size() >= maxSeries) {
      dropped++;
      return;
    }
    series.put(key, sum && old != null ? old + value : value);
  }

  @Override
  public synchronized void event(AlertEvent event) {
    Objects.requireNonNull(event, "event");
    if (events.size() >= maxEvents) {
      dropped++;
      return;
    }
    events.add(event);
  }

  /** Takes everything recorded so far, stamped now, and starts empty. */
  public MetricsBatch drain() {
    Map<SeriesKey, Double> taken;
    List<AlertEvent> takenEvents;
    int takenDropped;
    synchronized (this) {
      taken = series;
      takenEvents = events;
      takenDropped = dropped;
      series = new LinkedHashMap<>();
      events = new ArrayList<>();
      dropped = 0;
    }
    var now = clock.instant();
    List<MetricPoint> points = new ArrayList<>(taken.size());
    taken.forEach((k, v) -> points.add(new MetricPoint(k.name(), k.type(), v, now, k.tags())));
    return new MetricsBatch(points, takenEvents, takenDropped);
  }

  /** Drains and hands the batch to {@code publisher}; never throws (see {@link MetricsPublisher}). */
  public PublishReport flush(MetricsPublisher publisher) {
    return publisher.publish(drain());
  }
}
