package dev.hekate.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.metrics.AlertEvent;
import dev.hekate.core.metrics.BufferingSink;
import dev.hekate.core.metrics.MetricPoint;
import dev.hekate.core.metrics.MetricsBatch;
import dev.hekate.testdata.registry.FloodAttack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A sweep's metrics, end to end in core: what the Datadog publisher will ship. */
class SweepMetricsTest {

  @Test
  void aSweepRecordsOnePointPerVerdictSeriesRegistryErrorsGaugesAndEvents() throws Exception {
    try (SweepFixture fixture = new SweepFixture()) {
      BufferingSink sink = BufferingSink.create();
      SweepSummary summary = SweepEngine.create(fixture.client, fixture.service, SweepOptions.defaults())
          .run(SweepFixture.watchlist(SweepFixture.ALL), SweepFixture.WINDOW, new SweepMetrics(sink, Clock.systemUTC()));
      MetricsBatch batch = sink.drain();
      Map<String, Double> series = new TreeMap<>();
      for (MetricPoint p : batch.points()) {
        series.put(p.name() + " " + String.join(",", p.tags().stream()
            .filter(t -> !t.startsWith("builder:")).toList()), p.value());
      }
      assertEquals(new TreeMap<>(Map.ofEntries(
          Map.entry("hekate.verification ecosystem:npm,package:honest-a,status:verified", 1.0),
          Map.entry("hekate.verification check:npm.integrity,ecosystem:npm,package:victim-int,status:failed", 1.0),
          Map.entry("hekate.verification ecosystem:npm,package:victim-reg,status:verified", 2.0),
          Map.entry("hekate.verification ecosystem:npm,package:victim-reg,status:missing", 1.0),
          Map.entry("hekate.verification ecosystem:npm,package:never-had,status:missing", 1.0),
          Map.entry("hekate.verification ecosystem:npm,package:gone,status:error", 1.0),
          Map.entry("hekate.verification ecosystem:npm,package:down-pkg,status:error", 1.0),
          Map.entry("hekate.provenance.regression ecosystem:npm,package:victim-reg", 1.0),
          Map.entry("hekate.registry.error endpoint:packument,http_status:404", 1.0),
          Map.entry("hekate.registry.error endpoint:packument,http_status:503", 1.0),
          Map.entry("hekate.sweep.packages ecosystem:npm", 6.0),
          Map.entry("hekate.sweep.duration ecosystem:npm", summary.duration().toMillis() / 1000.0))), series);
      assertTrue(batch.points().stream().filter(p -> p.tags().contains("status:verified"))
          .allMatch(p -> p.tags().contains("builder:https://github.com/actions/runner/github-hosted")), batch.toString());
      List<String> events = batch.events().stream().map(AlertEvent::title).sorted().toList();
      assertEquals(List.of("Hekate: victim-int@1.0.0 FAILED npm.integrity",
          "Hekate: victim-reg@1.2.0 lost its provenance (regression)"), events);
    }
  }

  @Test
  void aFloodRecordsItsOwnPointAndTheVersionsItDeferred() throws Exception {
    try (SweepFixture fixture = new SweepFixture()) {
      Instant start = SweepFixture.SIGSTORE.now().minus(Duration.ofDays(2));
      FloodAttack.publish(fixture.registry, SweepFixture.SIGSTORE, "flooded", 7, start);
      BufferingSink sink = BufferingSink.create();
      new SweepEngine(fixture.client::packument, fixture.service::verify, new SweepOptions(1, 3, 5), Clock.systemUTC())
          .run(SweepFixture.watchlist(List.of("flooded", SweepFixture.HONEST)),
              new SweepWindow(start, start.plus(Duration.ofDays(1))), new SweepMetrics(sink, Clock.systemUTC()));
      Map<String, Double> series = new TreeMap<>();
      for (MetricPoint p : sink.drain().points()) {
        if (p.name().startsWith("hekate.sweep.version")) {
          series.put(p.name() + " " + String.join(",", p.tags()), p.value());
        }
      }
      // 1.0.1 .. 1.0.8 in the window: the four oldest and the latest verified, three deferred.
      assertEquals(Map.of(
          "hekate.sweep.version_flood ecosystem:npm,package:flooded", 1.0,
          "hekate.sweep.versions_deferred ecosystem:npm,package:flooded", 3.0), series);
    }
  }
}
