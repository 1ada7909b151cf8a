package dev.hekate.datadog;

import com.datadog.api.client.v1.model.EventAlertType;
import com.datadog.api.client.v1.model.EventCreateRequest;
import com.datadog.api.client.v2.model.MetricIntakeType;
import com.datadog.api.client.v2.model.MetricPayload;
import com.datadog.api.client.v2.model.MetricSeries;
import dev.hekate.core.metrics.AlertEvent;
import dev.hekate.core.metrics.MetricPoint;
import dev.hekate.core.metrics.MetricsBatch;
import dev.hekate.core.metrics.MetricsLog;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.PublishReport;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ships a {@link MetricsBatch} to Datadog: the points as v2 series through
 * {@code MetricsApi.submitMetrics} in requests of {@link DatadogSettings#seriesPerRequest()}
 * series, each event through {@code EventsApi.createEvent}.
 *
 * <p>Guarantees: never throws and never loses a point silently. A request answered 429 or 5xx, or
 * that cannot reach Datadog, is retried per the {@link RetryPolicy}; what is still not accepted is
 * written to the {@link MetricsLog}, one JSON line per point or event. Once Datadog has proved
 * unavailable in a batch (retries exhausted, or the key refused), the rest of that batch goes
 * straight to the log, so a Datadog outage costs one request's retries, not one per request.
 */
public final class DatadogPublisher implements MetricsPublisher {
  private final DatadogApi api;
  private final KeySource apiKey;
  private final MetricsLog log;

  public DatadogPublisher(DatadogApi api, KeySource apiKey, MetricsLog log) {
    this.api = Objects.requireNonNull(api, "api");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Configured from {@code DD_SITE}, {@code HEKATE_DATADOG_URL} and {@code DD_API_KEY}, logging
   * what cannot be sent to {@code logOut}.
   *
   * @throws IllegalArgumentException naming a variable whose value cannot be used
   */
  public static DatadogPublisher fromEnvironment(Map<String, String> env, PrintStream logOut) {
    return new DatadogPublisher(DatadogApi.create(DatadogSettings.fromEnvironment(env), Waiter.SYSTEM),
        KeySource.environment(env, DatadogSettings.ENV_API_KEY), new MetricsLog(logOut, Clock.systemUTC()));
  }

  @Override
  public synchronized PublishReport publish(MetricsBatch batch) {
    Objects.requireNonNull(batch, "batch");
    try {
      return ship(batch);
    } catch (RuntimeException e) {
      // A bug here must not fail the sweep or the request that recorded the points.
      String reason = "internal error while shipping: " + e.getClass().getSimpleName();
      log.unsent(batch, reason);
      return new PublishReport(0, batch.points().size(), 0, batch.events().size(), Optional.of(reason));
    }
  }

  private PublishReport ship(MetricsBatch batch) {
    if (batch.dropped() > 0) {
      log.note("WARN", "metrics.dropped", batch.dropped() + " point(s) or event(s) did not fit the buffer");
    }
    Optional<String> key;
    try {
      key = apiKey.key();
    } catch (KeyUnavailableException e) {
      String reason = "the Datadog API key is unavailable: " + e.getMessage();
      log.unsent(batch, reason);
      return new PublishReport(0, batch.points().size(), 0, batch.events().size(), Optional.of(reason));
    }
    Optional<String> unavailable = Optional.empty();
    Optional<String> problem = Optional.empty();
    int pointsSent = 0;
    int pointsLogged = 0;
    int size = api.settings().seriesPerRequest();
    List<MetricPoint> points = batch.points();
    for (int from = 0; from < points.size(); from += size) {
      List<MetricPoint> chunk = points.subList(from, Math.min(points.size(), from + size));
      if (unavailable.isPresent()) {
        log.unsentPoints(chunk, unavailable.get());
        pointsLogged += chunk.size();
        continue;
      }
      MetricPayload payload = new MetricPayload().series(series(chunk));
      switch (api.call(key, Optional.empty(), () -> api.metrics().submitMetrics(payload))) {
        case DatadogApi.Result.Ok<?> ok -> pointsSent += chunk.size();
        case DatadogApi.Result.Accepted<?> accepted -> pointsSent += chunk.size();
        case DatadogApi.Result.Failed<?> failed -> {
          String reason = "Datadog refused or could not take the metrics: " + failed.reason();
          log.unsentPoints(chunk, reason);
          pointsLogged += chunk.size();
          problem = Optional.of(reason);
          if (failed.unavailable()) {
            unavailable = problem;
          }
        }
      }
    }
    int eventsSent = 0;
    int eventsLogged = 0;
    for (AlertEvent event : batch.events()) {
      if (unavailable.isPresent()) {
        log.unsentEvent(event, unavailable.get());
        eventsLogged++;
        continue;
      }
      EventCreateRequest request = event(event);
      switch (api.call(key, Optional.empty(), () -> api.events().createEvent(request))) {
        case DatadogApi.Result.Ok<?> ok -> eventsSent++;
        case DatadogApi.Result.Accepted<?> accepted -> eventsSent++;
        case DatadogApi.Result.Failed<?> failed -> {
          String reason = "Datadog refused or could not take the event: " + failed.reason();
          log.unsentEvent(event, reason);
          eventsLogged++;
          problem = Optional.of(reason);
          if (failed.unavailable()) {
            unavailable = problem;
          }
        }
      }
    }
    return new PublishReport(pointsSent, pointsLogged, eventsSent, eventsLogged, problem);
  }

  static List<MetricSeries> series(List<MetricPoint> points) {
    List<MetricSeries> series = new ArrayList<>(points.size());
    for (MetricPoint p : points) {
      series.add(new MetricSeries()
          .metric(p.name())
          .type(switch (p.type()) {
            case COUNT -> MetricIntakeType.COUNT;
            case GAUGE -> MetricIntakeType.GAUGE;
          })
          .points(List.of(new com.datadog.api.client.v2.model.MetricPoint()
              .timestamp(p.timestamp().getEpochSecond())
              .value(p.value())))
          .tags(new ArrayList<>(p.tags())));
    }
    return series;
  }

  static EventCreateRequest event(AlertEvent e) {
    return new EventCreateRequest()
        .title(e.title())
        // %%% marks the text as Markdown for Datadog.
        .text("%%% \n" + e.text() + "\n %%%")
        .alertType(switch (e.level()) {
          case ERROR -> EventAlertType.ERROR;
          case WARNING -> EventAlertType.WARNING;
          case INFO -> EventAlertType.INFO;
        })
        .aggregationKey(e.aggregationKey())
        .dateHappened(e.happenedAt().getEpochSecond())
        .tags(new ArrayList<>(e.tags()));
  }
}
