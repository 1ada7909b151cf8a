package dev.hekate.core.sweep;

import dev.hekate.core.metrics.MetricsSink;
import dev.hekate.core.metrics.VerdictMetrics;
import dev.hekate.core.npm.Verdict;
import java.time.Clock;
import java.util.Objects;

/**
 * Records a sweep's metrics and events as it goes: per verdict ({@link VerdictMetrics#record}),
 * per failed packument request ({@code hekate.registry.error}), per {@link VersionFlood}
 * ({@link VerdictMetrics#versionFlood}), and the sweep gauges at the end.
 */
public final class SweepMetrics implements SweepListener {
  private final MetricsSink sink;
  private final Clock clock;

  public SweepMetrics(MetricsSink sink, Clock clock) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void packageSwept(PackageResult result) {
    for (Verdict verdict : result.verdicts()) {
      VerdictMetrics.record(sink, verdict, clock.instant());
    }
    result.flood().ifPresent(f -> VerdictMetrics.versionFlood(sink, result.name(), f.deferred()));
  }

  @Override
  public void finished(SweepSummary summary) {
    VerdictMetrics.sweep(sink, summary.packagesSwept(), summary.duration());
  }
}
