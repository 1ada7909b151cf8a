package dev.hekate.lambda.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.RegistryAnswer.Part;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import dev.hekate.core.store.VersionKey.PackageKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VerdictStore} engine must do, run against each (SQLite in hekate-cli, DynamoDB
 * through the real AWS SDK against a DynamoDB-API engine on loopback in hekate-lambda). A subclass
 * says how to open a fresh store and how to open the same one again.
 */
public abstract class VerdictStoreContract {
  protected static final String REGISTRY = "https://registry.npmjs.org/";
  protected static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  protected VerdictStore store;

  /** A new, empty store (its own file, table or database for this test). */
  protected abstract VerdictStore openFresh() throws Exception;

  /** The store {@link #openFresh} opened last, opened again (another connection or client). */
  protected abstract VerdictStore openAgain() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openFresh();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  protected static RegistryAnswer answer(String attestations, String integrity) {
    return new RegistryAnswer(Optional.ofNullable(attestations), integrity, Optional.of(T0.minusSeconds(3600)),
        "sig-" + integrity);
  }

  protected static Check check(Instant at, String status, RegistryAnswer answer) {
    return new Check(at, status, status.equals("VERIFIED") ? Optional.of("provenance") : Optional.empty(),
        false, "{\"status\":\"" + status + "\"}", answer);
  }

  protected static VersionKey key(String name, String version) {
    return new VersionKey(REGISTRY, name, version);
  }

  @Test
  void aVersionNeverCheckedHasNoRecordNoChangesAndNoCursor() throws Exception {
    assertEquals(Optional.empty(), store.find(key("never", "1.0.0")));
    assertEquals(List.of(), store.changes(key("never", "1.0.0")));
    assertEquals(List.of(), store.versions(new PackageKey(REGISTRY, "never")));
    assertEquals(Optional.empty(), store.cursor(new PackageKey(REGISTRY, "never")));
  }

  @Test
  void theFirstCheckCreatesTheRecordAndChangesNothing() throws Exception {
    VersionKey key = key("left-pad", "1.3.0");
    RegistryAnswer served = answer("aa11", "sha512-abc");
    assertEquals(List.of(), store.record(key, check(T0, "VERIFIED", served)));
    StoredVerdict stored = store.find(key).orElseThrow();
    assertEquals(new StoredVerdict(key, "VERIFIED", Optional.of("provenance"), false, "{\"status\":\"VERIFIED\"}",
        served, T0, T0), stored);
  }

  @Test
  void theSameAnswerAgainMovesLastCheckedKeepsFirstSeenAndChangesNothing() throws Exception {
    VersionKey key = key("left-pad", "1.3.0");
    store.record(key, check(T0, "MISSING", answer(null, "sha512-abc")));
    assertEquals(List.of(), store.record(key, check(T0.plusSeconds(60), "MISSING", answer(null, "sha512-abc"))));
    StoredVerdict stored = store.find(key).orElseThrow();
    assertEquals(T0, stored.firstSeen());
    assertEquals(T0.plusSeconds(60), stored.lastChecked());
    assertEquals(List.of(), store.changes(key));
  }

  @Test
  void aChangedAnswerIsReturnedWithBothValuesAndKept() throws Exception {
    VersionKey key = key("@scope/tool", "2.0.0");
    store.record(key, check(T0, "VERIFIED", answer("aa11", "sha512-abc")));
    Instant later = T0.plusSeconds(3600);
    List<AnswerChange> changes = store.record(key, check(later, "MISSING", answer(null, "sha512-xyz")));

    List<AnswerChange> expected = List.of(
        new AnswerChange(key, later, new RegistryAnswer.Difference(Part.ATTESTATIONS, "aa11", "none")),
        new AnswerChange(key, later, new RegistryAnswer.Difference(Part.INTEGRITY, "sha512-abc", "sha512-xyz")),
        new AnswerChange(key, later, new RegistryAnswer.Difference(Part.SIGNATURES, "sig-sha512-abc", "sig-sha512-xyz")));
    assertEquals(expected, changes);
    assertEquals(expected, store.changes(key));
    assertEquals("MISSING", store.find(key).orElseThrow().status(), "the latest verdict replaces the first");
    assertEquals(T0, store.find(key).orElseThrow().firstSeen());
  }

  @Test
  void historyIsAppendedNeverOverwrittenAndSurvivesReopening() throws Exception {
    VersionKey key = key("moving", "1.0.0");
    store.record(key, check(T0, "VERIFIED", answer("a1", "sha512-1")));
    store.record(key, check(T0.plusSeconds(10), "VERIFIED", answer("a2", "sha512-1")));
    store.record(key, check(T0.plusSeconds(20), "VERIFIED", answer("a2", "sha512-1")));
    store.record(key, check(T0.plusSeconds(30), "VERIFIED", answer("a3", "sha512-1")));
    store.close();
    store = openAgain();
    List<AnswerChange> history = store.changes(key);
    assertEquals(List.of("a1>a2@" + T0.plusSeconds(10), "a2>a3@" + T0.plusSeconds(30)),
        history.stream().map(c -> c.difference().before() + ">" + c.difference().after() + "@" + c.at()).toList());
    assertEquals(T0.plusSeconds(30), store.find(key).orElseThrow().lastChecked());
  }

  @Test
  void versionsAreThoseOfThePackageOnThatRegistryOnly() throws Exception {
    store.record(key("pkg", "1.0.0"), check(T0, "VERIFIED", answer("a", "sha512-1")));
    store.record(key("pkg", "1.1.0"), check(T0, "MISSING", answer(null, "sha512-2")));
    store.record(key("pkg-other", "1.0.0"), check(T0, "VERIFIED", answer("b", "sha512-3")));
    store.record(new VersionKey("https://mirror.example/", "pkg", "9.0.0"), check(T0, "VERIFIED", answer("c", "sha512-4")));
    List<String> versions = store.versions(new PackageKey(REGISTRY, "pkg")).stream()
        .map(v -> v.key().version()).sorted().toList();
    assertEquals(List.of("1.0.0", "1.1.0"), versions);
  }

  @Test
  void theCursorNeverMovesBackwards() throws Exception {
    PackageKey pkg = new PackageKey(REGISTRY, "swept");
    store.advanceCursor(pkg, T0);
    assertEquals(Optional.of(T0), store.cursor(pkg));
    store.advanceCursor(pkg, T0.minusSeconds(1));
    assertEquals(Optional.of(T0), store.cursor(pkg), "a late run leaves the cursor where it is");
    store.advanceCursor(pkg, T0.plusSeconds(5));
    assertEquals(Optional.of(T0.plusSeconds(5)), store.cursor(pkg));
    assertEquals(Optional.empty(), store.cursor(new PackageKey("https://mirror.example/", "swept")));
  }

  @Test
  void concurrentChecksOfOneVersionAreSerialisedAndLoseNoChange() throws Exception {
    VersionKey key = key("busy", "1.0.0");
    int writers = 8;
    int each = 5;
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      List<Future<List<AnswerChange>>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        results.add(threads.submit(() -> {
          List<AnswerChange> mine = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            // Every check serves another integrity: every record but the first is a change.
            mine.addAll(store.record(key, check(T0.plusSeconds(writer * 100L + i), "VERIFIED",
                answer("a", "sha512-" + writer + "-" + i))));
          }
          return mine;
        }));
      }
      int returned = 0;
      for (Future<List<AnswerChange>> result : results) {
        returned += result.get(60, TimeUnit.SECONDS).stream().filter(c -> c.difference().part() == Part.INTEGRITY).count();
      }
      List<AnswerChange> history = store.changes(key).stream()
          .filter(c -> c.difference().part() == Part.INTEGRITY).toList();
      assertEquals(writers * each - 1, returned, "each record after the first found a change");
      assertEquals(writers * each - 1, history.size(), "and every one was kept");
      // Serialised: each change starts where the one before it ended.
      for (int i = 1; i < history.size(); i++) {
        assertEquals(history.get(i - 1).difference().after(), history.get(i).difference().before(), "change " + i);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void largeVerdictsAndUnusualNamesRoundTrip() throws Exception {
    String big = "{\"status\":\"FAILED\",\"pad\":\"" + "x".repeat(300_000) + "\"}";
    VersionKey key = new VersionKey(REGISTRY, "@scope/na'me\"<script>", "1.0.0-rc.1+build.5");
    Check check = new Check(T0, "FAILED", Optional.empty(), true, big, answer("e\u00e9", "sha512-\u2603"));
    store.record(key, check);
    StoredVerdict stored = store.find(key).orElseThrow();
    assertEquals(big, stored.verdictJson());
    assertTrue(stored.regression());
    assertEquals(check.answer(), stored.answer());
    assertEquals(List.of(key), store.versions(key.packageKey()).stream().map(StoredVerdict::key)
        .sorted(Comparator.comparing(VersionKey::version)).toList());
  }
}
