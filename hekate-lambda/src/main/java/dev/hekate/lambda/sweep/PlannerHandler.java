package dev.hekate.lambda.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.VerdictMetrics;
import dev.hekate.core.sweep.SweepWindow;
import dev.hekate.core.sweep.Watchlist;
import dev.hekate.core.sweep.WatchlistException;
import dev.hekate.core.sweep.WatchlistSource;
import dev.hekate.lambda.DatadogWiring;
import dev.hekate.lambda.MetricsFlush;
import dev.hekate.lambda.log.JsonLog;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sweep's planner, on an EventBridge schedule: loads the watchlist, computes the window (the
 * lookback before the event's scheduled {@code time}, to the minute, so consecutive runs tile
 * time), and queues the names in {@link SweepMessage}s through the {@link QueueSender}.
 * Records {@code hekate.sweep.packages} (the watchlist's size) and flushes it in a {@code
 * finally}; {@code hekate.sweep.duration} is the workers' ({@link WorkerHandler}).
 *
 * <p>The event is read as a map, not as {@code ScheduledEvent}: that class's {@code time} is a
 * Joda-Time value, and Joda is excluded from the jar; only {@code time} is read.
 *
 * <p>Failure: a watchlist that cannot be loaded, or messages the queue still refuses after the
 * sender's retry, fail the invocation (after every other message was sent), so EventBridge
 * retries it and the log says why. A retried run may queue some packages twice; sweeping twice is
 * harmless.
 */
public final class PlannerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** The Lambda wiring, built during init (SnapStart snapshots it); tests never load it. */
  private static final class Default {
    static final Map<String, String> ENV = System.getenv();
    static final SweepSettings SETTINGS = SweepSettings.fromEnvironment(ENV);
    static final QueueSender QUEUE = new SqsQueueSender(SETTINGS.queueUrl()
        .orElseThrow(() -> new IllegalStateException(SweepSettings.QUEUE_URL + " is not set")));
    static final MetricsPublisher PUBLISHER = DatadogWiring.forSweep(ENV, System.out);
    static final WatchlistSource WATCHLIST = WatchlistSource.fromEnvironment(ENV,
        S3Watchlist.fromEnvironment(ENV).orElseGet(WatchlistSource::embedded));
  }

  private final WatchlistSource watchlist;
  private final QueueSender queue;
  private final SweepSettings settings;
  private final MetricsFlush metrics;
  private final JsonLog log;
  private final Clock clock;

  /** For the Lambda runtime: the wiring from the environment. */
  public PlannerHandler() {
    this(Default.WATCHLIST, Default.QUEUE, Default.SETTINGS, Default.PUBLISHER, JsonLog.stdout(), Clock.systemUTC());
  }

  /** For tests: a fake queue, a given watchlist and publisher. */
  public PlannerHandler(WatchlistSource watchlist, QueueSender queue, SweepSettings settings,
      MetricsPublisher publisher, JsonLog log, Clock clock) {
    this.watchlist = Objects.requireNonNull(watchlist, "watchlist");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.log = Objects.requireNonNull(log, "log");
    this.metrics = new MetricsFlush(publisher, log);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    return metrics.around(sink -> {
      SweepWindow window = SweepWindow.lookback(scheduledTime(event), settings.lookback());
      Watchlist list;
      try {
        list = watchlist.load();
      } catch (WatchlistException e) {
        log.event("ERROR", "sweep.watchlist_unavailable", e.getMessage());
        throw new IllegalStateException("the watchlist could not be loaded: " + e.getMessage(), e);
      }
      List<SweepMessage> messages = SweepMessage.split(list.names(), settings.packagesPerMessage(), window,
          list.trustExceptions());
      QueueSender.Sent sent = queue.send(messages.stream().map(SweepMessage::toJson).toList());
      sent.failedCalls().forEach(failure -> log.event("WARN", "sweep.send_failed", failure));
      int refused = sent.refused();
      VerdictMetrics.sweepPackages(sink, list.size());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("watchlist", list.origin());
      result.put("packages", list.size());
      result.put("messages", messages.size());
      result.put("since", window.since().toString());
      result.put("until", window.until().toString());
      log.event(refused == 0 ? "INFO" : "ERROR", "sweep.planned", list.size() + " package(s) from " + list.origin()
          + " in " + messages.size() + " message(s), window " + window.since() + " .. " + window.until()
          + (refused == 0 ? "" : "; " + refused + " message(s) refused by the queue"));
      if (refused > 0) {
        throw new IllegalStateException(refused + " sweep message(s) were refused by the queue after a retry");
      }
      return result;
    });
  }

  /** The event's {@code time} (EventBridge's scheduled time) to the minute, or now when absent. */
  Instant scheduledTime(Map<String, Object> event) {
    Instant time = Optional.ofNullable(event).map(e -> e.get("time")).map(Object::toString).flatMap(t -> {
      try {
        return Optional.of(Instant.parse(t));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }).orElseGet(clock::instant);
    return time.truncatedTo(ChronoUnit.MINUTES);
  }
}
