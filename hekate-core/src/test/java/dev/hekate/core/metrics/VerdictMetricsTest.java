package dev.hekate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.npm.Evidence;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.VerificationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictMetricsTest {
  private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");

  private static Evidence evidence(String builder) {
    return new Evidence("https://github.com/o/r", "0123456789abcdef0123456789abcdef01234567", "refs/tags/v1.0.0",
        "https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.0.0",
        "https://github.com/o/r/actions/runs/42/attempts/1", builder, "", "github-hosted", "push", "1", "2", "", "", "", "",
        Optional.empty(), List.of(new Evidence.LogEntry("provenance", 7, "https://search.sigstore.dev/?logIndex=7",
            Optional.empty())));
  }

  private static Verdict failed() {
    VerdictCheck ok = new VerdictCheck(VerdictCheck.PUBLISH, CheckResult.passed(CheckId.DSSE_SIGNATURE, ""));
    VerdictCheck bad = new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.failed(VerificationException.mismatch(
        CheckId.NPM_INTEGRITY, "the attested digest is not dist.integrity", "sha512-AAA", "sha512-BBB")));
    return new Verdict("@scope/Pkg", "1.2.3", Status.FAILED, false, List.of(ok, bad),
        List.of(Finding.of(FindingType.REPOSITORY_MISMATCH, "unsigned repository differs", "a", "b")),
        evidence("https://github.com/actions/runner/github-hosted"), Optional.empty(), Optional.empty());
  }

  private static MetricsBatch record(Verdict verdict) {
    BufferingSink sink = new BufferingSink(Clock.fixed(NOW, ZoneOffset.UTC), 100, 10);
    VerdictMetrics.record(sink, verdict, NOW);
    return sink.drain();
  }

  @Test
  void aFailedVerdictCountsWithItsFirstFailingCheckAndBuilderAndRaisesAnEvent() {
    MetricsBatch batch = record(failed());
    assertEquals(1, batch.points().size());
    MetricPoint p = batch.points().get(0);
    assertEquals("hekate.verification", p.name());
    assertEquals(MetricType.COUNT, p.type());
    assertEquals(1.0, p.value());
    assertEquals(List.of("builder:https://github.com/actions/runner/github-hosted", "check:npm.integrity",
        "ecosystem:npm", "package:_scope/pkg", "status:failed"), p.tags());
    assertEquals(1, batch.events().size());
    AlertEvent e = batch.events().get(0);
    assertEquals("Hekate: @scope/Pkg@1.2.3 FAILED npm.integrity", e.title());
    assertEquals(AlertEvent.Level.ERROR, e.level());
    assertTrue(e.tags().containsAll(List.of("source:hekate", "check:npm.integrity", "hekate_event:failed",
        "package:_scope/pkg", "version:1.2.3")), e.tags().toString());
    for (String evidence : List.of("sha512-AAA", "sha512-BBB", "repository_mismatch", "https://github.com/o/r",
        "https://github.com/o/r/actions/runs/42/attempts/1", "https://search.sigstore.dev/?logIndex=7",
        "https://www.npmjs.com/package/@scope/Pkg/v/1.2.3")) {
      assertTrue(e.text().contains(evidence), evidence + " in\n" + e.text());
    }
  }

  @Test
  void aRegressionCountsAndRaisesItsOwnEvent() {
    Verdict missing = new Verdict("left-pad", "2.0.0", Status.MISSING, true, List.of(), List.of(), Evidence.none(),
        Optional.empty(), Optional.empty());
    MetricsBatch batch = record(missing);
    assertEquals(2, batch.points().size());
    assertTrue(batch.points().stream().anyMatch(p -> p.name().equals("hekate.verification")
        && p.tags().equals(List.of("ecosystem:npm", "package:left-pad", "status:missing"))));
    assertTrue(batch.points().stream().anyMatch(p -> p.name().equals("hekate.provenance.regression")
        && p.tags().equals(List.of("ecosystem:npm", "package:left-pad")) && p.value() == 1.0));
    assertEquals(1, batch.events().size());
    assertTrue(batch.events().get(0).tags().contains("hekate_event:regression"));
    assertTrue(batch.events().get(0).title().contains("left-pad@2.0.0"));
  }

  @Test
  void aChangedRegistryAnswerCountsEachPartAndRaisesOneEventWithBothDigests() {
    Verdict missing = new Verdict("drift", "1.0.0", Status.MISSING, false, List.of(), List.of(
        Finding.of(FindingType.REGISTRY_ANSWER_CHANGED, "attestations: the registry's answer differs", "aaa111", "bbb222"),
        Finding.of(FindingType.REGISTRY_ANSWER_CHANGED, "integrity: the registry's answer differs", "sha512-OLD",
            "sha512-NEW"),
        Finding.of(FindingType.REPOSITORY_MISMATCH, "attestations: not a change", "x", "y")),
        Evidence.none(), Optional.empty(), Optional.empty());
    MetricsBatch batch = record(missing);
    List<MetricPoint> changed = batch.points().stream().filter(p -> p.name().equals("hekate.registry.answer_changed"))
        .toList();
    assertEquals(2, changed.size(), batch.points().toString());
    assertTrue(changed.stream().anyMatch(p -> p.tags().containsAll(List.of("part:attestations", "package:drift",
        "ecosystem:npm")) && p.value() == 1.0), changed.toString());
    assertTrue(changed.stream().anyMatch(p -> p.tags().contains("part:integrity")), changed.toString());
    assertEquals(1, batch.events().size());
    AlertEvent e = batch.events().get(0);
    assertEquals("Hekate: drift@1.0.0 registry answer changed (attestations, integrity)", e.title());
    assertTrue(e.tags().containsAll(List.of("hekate_event:answer_changed", "part:attestations", "part:integrity")),
        e.tags().toString());
    for (String digest : List.of("aaa111", "bbb222", "sha512-OLD", "sha512-NEW")) {
      assertTrue(e.text().contains(digest), digest + " in\n" + e.text());
    }
  }

  @Test
  void verifiedMissingAndErrorRaiseNoEvent() {
    Verdict missing = new Verdict("a", "1.0.0", Status.MISSING, false, List.of(), List.of(), Evidence.none(),
        Optional.empty(), Optional.empty());
    Verdict error = Verdict.error("b", "", "down");
    assertEquals(0, record(missing).events().size());
    assertEquals(0, record(error).events().size());
    assertEquals(List.of("ecosystem:npm", "package:b", "status:error"), record(error).points().get(0).tags());
  }

  @Test
  void registryErrorsAndSweepGauges() {
    BufferingSink sink = new BufferingSink(Clock.fixed(NOW, ZoneOffset.UTC), 100, 10);
    VerdictMetrics.registryError(sink, "packument", 503);
    VerdictMetrics.registryError(sink, "attestations", 0);
    VerdictMetrics.registryError(sink, "packument", 503);
    VerdictMetrics.sweep(sink, 1000, java.time.Duration.ofMillis(41_250));
    MetricsBatch batch = sink.drain();
    assertTrue(batch.points().contains(new MetricPoint("hekate.registry.error", MetricType.COUNT, 2, NOW,
        List.of("endpoint:packument", "http_status:503"))));
    assertTrue(batch.points().contains(new MetricPoint("hekate.registry.error", MetricType.COUNT, 1, NOW,
        List.of("endpoint:attestations", "http_status:none"))));
    assertTrue(batch.points().contains(new MetricPoint("hekate.sweep.packages", MetricType.GAUGE, 1000, NOW,
        List.of("ecosystem:npm"))));
    assertTrue(batch.points().contains(new MetricPoint("hekate.sweep.duration", MetricType.GAUGE, 41.25, NOW,
        List.of("ecosystem:npm"))));
  }
}
