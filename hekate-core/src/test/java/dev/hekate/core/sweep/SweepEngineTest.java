package dev.hekate.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.result.CheckId;
import dev.hekate.testdata.registry.FloodAttack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SweepEngineTest {
  private static SweepFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new SweepFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static SweepEngine engine(int concurrency, VersionVerifier verifier) {
    return new SweepEngine(fixture.client::packument, verifier, SweepOptions.defaults().withConcurrency(concurrency),
        Clock.systemUTC());
  }

  /** Records every result, and whether two listener calls ever overlapped. */
  private static final class Recorder implements SweepListener {
    final List<PackageResult> results = new ArrayList<>();
    final AtomicInteger inside = new AtomicInteger();
    volatile boolean overlapped;
    int started = -1;
    SweepSummary finished;

    @Override
    public void started(int packages, SweepWindow window) {
      started = packages;
    }

    @Override
    public void packageSwept(PackageResult result) {
      if (inside.incrementAndGet() > 1) {
        overlapped = true;
      }
      results.add(result);
      Thread.yield();
      inside.decrementAndGet();
    }

    @Override
    public void finished(SweepSummary summary) {
      finished = summary;
    }

    Map<String, String> outcomes() {
      Map<String, String> out = new TreeMap<>();
      for (PackageResult r : results) {
        for (Verdict v : r.verdicts()) {
          out.put(r.name() + "@" + v.version(), v.status() + (v.regression() ? "+regression" : "")
              + (v.status() == Status.FAILED ? " " + v.firstFailure().orElseThrow().result().id().wireName() : ""));
        }
      }
      return out;
    }
  }

  @Test
  void eachPackageGetsItsVerdictsAndOneBadPackageNeverStopsTheRest() {
    Recorder recorder = new Recorder();
    SweepSummary summary = engine(3, fixture.service::verify)
        .run(SweepFixture.watchlist(SweepFixture.ALL), SweepFixture.WINDOW, recorder);

    assertEquals(Map.of(
        "honest-a@1.0.0", "VERIFIED",
        "victim-int@1.0.0", "FAILED npm.integrity",
        "victim-reg@1.0.0", "VERIFIED",
        "victim-reg@1.1.0", "VERIFIED",
        "victim-reg@1.2.0", "MISSING+regression",
        "never-had@1.0.0", "MISSING",
        "gone@", "ERROR",
        "down-pkg@", "ERROR"), recorder.outcomes());
    PackageResult gone = recorder.results.stream().filter(r -> r.name().equals("gone")).findFirst().orElseThrow();
    assertEquals(new FetchFailure("packument", 404, true, gone.packumentFailure().orElseThrow().message()),
        gone.packumentFailure().orElseThrow());
    assertFalse(gone.retryable(), "a package the registry does not have is an answer, not an outage");
    PackageResult down = recorder.results.stream().filter(r -> r.name().equals("down-pkg")).findFirst().orElseThrow();
    assertEquals("packument", down.packumentFailure().orElseThrow().endpoint());
    assertEquals(503, down.packumentFailure().orElseThrow().httpStatus());
    assertTrue(down.retryable());

    assertEquals(6, recorder.started);
    assertEquals(summary, recorder.finished);
    assertFalse(recorder.overlapped, "listener calls must be serialised");
    assertEquals(6, summary.packagesSwept());
    assertEquals(8, summary.versions());
    assertEquals(Map.of(Status.VERIFIED, 3, Status.FAILED, 1, Status.MISSING, 2, Status.ERROR, 2), summary.statuses());
    assertEquals(1, summary.regressions());
    assertEquals(Map.of("npm.integrity", 1), summary.failuresByCheck());
    assertEquals(Map.of("packument 404", 1, "packument 503", 1), summary.registryErrors());
    assertTrue(summary.alarming());
  }

  @Test
  void aWatchlistsTrustExceptionTurnsItsRegressionIntoAnExceptedDowngrade() throws Exception {
    Watchlist list = Watchlist.parse(("# with an exception\n" + SweepFixture.REGRESSED + "\n" + SweepFixture.HONEST
        + "\n" + Watchlist.TRUST_EXCLUDE + " " + SweepFixture.REGRESSED + "@1.2.0\n").getBytes(), "test");
    Recorder recorder = new Recorder();

    SweepSummary summary = engine(2, fixture.service::verify).run(list, SweepFixture.WINDOW, recorder);

    assertEquals("MISSING", recorder.outcomes().get(SweepFixture.REGRESSED + "@1.2.0"));
    assertEquals(0, summary.regressions());
    Verdict excepted = recorder.results.stream().filter(r -> r.name().equals(SweepFixture.REGRESSED))
        .flatMap(r -> r.verdicts().stream()).filter(v -> v.version().equals("1.2.0")).findFirst().orElseThrow();
    assertEquals(List.of("trust_downgrade_excepted"),
        excepted.findings().stream().map(f -> f.type().wireName()).toList());
  }

  @Test
  void eachPackumentIsFetchedOnce() {
    fixture.registry.clearRequests();
    engine(2, fixture.service::verify).run(SweepFixture.watchlist(List.of(SweepFixture.REGRESSED, SweepFixture.HONEST)),
        SweepFixture.WINDOW, r -> {});
    Map<String, Long> packuments = fixture.registry.requests().stream()
        .map(r -> r.path().substring(1))
        .filter(p -> !p.contains("/"))
        .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
    assertEquals(Map.of(SweepFixture.REGRESSED, 1L, SweepFixture.HONEST, 1L), packuments);
  }

  @Test
  void anExceptionIsAnErrorForThatVersionOnly() {
    VersionVerifier exploding = (packument, version, exceptions) -> {
      if (version.version().equals("1.1.0")) {
        throw new IllegalStateException("boom");
      }
      return fixture.service.verify(packument, version);
    };
    Recorder recorder = new Recorder();
    engine(2, exploding).run(SweepFixture.watchlist(List.of(SweepFixture.REGRESSED, SweepFixture.HONEST)),
        SweepFixture.WINDOW, recorder);
    assertEquals(Map.of(
        "honest-a@1.0.0", "VERIFIED",
        "victim-reg@1.0.0", "VERIFIED",
        "victim-reg@1.1.0", "ERROR",
        "victim-reg@1.2.0", "MISSING+regression"), recorder.outcomes());
    Verdict error = recorder.results.stream().flatMap(r -> r.verdicts().stream())
        .filter(v -> v.status() == Status.ERROR).findFirst().orElseThrow();
    assertTrue(error.error().orElseThrow().contains("IllegalStateException: boom"), error.toString());
  }

  @Test
  void aPackumentSourceThatThrowsIsAnErrorNotACrash() {
    PackumentSource broken = name -> {
      if (name.equals("bad")) {
        throw new IllegalArgumentException("unexpected");
      }
      return fixture.client.packument(name);
    };
    Recorder recorder = new Recorder();
    SweepSummary summary = new SweepEngine(broken, fixture.service::verify, SweepOptions.defaults(), Clock.systemUTC())
        .run(SweepFixture.watchlist(List.of("bad", SweepFixture.HONEST)), SweepFixture.WINDOW, recorder);
    assertEquals(Map.of("bad@", "ERROR", "honest-a@1.0.0", "VERIFIED"), recorder.outcomes());
    assertEquals(2, summary.packagesSwept());
  }

  @Test
  void aListenerThatThrowsIsCountedAndTheSweepGoesOn() {
    AtomicInteger calls = new AtomicInteger();
    SweepSummary summary = engine(2, fixture.service::verify).run(
        SweepFixture.watchlist(List.of(SweepFixture.HONEST, SweepFixture.NEVER_HAD)), SweepFixture.WINDOW, r -> {
          calls.incrementAndGet();
          throw new IllegalStateException("listener bug");
        });
    assertEquals(2, calls.get());
    assertEquals(2, summary.packagesSwept());
    assertEquals(2, summary.listenerFailures());
  }

  @Test
  void concurrencyIsBoundedAndUsed() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    PackumentSource slow = name -> {
      int now = inFlight.incrementAndGet();
      max.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(20);
        return fixture.client.packument(SweepFixture.HONEST);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    };
    List<String> names = IntStream.range(0, 24).mapToObj(i -> "pkg-" + i).toList();
    SweepSummary summary = new SweepEngine(slow, fixture.service::verify, SweepOptions.defaults().withConcurrency(4),
        Clock.systemUTC()).run(SweepFixture.watchlist(names), SweepFixture.WINDOW, r -> {});
    assertEquals(24, summary.packagesSwept());
    assertTrue(max.get() <= 4, "at most 4 in flight, saw " + max.get());
    assertTrue(max.get() >= 2, "packages should overlap, saw " + max.get());
  }

  @Test
  void anEmptyWatchlistFinishesAtOnce() {
    Recorder recorder = new Recorder();
    SweepSummary summary = engine(8, fixture.service::verify).run(SweepFixture.watchlist(List.of()),
        SweepFixture.WINDOW, recorder);
    assertEquals(0, summary.packagesSwept());
    assertEquals(summary, recorder.finished);
    assertFalse(summary.alarming());
    assertTrue(summary.duration().compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  void theSweepOfOnePackageIsWhatALambdaWorkerCalls() {
    PackageResult result = engine(1, fixture.service::verify).sweepPackage(SweepFixture.INTEGRITY, SweepFixture.WINDOW);
    assertEquals(1, result.verdicts().size());
    assertEquals(CheckId.NPM_INTEGRITY, result.verdicts().get(0).firstFailure().orElseThrow().result().id());
    assertTrue(result.alarming());
    assertFalse(result.retryable());
  }

  /** The start of the floods below: their 1.0.0 a month before it lies outside their windows. */
  private static final Instant FLOOD_START = SweepFixture.SIGSTORE.now().minus(Duration.ofDays(2));
  private static final SweepWindow FLOOD_WINDOW = new SweepWindow(FLOOD_START, FLOOD_START.plus(Duration.ofDays(1)));

  @Test
  void aRegressionBuriedUnderAFloodIsVerifiedAndTheFloodAlarms() {
    // An attacker's 1.0.1 without provenance, then 25 versions with it: 26 in the window, one over the threshold.
    List<String> flood = FloodAttack.publish(fixture.registry, SweepFixture.SIGSTORE, "flood-over", 25, FLOOD_START);
    Recorder recorder = new Recorder();
    SweepSummary summary = engine(1, fixture.service::verify)
        .run(SweepFixture.watchlist(List.of("flood-over")), FLOOD_WINDOW, recorder);

    PackageResult result = recorder.results.get(0);
    assertEquals(flood, result.verdicts().stream().map(Verdict::version).toList(), "every version, oldest first");
    assertEquals("MISSING+regression", recorder.outcomes().get("flood-over@" + FloodAttack.REGRESSED));
    assertEquals(Optional.of(new VersionFlood(26, SweepOptions.DEFAULT_FLOOD_THRESHOLD, 0)), result.flood());
    assertTrue(result.alarming());
    assertFalse(result.retryable(), "a flood is an answer: sweeping again meets the same versions");
    assertEquals(1, summary.versionFloods());
    assertEquals(0, summary.deferredVersions());
    assertEquals(1, summary.regressions());
    assertTrue(summary.alarming());
  }

  @Test
  void aWindowExactlyAtTheThresholdIsNotAFlood() {
    FloodAttack.publish(fixture.registry, SweepFixture.SIGSTORE, "flood-at", 24, FLOOD_START);
    PackageResult result = engine(1, fixture.service::verify).sweepPackage("flood-at", FLOOD_WINDOW);
    assertEquals(SweepOptions.DEFAULT_FLOOD_THRESHOLD, result.verdicts().size());
    assertEquals(Optional.empty(), result.flood());
  }

  @Test
  void overTheCeilingTheNewestAreDeferredCountedAndTheFloodAlarmsOnItsOwn() {
    FloodAttack.publish(fixture.registry, SweepFixture.SIGSTORE, "flood-ceiling", 7, FLOOD_START);
    // The window starts after the regressed 1.0.1: 1.0.2 .. 1.0.8, all with provenance, 7 in all.
    SweepWindow window = new SweepWindow(FLOOD_START.plusSeconds(30), FLOOD_WINDOW.until());
    SweepEngine engine = new SweepEngine(fixture.client::packument, fixture.service::verify, new SweepOptions(2, 3, 5),
        Clock.systemUTC());
    Recorder recorder = new Recorder();
    SweepSummary summary = engine.run(SweepFixture.watchlist(List.of("flood-ceiling", SweepFixture.HONEST)), window,
        recorder);

    PackageResult result = recorder.results.stream().filter(r -> r.name().equals("flood-ceiling")).findFirst()
        .orElseThrow();
    // The four oldest and the latest; the two in between are deferred.
    assertEquals(List.of("1.0.2", "1.0.3", "1.0.4", "1.0.5", "1.0.8"),
        result.verdicts().stream().map(Verdict::version).toList());
    assertTrue(result.verdicts().stream().allMatch(v -> v.status() == Status.VERIFIED), recorder.outcomes()::toString);
    assertEquals(Optional.of(new VersionFlood(7, 3, 2)), result.flood());
    assertEquals(0, summary.regressions());
    assertEquals(0, summary.count(Status.FAILED));
    assertEquals(1, summary.versionFloods());
    assertEquals(2, summary.deferredVersions());
    assertTrue(summary.alarming(), "a flood alarms without any other finding");
  }

  @Test
  void theCeilingIsAtLeastTheThresholdAndAtMostTheLimit() {
    assertThrows(IllegalArgumentException.class, () -> new SweepOptions(1, 25, 24));
    assertThrows(IllegalArgumentException.class,
        () -> new SweepOptions(1, 25, Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE + 1));
    assertEquals(Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE, SweepOptions.defaults().versionCeiling());
  }
}
