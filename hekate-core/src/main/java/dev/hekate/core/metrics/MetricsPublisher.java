package dev.hekate.core.metrics;

/**
 * Ships a {@link MetricsBatch} to an observability platform. Implementations never throw and
 * never lose a point silently: what cannot be delivered is written to a structured log
 * ({@link MetricsLog}) and counted in the report.
 */
@FunctionalInterface
public interface MetricsPublisher {

  /** Ships the batch, or logs what could not be shipped; blocks until done. */
  PublishReport publish(MetricsBatch batch);
}
