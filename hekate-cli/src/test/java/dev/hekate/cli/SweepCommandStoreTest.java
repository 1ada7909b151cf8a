package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VersionKey;
import dev.hekate.core.store.VersionKey.PackageKey;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate sweep} with a verdict store: no version is left unverified when a scheduled run
 * does not happen, and a sweep process killed half-way loses none of what it recorded and verifies
 * none of it again when restarted. Real SQLite file, loopback registry, minted packages.
 */
class SweepCommandStoreTest {
  private static final FakeSigstore SIGSTORE = SweepFixtures.SIGSTORE;

  @TempDir
  Path dir;

  private List<String> args(FakeRegistry registry, Path store, List<String> names, String... more) throws IOException {
    List<Path> trust = SweepFixtures.trust(dir);
    List<String> args = new ArrayList<>(List.of("--registry", registry.baseUrl().toString(),
        "--watchlist", SweepFixtures.watchlist(dir, names).toString(), "--trusted-root", trust.get(0).toString(),
        "--npm-keys", trust.get(1).toString(), "--json", "--concurrency", "1", "--store", store.toString()));
    args.addAll(List.of(more));
    return args;
  }

  /** {@code hekate sweep} in-process, its window ending at {@code now}. */
  private static CliRun sweepAt(Instant now, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = SweepCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), Clock.fixed(now, ZoneOffset.UTC), false);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The versions a run verified (its verdict lines), in output order. */
  private static List<String> verified(CliRun run) throws IOException {
    List<String> versions = new ArrayList<>();
    for (JsonNode line : run.jsonLines()) {
      if (!line.has("summary")) {
        assertEquals("VERIFIED", line.path("status").asText(), line::toString);
        versions.add(line.path("version").asText());
      }
    }
    return versions;
  }

  private static JsonNode summary(CliRun run) throws IOException {
    List<JsonNode> lines = run.jsonLines();
    return lines.get(lines.size() - 1).path("summary");
  }

  @Test
  void aRunThatDidNotHappenIsCaughtUpByTheNext() throws Exception {
    Path store = dir.resolve("verdicts.db");
    Instant published = SIGSTORE.now();
    String name = "catch-up";
    String registryKey;
    try (FakeRegistry registry = FakeRegistry.start()) {
      registryKey = registry.baseUrl().toString();
      GeneratedNpm.publishVerified(registry, SIGSTORE, name, "1.0.0", BundleGeneration.V03_DSSE,
          published.minus(Duration.ofMinutes(30)));
      Instant run1 = published.plus(Duration.ofHours(1));
      CliRun first = sweepAt(run1, args(registry, store, List.of(name)));
      assertEquals(List.of("1.0.0"), verified(first), first::toString);

      // Three versions published after run 1; run 2 (at run1 + 1h) never happens.
      GeneratedNpm.publishVerified(registry, SIGSTORE, name, "1.1.0", BundleGeneration.V03_DSSE,
          run1.plus(Duration.ofMinutes(30)));
      GeneratedNpm.publishVerified(registry, SIGSTORE, name, "1.2.0", BundleGeneration.V03_DSSE,
          run1.plus(Duration.ofMinutes(90)));
      GeneratedNpm.publishVerified(registry, SIGSTORE, name, "1.3.0", BundleGeneration.V03_DSSE,
          run1.plus(Duration.ofMinutes(150)));
      Instant run3 = run1.plus(Duration.ofHours(3));

      // Without a store, run 3 sees its own hour only: 1.1.0 and 1.2.0 would never be verified.
      CliRun forgetful = sweepAt(run3, args(registry, dir.resolve("unused.db"), List.of(name), "--no-store")
          .stream().filter(a -> !a.equals("--store") && !a.endsWith("unused.db")).toList());
      assertEquals(List.of("1.3.0"), verified(forgetful), forgetful::toString);

      CliRun third = sweepAt(run3, args(registry, store, List.of(name)));
      assertEquals(List.of("1.1.0", "1.2.0", "1.3.0"), verified(third),
          "run 3 verifies every version published since run 1, and not 1.0.0 again: " + third);
      assertEquals(0, third.exit(), third::toString);

      CliRun fourth = sweepAt(run3.plus(Duration.ofMinutes(1)), args(registry, store, List.of(name)));
      assertEquals(List.of(), verified(fourth), "nothing new, the latest checked a moment ago: " + fourth);
      assertEquals(1, summary(fourth).path("alreadyVerified").asInt(), fourth::toString);
    }
    try (SqliteVerdictStore opened = SqliteVerdictStore.open(store)) {
      List<String> kept = opened.versions(new PackageKey(registryKey, name)).stream().map(s -> s.key().version())
          .sorted().toList();
      assertEquals(List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0"), kept);
      assertEquals(Optional.of(published.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(1))),
          opened.cursor(new PackageKey(registryKey, name)), "the cursor is the end of run 4's window, fully covered");
    }
  }

  @Test
  void aSweepKilledHalfWayLosesNothingAndVerifiesNothingTwice() throws Exception {
    Path store = dir.resolve("verdicts.db");
    List<String> names = List.of("kill-a", "kill-b", "kill-c", "kill-d");
    int perPackage = 5;
    Instant start = SIGSTORE.now().minus(Duration.ofDays(1));
    try (FakeRegistry registry = FakeRegistry.start()) {
      String registryUrl = registry.baseUrl().toString();
      int n = 0;
      for (String name : names) {
        for (int v = 0; v < perPackage; v++) {
          GeneratedNpm.publishVerified(registry, SIGSTORE, name, "1." + v + ".0", BundleGeneration.V03_DSSE,
              start.plus(Duration.ofMinutes(10L * n++)));
        }
      }
      // Slow enough that the sweep is still running when it is killed.
      registry.setLatency(Duration.ofMillis(120));
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sweep", "--since", SweepFixtures.SINCE));
      command.addAll(args(registry, store, names));
      Process child = new ProcessBuilder(command).redirectOutput(dir.resolve("child-out.txt").toFile())
          .redirectError(dir.resolve("child-err.txt").toFile()).start();
      Map<String, Instant> before;
      try (SqliteVerdictStore watcher = SqliteVerdictStore.open(store)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (stored(watcher, registryUrl, names).size() < 6 && System.nanoTime() < deadline && child.isAlive()) {
          Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the sweep ended before it could be killed half-way");
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no close
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        before = stored(watcher, registryUrl, names);
      }
      assertTrue(before.size() >= 6 && before.size() < names.size() * perPackage,
          "killed half-way: " + before.size() + " of " + names.size() * perPackage + " stored");

      registry.setLatency(Duration.ZERO);
      CliRun restart = SweepFixtures.sweep(Map.of(), false, argsWithSince(registry, store, names));
      List<String> again = new ArrayList<>();
      for (JsonNode line : restart.jsonLines()) {
        if (!line.has("summary")) {
          assertEquals("VERIFIED", line.path("status").asText(), line::toString);
          again.add(line.path("package").asText() + "@" + line.path("version").asText());
        }
      }
      for (String spec : again) {
        assertTrue(!before.containsKey(spec), spec + " was stored before the kill and verified again: " + again);
      }
      try (SqliteVerdictStore opened = SqliteVerdictStore.open(store)) {
        Map<String, Instant> after = stored(opened, registryUrl, names);
        assertEquals(names.size() * perPackage, after.size(), "every version is decided after the restart");
        for (Map.Entry<String, Instant> e : before.entrySet()) {
          assertEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " kept as it was recorded before the kill");
        }
        assertEquals(names.size() * perPackage - before.size(), again.size(), "the rest, each once: " + again);
      }
    }
  }

  private List<String> argsWithSince(FakeRegistry registry, Path store, List<String> names) throws IOException {
    List<String> args = args(registry, store, names);
    args.addAll(List.of("--since", SweepFixtures.SINCE));
    return args;
  }

  /** Every stored version of {@code names}, as {@code name@version} → last checked. */
  private static Map<String, Instant> stored(SqliteVerdictStore store, String registry, List<String> names)
      throws Exception {
    Map<String, Instant> all = new TreeMap<>();
    for (String name : names) {
      for (StoredVerdict s : store.versions(new PackageKey(registry, name))) {
        VersionKey key = s.key();
        all.put(key.name() + "@" + key.version(), s.lastChecked());
      }
    }
    return all;
  }
}
