package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.FloodAttack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hekate sweep} without Datadog: what it prints, its exit status, its usage errors. */
class SweepCommandTest {
  @TempDir
  Path dir;

  private CliRun sweep(FakeRegistry registry, List<String> names, boolean interactive, String... more) throws Exception {
    List<String> args = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, names), dir);
    args.addAll(List.of(more));
    return SweepFixtures.sweep(Map.of(), interactive, args);
  }

  @Test
  void plainOutputHasALinePerVerdictProgressLinesAndTheSummaryTable() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      CliRun run = sweep(registry, SweepFixtures.MINTED, false, "--concurrency", "2");
      assertEquals(1, run.exit(), run.toString());
      for (String line : List.of("VERIFIED honest-a@1.0.0", "FAILED   victim-int@1.0.0  package npm.integrity",
          "MISSING  victim-reg@1.2.0  no provenance (REGRESSION", "MISSING  never-had@1.0.0  no provenance",
          "ERROR    gone@", "ERROR    down-pkg@")) {
        assertTrue(run.out().contains(line), line + " in\n" + run.out());
      }
      assertTrue(run.err().contains("hekate sweep: 6/6 packages (100%)"), run.err());
      assertFalse(run.err().contains("\r"), "no carriage returns when not a terminal");
      // The summary table.
      for (String row : List.of("Sweep of 6 package(s)", "VERIFIED          3", "FAILED            1",
          "MISSING           2   (1 regression)", "ERROR             2", "total             8",
          "npm.integrity", "packument 404", "packument 503", "needs a look:")) {
        assertTrue(run.out().contains(row), row + " in\n" + run.out());
      }
    }
  }

  @Test
  void onATerminalAProgressBarAndOnlyWhatNeedsALook() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      CliRun run = sweep(registry, SweepFixtures.MINTED, true);
      assertTrue(run.err().contains("\r\033[2K["), run.err());
      assertTrue(run.err().contains("] 6/6 100%"), run.err());
      assertFalse(run.out().contains("VERIFIED honest-a"), "verified versions are only counted on a terminal");
      assertTrue(run.out().contains("FAILED   victim-int@1.0.0"), run.out());
    }
  }

  @Test
  void exitStatusFollowsTheWorstVerdict() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      assertEquals(0, sweep(registry, List.of(SweepFixtures.HONEST, SweepFixtures.NEVER_HAD), false).exit(),
          "verified, and missing without regression");
      assertEquals(3, sweep(registry, List.of(SweepFixtures.HONEST, SweepFixtures.DOWN), false).exit(), "an ERROR");
      assertEquals(1, sweep(registry, List.of(SweepFixtures.REGRESSED, SweepFixtures.DOWN), false).exit(),
          "a regression outranks an error");
      assertEquals(1, sweep(registry, List.of(SweepFixtures.INTEGRITY), false).exit(), "FAILED");
    }
  }

  @Test
  void jsonPrintsVerdictsThenTheSummary() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      CliRun run = sweep(registry, List.of(SweepFixtures.REGRESSED), false, "--json");
      var lines = run.jsonLines();
      assertEquals(4, lines.size(), run.out());
      assertEquals("1.0.0", lines.get(0).path("version").asText());
      var summary = lines.get(3).path("summary");
      assertEquals(1, summary.path("packagesSwept").asInt());
      assertEquals(3, summary.path("versions").asInt());
      assertEquals(2, summary.at("/statuses/verified").asInt());
      assertEquals(1, summary.path("regressions").asInt());
      assertEquals(SweepFixtures.SINCE, summary.path("since").asText());
    }
  }

  @Test
  void trustExceptionsFromTheWatchlistOrTheOptionAreNotRegressions() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      Path withDirective = dir.resolve("excepting.txt");
      Files.writeString(withDirective, SweepFixtures.REGRESSED + "\n!trust-exclude " + SweepFixtures.REGRESSED + "@1.2.0\n");
      List<String> fromList = SweepFixtures.args(registry, withDirective, dir);
      fromList.add("--json");
      List<String> fromOption = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, List.of(SweepFixtures.REGRESSED)), dir);
      fromOption.addAll(List.of("--json", "--trust-exclude", SweepFixtures.REGRESSED));
      List<String> otherOption = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, List.of(SweepFixtures.REGRESSED)), dir);
      otherOption.addAll(List.of("--json", "--trust-exclude", SweepFixtures.REGRESSED + "@1.0.0"));

      for (List<String> args : List.of(fromList, fromOption)) {
        CliRun run = SweepFixtures.sweep(Map.of(), false, args);
        var lines = run.jsonLines();
        assertEquals(0, lines.get(lines.size() - 1).at("/summary/regressions").asInt(), run.out());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(lines.stream().anyMatch(v -> v.path("findings").toString().contains("\"trust_downgrade_excepted\"")),
            run.out());
      }
      CliRun unchanged = SweepFixtures.sweep(Map.of(), false, otherOption);
      var lines = unchanged.jsonLines();
      assertEquals(1, lines.get(lines.size() - 1).at("/summary/regressions").asInt(), unchanged.out());
      assertEquals(1, unchanged.exit());
    }
  }

  @Test
  void aMalformedTrustExceptionExitsTwoAndSweepsNothing() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      Path badDirective = dir.resolve("bad-directive.txt");
      Files.writeString(badDirective, "ok\n!trust-exclude ok@^1.0.0\n");
      for (List<String> extra : List.of(List.of("--watchlist", badDirective.toString()),
          List.of("--watchlist", SweepFixtures.watchlist(dir, List.of("ok")).toString(), "--trust-exclude", "ok@latest"),
          List.of("--watchlist", SweepFixtures.watchlist(dir, List.of("ok")).toString(), "--trust-exclude", ""))) {
        List<String> args = new ArrayList<>(List.of("--registry", registry.baseUrl().toString()));
        args.addAll(extra);
        CliRun run = SweepFixtures.sweep(Map.of(), false, args);
        assertEquals(2, run.exit(), extra + ": " + run);
      }
      assertEquals(0, registry.requestCount());
    }
  }

  /** A sweep of {@code name} whose window starts at {@code since}. */
  private CliRun sweepSince(FakeRegistry registry, String name, Instant since, String... more) throws Exception {
    List<String> args = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, List.of(name)), dir);
    args.set(args.indexOf("--since") + 1, since.toString());
    args.addAll(List.of(more));
    return SweepFixtures.sweep(Map.of(), false, args);
  }

  @Test
  void aRegressedVersionHiddenUnderAFloodIsVerifiedAndTheFloodAlarms() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      // 1.0.1 without provenance, then 25 versions with it, all in one window: one more than the cap.
      Instant start = SweepFixtures.SIGSTORE.now().minus(Duration.ofHours(2));
      List<String> flood = FloodAttack.publish(registry, SweepFixtures.SIGSTORE, "flooded", 25, start);
      CliRun run = sweepSince(registry, "flooded", start, "--json");

      List<JsonNode> verdicts = run.jsonLines().stream().filter(n -> n.has("status")).toList();
      JsonNode regressed = verdicts.stream().filter(v -> v.path("version").asText().equals(FloodAttack.REGRESSED))
          .findFirst().orElseThrow(() -> new AssertionError("1.0.1 was not verified:\n" + run));
      assertEquals("MISSING", regressed.path("status").asText());
      assertTrue(regressed.path("regression").asBoolean(), regressed::toString);
      assertEquals(flood, verdicts.stream().map(v -> v.path("version").asText()).toList(), "every version, oldest first");
      JsonNode summary = run.jsonLines().get(run.jsonLines().size() - 1).path("summary");
      assertEquals(1, summary.path("versionFloods").asInt(), summary::toString);
      assertEquals(0, summary.path("deferredVersions").asInt(), summary::toString);
      assertEquals(1, run.exit(), run.toString());

      CliRun table = sweepSince(registry, "flooded", start);
      assertEquals(1, table.exit(), table.toString());
      assertTrue(table.out().contains("1 version flood(s)"), table.out());
      assertTrue(table.out().contains("FLOOD    flooded"), table.out());
    }
  }

  @Test
  void aFloodIsAnAlarmOnItsOwnAndAWindowAtTheCapIsNot() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      Instant start = SweepFixtures.SIGSTORE.now().minus(Duration.ofHours(2));
      FloodAttack.publish(registry, SweepFixtures.SIGSTORE, "flooded", 26, start);
      // The window starts after the regressed 1.0.1: 26 versions with provenance, one more than the cap.
      CliRun over = sweepSince(registry, "flooded", start.plusSeconds(30), "--json");
      JsonNode summary = over.jsonLines().get(over.jsonLines().size() - 1).path("summary");
      assertEquals(0, summary.path("regressions").asInt(), summary::toString);
      assertEquals(26, summary.at("/statuses/verified").asInt(), summary::toString);
      assertEquals(1, summary.path("versionFloods").asInt(), summary::toString);
      assertEquals(1, over.exit(), "a flood without any other finding still exits 1: " + over);

      // One minute later the window holds 25 versions: exactly the cap, not a flood, nothing alarming.
      CliRun under = sweepSince(registry, "flooded", start.plusSeconds(90), "--json");
      summary = under.jsonLines().get(under.jsonLines().size() - 1).path("summary");
      assertEquals(0, summary.path("versionFloods").asInt(), summary::toString);
      assertEquals(0, under.exit(), under.toString());
    }
  }

  @Test
  void theWindowDecidesWhichOlderVersionsAreVerifiedTheLatestAlwaysIs() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      // The default window is the last hour: the minted versions are older, so only each latest.
      List<String> args = new ArrayList<>(SweepFixtures.args(registry,
          SweepFixtures.watchlist(dir, List.of(SweepFixtures.REGRESSED)), dir));
      int since = args.indexOf("--since");
      args.remove(since + 1);
      args.remove(since);
      args.add("--json");
      CliRun run = SweepFixtures.sweep(Map.of(), false, args);
      var verdicts = run.jsonLines().stream().filter(n -> n.has("status")).toList();
      assertEquals(1, verdicts.size(), run.out());
      assertEquals("1.2.0", verdicts.get(0).path("version").asText());
      assertTrue(verdicts.get(0).path("regression").asBoolean(), "regression is re-evaluated on the latest");
    }
  }

  @Test
  void theWatchlistComesFromTheEnvironmentWhenNoFileIsGiven() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      SweepFixtures.publishMinted(registry);
      List<String> args = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, List.of("unused")), dir);
      int watchlist = args.indexOf("--watchlist");
      args.remove(watchlist + 1);
      args.remove(watchlist);
      CliRun run = SweepFixtures.sweep(Map.of("HEKATE_WATCHLIST", "honest-a,never-had"), false, args);
      assertEquals(0, run.exit(), run.toString());
      assertTrue(run.out().contains("Sweep of 2 package(s) from HEKATE_WATCHLIST"), run.out());
    }
  }

  @Test
  void usageErrorsExitTwoAndSweepNothing() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      Path bad = dir.resolve("bad.txt");
      Files.writeString(bad, "ok\n../etc/passwd\n");
      List<List<String>> cases = List.of(
          List.of("--concurrency", "0"), List.of("--concurrency", "65"), List.of("--concurrency", "x"),
          List.of("--since", "yesterday"), List.of("--since", "2999-01-01T00:00:00Z"),
          List.of("--watchlist", dir.resolve("missing.txt").toString()), List.of("--watchlist", bad.toString()),
          List.of("--registry", "ftp://x"), List.of("left-pad@1.0.0"), List.of("--no-such-option"));
      for (List<String> extra : cases) {
        List<String> args = new ArrayList<>(List.of("--registry", registry.baseUrl().toString()));
        args.addAll(extra);
        CliRun run = SweepFixtures.sweep(Map.of(), false, args);
        assertEquals(2, run.exit(), extra + ": " + run);
        assertTrue(run.err().startsWith("hekate sweep: "), run.err());
      }
      assertEquals(0, registry.requestCount());
      CliRun help = SweepFixtures.sweep(Map.of(), false, List.of("--help"));
      assertEquals(0, help.exit());
      assertTrue(help.out().contains("--since WHEN"));
    }
  }

  @Test
  void sinceAcceptsDurationsTimesAndDates() throws Exception {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    assertEquals(Instant.parse("2026-03-01T10:30:00Z"), SweepCommand.since(Optional.of("90m"), now));
    assertEquals(Instant.parse("2026-03-01T10:00:00Z"), SweepCommand.since(Optional.of("2h"), now));
    assertEquals(Instant.parse("2026-02-28T12:00:00Z"), SweepCommand.since(Optional.of("1d"), now));
    assertEquals(Instant.parse("2026-03-01T11:59:30Z"), SweepCommand.since(Optional.of("30s"), now));
    assertEquals(Instant.parse("2026-03-01T09:00:00Z"), SweepCommand.since(Optional.of("PT3H"), now));
    assertEquals(Instant.parse("2026-02-01T00:00:00Z"), SweepCommand.since(Optional.of("2026-02-01"), now));
    assertEquals(Instant.parse("2026-02-01T08:00:00Z"), SweepCommand.since(Optional.of("2026-02-01T08:00:00Z"), now));
    assertEquals(Instant.parse("2026-03-01T11:00:00Z"), SweepCommand.since(Optional.empty(), now));
  }
}
