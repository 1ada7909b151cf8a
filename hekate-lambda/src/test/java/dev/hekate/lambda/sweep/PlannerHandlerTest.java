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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The planner against a fake queue: each name once, the window, the gauges, refusals failing the run. */
class PlannerHandlerTest {
  private static final Instant SCHEDULED = Instant.parse("2026-11-24T05:00:00Z");
  private static final List<String> NAMES = IntStream.range(0, 1000).mapToObj(i -> "pkg-" + i).toList();

  /** Records every send; reports {@code refuse} messages refused and {@code failedCalls} as failed calls. */
  private static final class FakeQueue implements QueueSender {
    final List<List<String>> sends = new ArrayList<>();
    int refuse;
    List<String> failedCalls = List.of();

    @Override
    public Sent send(List<String> bodies) {
      sends.add(List.copyOf(bodies));
      return new Sent(refuse, failedCalls);
    }

    List<String> bodies() {
      return sends.stream().flatMap(List::stream).toList();
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
  void sendsEveryNameOnceInMessagesOfAtMost25_withTheScheduledWindow() throws Exception {
    FakeQueue queue = new FakeQueue();
    Map<String, Object> result = planner(list(NAMES), queue).handleRequest(event("2026-11-24T05:00:07Z"), null);

    assertEquals(1, queue.sends.size(), "one send; the sender cuts it into batches");
    assertEquals(40, queue.bodies().size(), "1,000 names, 25 a message");
    List<String> sent = new ArrayList<>();
    for (String body : queue.bodies()) {
      SweepMessage m = SweepMessage.parse(body);
      assertTrue(m.packages().size() <= SweepSettings.DEFAULT_PACKAGES_PER_MESSAGE);
      assertEquals(SCHEDULED.minus(Duration.ofHours(1)), m.window().since());
      assertEquals(SCHEDULED, m.window().until());
      sent.addAll(m.packages());
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
  void aWatchlistsTrustExceptionsTravelWithTheirPackages() throws Exception {
    FakeQueue queue = new FakeQueue();
    WatchlistSource withExceptions = () -> Watchlist.parse(String.join("\n", NAMES).concat(
        "\n!trust-exclude pkg-3@1.0.0 pkg-999\n").getBytes(StandardCharsets.UTF_8), "test");

    planner(withExceptions, queue).handleRequest(event("2026-11-24T05:00:07Z"), null);

    assertEquals(List.of("pkg-3@1.0.0"), SweepMessage.parse(queue.bodies().get(0)).trustExceptions().texts());
    assertEquals(List.of("pkg-999"), SweepMessage.parse(queue.bodies().get(39)).trustExceptions().texts());
    assertTrue(SweepMessage.parse(queue.bodies().get(1)).trustExceptions().isEmpty());
  }

  @Test
  void aWatchlistNotMultipleOfTheMessageSize_lastMessageShort() throws Exception {
    FakeQueue queue = new FakeQueue();
    planner(list(NAMES.subList(0, 263)), queue).handleRequest(event("2026-11-24T05:00:00Z"), null);
    // 263 names: 11 messages, 10 of 25 and 1 of 13.
    assertEquals(11, queue.bodies().size());
    assertEquals(13, SweepMessage.parse(queue.bodies().get(10)).packages().size());
  }

  @Test
  void noTimeInTheEvent_usesTheClock() {
    FakeQueue queue = new FakeQueue();
    Map<String, Object> result = planner(list(NAMES.subList(0, 3)), queue).handleRequest(Map.of(), null);
    assertEquals("2030-01-01T00:00:00Z", result.get("until"));
  }

  @Test
  void messagesTheSenderCouldNotQueue_failTheInvocation_andStillFlush() {
    FakeQueue queue = new FakeQueue();
    queue.refuse = 1;
    assertThrows(IllegalStateException.class,
        () -> planner(list(NAMES), queue).handleRequest(event("2026-11-24T05:00:00Z"), null));
    assertEquals(40, queue.bodies().size(), "every message was handed to the sender");
    assertEquals(1, flushed.size());
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("\"level\":\"ERROR\",\"msg\":\"sweep.planned\""));
  }

  @Test
  void failedCallsTheSenderRecovered_areLogged_andTheInvocationSucceeds() {
    FakeQueue queue = new FakeQueue();
    queue.failedCalls = List.of("SqsException: connection reset");
    planner(list(NAMES.subList(0, 50)), queue).handleRequest(event("2026-11-24T05:00:00Z"), null);
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("\"msg\":\"sweep.send_failed\""));
  }

  @Test
  void aWatchlistThatCannotBeLoaded_failsTheInvocation_andStillFlushes() {
    FakeQueue queue = new FakeQueue();
    WatchlistSource broken = () -> {
      throw new WatchlistException("s3://bucket/list.txt line 3: not a valid npm package name");
    };
    assertThrows(IllegalStateException.class,
        () -> planner(broken, queue).handleRequest(event("2026-11-24T05:00:00Z"), null));
    assertTrue(queue.sends.isEmpty());
    assertEquals(1, flushed.size());
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("sweep.watchlist_unavailable"));
  }
}
