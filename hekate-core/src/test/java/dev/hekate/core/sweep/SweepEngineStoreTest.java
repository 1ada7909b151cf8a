package dev.hekate.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.store.VerdictRecorder;
import dev.hekate.core.store.VersionKey.PackageKey;
import dev.hekate.testdata.registry.FloodAttack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweep with a verdict store, on the engine: catch-up bounded by the ceiling and carried over,
 * the cursor stopping before a version that is not decided, and a store that fails never turning
 * into a verdict about a package.
 */
class SweepEngineStoreTest {
  private static final Instant START = SweepFixture.SIGSTORE.now().minus(Duration.ofDays(2));
  private static SweepFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new SweepFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** Every version asked for, and an ERROR for the versions in {@code failing}, once each. */
  private static final class Checker implements VersionChecker {
    final List<String> asked = Collections.synchronizedList(new ArrayList<>());
    final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Override
    public NpmService.Checked check(dev.hekate.core.registry.Packument packument,
        dev.hekate.core.registry.VersionDocument version, dev.hekate.core.npm.TrustExceptions exceptions) {
      asked.add(version.version());
      if (failing.remove(version.version())) {
        return new NpmService.Checked(Verdict.error(packument.name(), version.version(), "registry down"),
            Optional.empty());
      }
      return fixture.service.check(packument, version, exceptions);
    }
  }

  private static SweepEngine engine(MemoryVerdictStore store, VersionChecker checker, SweepOptions options) {
    VerdictRecorder recorder = new VerdictRecorder(store, fixture.registry.baseUrl().toString(), Clock.systemUTC());
    return new SweepEngine(fixture.client::packument, checker, options, Clock.systemUTC(),
        Optional.of(new SweepMemory(recorder, Duration.ofMinutes(30))));
  }

  private static PackageKey key(String name) {
    return new PackageKey(fixture.registry.baseUrl().toString(), name);
  }

  private static List<String> versions(PackageResult result) {
    return result.verdicts().stream().map(Verdict::version).toList();
  }

  @Test
  void catchUpBeyondTheCeilingIsCarriedOverAndTheCursorStopsBeforeIt() throws Exception {
    // 1.0.0 (30 days before the window), then in the window 1.0.1 (regressed: no provenance) and
    // 1.0.2 .. 1.0.8 with provenance, a minute apart: 8 versions, the latest 1.0.8.
    FloodAttack.publish(fixture.registry, SweepFixture.SIGSTORE, "carry", 7, START);
    MemoryVerdictStore store = new MemoryVerdictStore();
    Checker checker = new Checker();
    SweepWindow window = new SweepWindow(START.minusSeconds(1), START.plus(Duration.ofDays(1)));
    // A ceiling of 5 (threshold 3): the four oldest and the latest.
    SweepEngine small = engine(store, checker, new SweepOptions(1, 3, 5));
    PackageResult first = small.sweepPackage("carry", window);
    assertEquals(List.of("1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.8"), versions(first), first::toString);
    assertEquals(3, first.carriedOver(), "1.0.5 .. 1.0.7 are left for the next run");
    assertEquals(Optional.of(new VersionFlood(8, 3, 3)), first.flood());
    Instant lastBeforeGap = fixture.client.packument("carry").publishedAt("1.0.4").orElseThrow();
    assertEquals(Optional.of(lastBeforeGap), store.cursor(key("carry")),
        "covered up to the last decided version before the first carried over");

    checker.asked.clear();
    PackageResult second = small.sweepPackage("carry", window);
    assertEquals(List.of("1.0.5", "1.0.6", "1.0.7"), versions(second), second::toString);
    assertEquals(0, second.carriedOver());
    assertEquals(List.of("1.0.5", "1.0.6", "1.0.7"), checker.asked, "nothing decided is verified again");
    assertEquals(Optional.of(window.until()), store.cursor(key("carry")));

    checker.asked.clear();
    SweepEngine engine = engine(store, checker, SweepOptions.defaults().withConcurrency(1));
    PackageResult third = engine.sweepPackage("carry", window);
    assertEquals(List.of(), versions(third), "everything decided, the latest checked a moment ago");
    assertEquals(8, third.alreadyVerified());
    assertEquals(List.of(), checker.asked);
  }

  @Test
  void anErrorStopsTheCursorAndIsLookedAtAgainNextRun() throws Exception {
    FloodAttack.publish(fixture.registry, SweepFixture.SIGSTORE, "gap", 3, START);
    MemoryVerdictStore store = new MemoryVerdictStore();
    Checker checker = new Checker();
    checker.failing.add("1.0.2");
    SweepEngine engine = engine(store, checker, SweepOptions.defaults().withConcurrency(1));
    SweepWindow window = new SweepWindow(START.minusSeconds(1), START.plus(Duration.ofDays(1)));
    PackageResult first = engine.sweepPackage("gap", window);
    assertEquals(Status.ERROR, first.verdicts().stream().filter(v -> v.version().equals("1.0.2")).findFirst()
        .orElseThrow().status());
    Instant beforeGap = fixture.client.packument("gap").publishedAt("1.0.1").orElseThrow();
    assertEquals(Optional.of(beforeGap), store.cursor(key("gap")));

    checker.asked.clear();
    // The next run's own window starts after everything: the cursor brings 1.0.2 back.
    SweepWindow later = new SweepWindow(window.until(), window.until().plus(Duration.ofHours(1)));
    PackageResult second = engine.sweepPackage("gap", later);
    assertEquals(List.of("1.0.2"), checker.asked, second::toString);
    assertEquals(Status.VERIFIED, second.verdicts().get(0).status(), second::toString);
    assertEquals(Optional.of(later.until()), store.cursor(key("gap")));
  }

  @Test
  void aStoreThatCannotBeReadIsAnErrorAndNothingIsVerified() throws Exception {
    MemoryVerdictStore store = new MemoryVerdictStore();
    store.readsFail = true;
    Checker checker = new Checker();
    PackageResult result = engine(store, checker, SweepOptions.defaults()).sweepPackage(SweepFixture.HONEST,
        SweepFixture.WINDOW);
    assertEquals(1, result.verdicts().size());
    assertEquals(Status.ERROR, result.verdicts().get(0).status());
    assertTrue(result.verdicts().get(0).error().orElseThrow().contains("verdict store"), result::toString);
    assertEquals(List.of(), checker.asked, "nothing is verified without knowing what was");
    assertTrue(result.retryable());
  }

  @Test
  void aVerdictTheStoreCannotKeepStandsAndIsFollowedByAnError() throws Exception {
    MemoryVerdictStore store = new MemoryVerdictStore();
    store.recordFailsFor = "1.0.0";
    PackageResult result = engine(store, new Checker(), SweepOptions.defaults()).sweepPackage(SweepFixture.HONEST,
        SweepFixture.WINDOW);
    assertEquals(List.of(Status.VERIFIED, Status.ERROR), result.verdicts().stream().map(Verdict::status).toList(),
        "the verdict reached is reported, and so is the store's failure: " + result);
    assertEquals(Optional.empty(), store.cursor(key(SweepFixture.HONEST)), "not covered: verified again next run");
  }
}
