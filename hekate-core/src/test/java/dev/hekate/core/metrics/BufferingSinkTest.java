package dev.hekate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BufferingSinkTest {
  private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void countsWithTheSameNameAndTagsAreSummedGaugesKeepTheLastValue() {
    BufferingSink sink = new BufferingSink(CLOCK, 100, 10);
    sink.count("hekate.verification", 1, List.of("status:verified", "package:a"));
    sink.count("hekate.verification", 1, List.of("package:a", "status:verified"));
    sink.count("hekate.verification", 1, List.of("package:b", "status:verified"));
    sink.gauge("hekate.sweep.packages", 3, List.of());
    sink.gauge("hekate.sweep.packages", 5, List.of());
    MetricsBatch batch = sink.drain();
    Map<String, Double> values = batch.points().stream()
        .collect(Collectors.toMap(p -> p.name() + p.tags(), MetricPoint::value));
    assertEquals(Map.of(
        "hekate.verification[package:a, status:verified]", 2.0,
        "hekate.verification[package:b, status:verified]", 1.0,
        "hekate.sweep.packages[]", 5.0), values);
    assertTrue(batch.points().stream().allMatch(p -> p.timestamp().equals(NOW)));
    assertTrue(sink.drain().isEmpty(), "a drain empties the buffer");
  }

  @Test
  void memoryIsBoundedBySeriesAndEventsAndTheRestIsCounted() {
    BufferingSink sink = new BufferingSink(CLOCK, 10, 2);
    for (int i = 0; i < 1000; i++) {
      sink.count("m", 1, List.of("package:p" + (i % 15)));
    }
    for (int i = 0; i < 5; i++) {
      sink.event(new AlertEvent("t" + i, "x", AlertEvent.Level.ERROR, "k", NOW, List.of()));
    }
    MetricsBatch batch = sink.drain();
    assertEquals(10, batch.points().size());
    assertEquals(2, batch.events().size());
    // 5 series of 1000/15 points each did not fit, and 3 events.
    assertEquals(1000 - batch.points().stream().mapToInt(p -> (int) p.value()).sum() + 3, batch.dropped());
  }

  @Test
  void recordingFromManyThreadsLosesNothing() throws Exception {
    BufferingSink sink = new BufferingSink(CLOCK, 100, 10);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> IntStream.range(0, 1000).forEach(i -> sink.count("m", 1, List.of("a:b"))));
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(8000.0, sink.drain().points().get(0).value());
  }

  @Test
  void tagsAreNormalisedAsDatadogStoresThem() {
    assertEquals("package:_playwright/cli", Tags.tag("package", "@playwright/cli"));
    assertEquals("package:jsonstream", Tags.tag("package", "JSONStream"));
    assertEquals("builder:https://github.com/actions/runner/github-hosted",
        Tags.tag("builder", "https://github.com/actions/runner/github-hosted"));
    assertEquals("check:npm.integrity", Tags.tag("check", "npm.integrity"));
    assertEquals(Tags.MAX_TAG_LENGTH, Tags.tag("package", "x".repeat(300)).length());
    assertEquals(List.of("a:1", "b:2"), Tags.canonical(List.of("B:2", "a:1", "a:1")));
  }

  @Test
  void flushHandsOneBatchToThePublisher() {
    BufferingSink sink = new BufferingSink(CLOCK, 100, 10);
    sink.count("m", 2, List.of());
    AtomicReference<MetricsBatch> shipped = new AtomicReference<>();
    PublishReport report = sink.flush(batch -> {
      shipped.set(batch);
      return new PublishReport(batch.points().size(), 0, 0, 0, Optional.empty());
    });
    assertEquals(1, shipped.get().points().size());
    assertTrue(report.complete());
  }

  @Test
  void theLogWritesOneJsonLinePerUnsentPointAndEvent() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MetricsLog log = new MetricsLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), CLOCK);
    MetricsBatch batch = new MetricsBatch(
        List.of(new MetricPoint("hekate.verification", MetricType.COUNT, 2, NOW, List.of("status:failed"))),
        List.of(new AlertEvent("title", "text", AlertEvent.Level.ERROR, "key", NOW, List.of("source:hekate"))), 0);
    log.unsent(batch, "HTTP 503 after 4 attempts");
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    var point = dev.hekate.core.json.Json.mapper().readTree(lines[0]);
    assertEquals("metric.unsent", point.path("msg").asText());
    assertEquals("hekate.verification", point.path("metric").asText());
    assertEquals("count", point.path("type").asText());
    assertEquals(2.0, point.path("value").asDouble());
    assertEquals(NOW.getEpochSecond(), point.path("timestamp").asLong());
    assertEquals("status:failed", point.path("tags").get(0).asText());
    assertEquals("HTTP 503 after 4 attempts", point.path("reason").asText());
    var event = dev.hekate.core.json.Json.mapper().readTree(lines[1]);
    assertEquals("event.unsent", event.path("msg").asText());
    assertEquals("title", event.path("title").asText());
    assertEquals("error", event.path("alertType").asText());
  }

  @Test
  void longEventsAreCutToThePlatformsLimits() {
    AlertEvent e = new AlertEvent("t".repeat(300), "x".repeat(10_000), AlertEvent.Level.ERROR, "k".repeat(300), NOW,
        List.of());
    assertEquals(AlertEvent.MAX_TITLE, e.title().length());
    assertEquals(AlertEvent.MAX_TEXT, e.text().length());
    assertEquals(AlertEvent.MAX_KEY, e.aggregationKey().length());
  }
}
