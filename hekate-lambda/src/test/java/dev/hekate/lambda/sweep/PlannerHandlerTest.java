package dev.hekate.lambda.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.metrics.MetricPoint;
import dev.hekate.core.metrics.MetricsBatch;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.PublishReport;
import dev.hekate.core.metrics.VerdictMetrics;
import dev.hekate.core.sweep.Watchlist;
import dev.hekate.core.sweep.WatchlistException;
import dev.hekate.core.sweep.WatchlistSource;
import dev.hekate.lambda.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The planner against a fake queue: batching, each name once, the window, the gauges, refusals. */
class PlannerHandlerTest {
  private static final Instant SCHEDULED = Instant.parse("2026-11-24T05:00:00Z");
  private static final List<String> NAMES = IntStream.range(0, 1000).mapToObj(i -> "pkg-" + i).toList();

  /** Records every batch; refuses the ids in {@code refuse} the given number of times each. */
  private static final class FakeQueue implements QueueSender {
    final List<List<Entry>> calls = new ArrayList<>();
    final Map<String, Integer> refuse = new HashMap<>();
    final List<Entry> accepted = new ArrayList<>();

    @Override
    public List<String> sendBatch(List<Entry> entries) {
      calls.add(List.copyOf(entries));
      List<String> failed = new ArrayList<>();
      for (Entry e : entries) {
        int left = refuse.getOrDefault(e.id(), 0);
        if (left > 0) {
          refuse.put(e.id(), left - 1);
          failed.add(e.id());
        } else {
          accepted.add(e);
        }
      }
      return failed;
    }
  }

  private final List<MetricsBatch> flushed = new ArrayList<>();
  private final MetricsPublisher publisher = batch -> {
    flushed.add(batch);
    return new PublishReport(batch.points().size(), 0, batch.events().size(), 0, Optional.empty());
  };
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  private PlannerHandler planner(WatchlistSource watchlist, QueueSender queue) {
    SweepSettings settings = SweepSettings.fromEnvironment(Map.of(SweepSettings.QUEUE_URL, "https://sqs.example/q"));
    return new PlannerHandler(watchlist, queue, settings, publisher,
        new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), Clock.systemUTC()),
        Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private static Map<String, Object> event(String time) {
    return Map.of("source", "aws.events", "detail-type", "Scheduled Event", "time", time);
  }

  private static WatchlistSource list(List<String> names) {
    return () -> new Watchlist(names, "test");
  }

  private static Map<String, Double> gauges(MetricsBatch batch) {
    Map<String, Double> out = new HashMap<>();
    for (MetricPoint p : batch.points()) {
      out.put(p.name(), p.value());
    }
    return out;
  }

  @Test
  void sendsEveryNameOnceInBatchesOfAtMostTen_withTheScheduledWindow() throws Exception {
    FakeQueue queue = new FakeQueue();
    Map<String, Object> result = planner(list(NAMES), queue).handleRequest(event("2026-11-24T05:00:07Z"), null);

    assertEquals(4, queue.calls.size(), "1,000 names, 25 a message, 10 messages a call");
    List<String> sent = new ArrayList<>();
    for (List<QueueSender.Entry> call : queue.calls) {
      assertTrue(call.size() >= 1 && call.size() <= QueueSender.MAX_ENTRIES);
      assertEquals(call.size(), call.stream().map(QueueSender.Entry::id).distinct().count(), "ids unique in a call");
      for (QueueSender.Entry e : call) {
        SweepMessage m = SweepMessage.parse(e.body());
        assertTrue(m.packages().size() <= SweepSettings.DEFAULT_PACKAGES_PER_MESSAGE);
        assertEquals(SCHEDULED.minus(Duration.ofHours(1)), m.window().since());
        assertEquals(SCHEDULED, m.window().until());
        sent.addAll(m.packages());
      }
    }
    assertEquals(NAMES, sent, "each name exactly once, in watchlist order");
    assertEquals(1000, result.get("packages"));
    assertEquals(40, result.get("messages"));
    assertEquals("2026-11-24T04:00:00Z", result.get("since"));

    assertEquals(1, flushed.size());
    Map<String, Double> gauges = gauges(flushed.get(0));
    assertEquals(1000.0, gauges.get(VerdictMetrics.SWEEP_PACKAGES));
    assertFalse(gauges.containsKey(VerdictMetrics.SWEEP_DURATION), "the workers record the duration");
  }

  @Test
  void aWatchlistNotMultipleOfTheSizes_lastMessageAndCallShort() throws Exception {
    FakeQueue queue = new FakeQueue();
    planner(list(NAMES.subList(0, 263)), queue).handleRequest(event("2026-11-24T05:00:00Z"), null);
    // 263 names: 11 messages (10 of 25, 1 of 13), in calls of 10 and 1.
    assertEquals(List.of(10, 1), queue.calls.stream().map(List::size).toList());
    assertEquals(13, SweepMessage.parse(queue.calls.get(1).get(0).body()).packages().size());
  }

  @Test
  void noTimeInTheEvent_usesTheClock() {
    FakeQueue queue = new FakeQueue();
    Map<String, Object> result = planner(list(NAMES.subList(0, 3)), queue).handleRequest(Map.of(), null);
    assertEquals("2030-01-01T00:00:00Z", result.get("until"));
  }

  @Test
  void refusedEntriesAreRetriedOnce_andEachNameStillSentOnce() throws Exception {
    FakeQueue queue = new FakeQueue();
    queue.refuse.put("m3", 1);
    queue.refuse.put("m17", 1);
    planner(list(NAMES), queue).handleRequest(event("2026-11-24T05:00:00Z"), null);

    assertEquals(5, queue.calls.size(), "four calls and one retry");
    assertEquals(Set.of("m3", "m17"), new HashSet<>(queue.calls.get(4).stream().map(QueueSender.Entry::id).toList()));
    List<String> accepted = new ArrayList<>();
    for (QueueSender.Entry e : queue.accepted) {
      accepted.addAll(SweepMessage.parse(e.body()).packages());
    }
    assertEquals(NAMES.size(), accepted.size());
    assertEquals(new HashSet<>(NAMES), new HashSet<>(accepted));
  }

  @Test
  void entriesRefusedTwice_failTheInvocationAfterSendingTheRest_andStillFlush() {
    FakeQueue queue = new FakeQueue();
    queue.refuse.put("m5", 2);
    assertThrows(IllegalStateException.class,
        () -> planner(list(NAMES), queue).handleRequest(event("2026-11-24T05:00:00Z"), null));
    assertEquals(39, queue.accepted.size());
    assertEquals(1, flushed.size());
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("refused by the queue"));
  }

  @Test
  void aQueueCallThatThrows_isRetriedOnce() {
    List<Integer> calls = new ArrayList<>();
    QueueSender flaky = entries -> {
      calls.add(entries.size());
      if (calls.size() == 1) {
        throw new RuntimeException("connection reset");
      }
      return List.of();
    };
    planner(list(NAMES.subList(0, 50)), flaky).handleRequest(event("2026-11-24T05:00:00Z"), null);
    assertEquals(List.of(2, 2), calls);
  }

  @Test
  void aWatchlistThatCannotBeLoaded_failsTheInvocation_andStillFlushes() {
    FakeQueue queue = new FakeQueue();
    WatchlistSource broken = () -> {
      throw new WatchlistException("s3://bucket/list.txt line 3: not a valid npm package name");
    };
    assertThrows(IllegalStateException.class,
        () -> planner(broken, queue).handleRequest(event("2026-11-24T05:00:00Z"), null));
    assertTrue(queue.calls.isEmpty());
    assertEquals(1, flushed.size());
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("sweep.watchlist_unavailable"));
  }
}
