package dev.hekate.lambda;

import dev.hekate.core.metrics.BufferingSink;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.MetricsSink;
import dev.hekate.core.metrics.PublishReport;
import dev.hekate.lambda.log.JsonLog;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How every function reports its metrics: what one invocation records goes into a fresh buffer,
 * which is flushed to the publisher in a {@code finally} — on Lambda nothing can be sent once the
 * function has answered or failed. A flush never throws: what the publisher did not take is logged
 * ({@code metrics.incomplete}), and a flush that failed outright is logged ({@code metrics.failed}).
 * Thread-safe: each call has its own buffer.
 */
public final class MetricsFlush {
  /** Records nothing, sends nothing. */
  public static final MetricsPublisher OFF = batch -> new PublishReport(0, 0, 0, 0, Optional.of("metrics are off"));

  private final MetricsPublisher publisher;
  private final JsonLog log;

  public MetricsFlush(MetricsPublisher publisher, JsonLog log) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Runs {@code work} with a buffer for its metrics and flushes the buffer afterwards, whether
   * {@code work} returned or threw; what {@code work} returns or throws is passed on.
   */
  public <T> T around(Function<MetricsSink, T> work) {
    BufferingSink sink = BufferingSink.create();
    try {
      return work.apply(sink);
    } finally {
      flush(sink);
    }
  }

  /**
   * Records with {@code recording} and flushes, never throwing: for metrics that describe an
   * answer the caller already has, which reporting must never cost it.
   */
  public void record(Consumer<MetricsSink> recording) {
    try {
      around(sink -> {
        recording.accept(sink);
        return null;
      });
    } catch (RuntimeException e) {
      log.event("ERROR", "metrics.failed", e.toString());
    }
  }

  private void flush(BufferingSink sink) {
    try {
      PublishReport report = sink.flush(publisher);
      if (!report.complete()) {
        log.event("WARN", "metrics.incomplete", report.describe());
      }
    } catch (RuntimeException e) {
      // A publisher is not meant to throw; if one does, the invocation's own outcome still stands.
      log.event("ERROR", "metrics.failed", e.toString());
    }
  }
}
