package dev.hekate.cli.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.RegistryAnswer.Part;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import dev.hekate.core.store.VersionKey.PackageKey;
import dev.hekate.lambda.store.VerdictStoreContract;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, then what only a file brings: schema versions, damage, other connections and processes. */
class SqliteVerdictStoreTest extends VerdictStoreContract {

  @TempDir
  Path dir;

  private Path file;

  @Override
  protected VerdictStore openFresh() throws Exception {
    file = dir.resolve("state").resolve("hekate").resolve("verdicts.db");
    return SqliteVerdictStore.open(file);
  }

  @Override
  protected VerdictStore openAgain() throws Exception {
    return SqliteVerdictStore.open(file);
  }

  private static Connection raw(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static List<String> column(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static void assertNamesFileWithoutTrace(StoreException e, Path file, String doing) {
    String message = e.getMessage();
    assertTrue(message.contains(file.toAbsolutePath().toString()), message);
    assertTrue(message.contains(doing), message);
    assertFalse(message.contains("\n") || message.contains("\tat "), message);
  }

  @Test
  void openCreatesTheMissingDirectoryAndFileInWalModeAtTheCurrentSchema() throws Exception {
    assertTrue(Files.isRegularFile(file), "created by openFresh, directories included");
    try (Connection connection = raw(file)) {
      assertEquals(List.of("wal"), column(connection, "PRAGMA journal_mode"));
      assertEquals(List.of("1"), column(connection, "SELECT version FROM schema_version ORDER BY version"));
      assertTrue(column(connection, "SELECT name FROM sqlite_schema WHERE type = 'table'")
          .containsAll(List.of("version_record", "answer_change", "sweep_cursor")));
    }
  }

  @Test
  void anEmptyFileIsMigratedAndOpeningAgainMigratesNothing() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));
    try (VerdictStore migrated = SqliteVerdictStore.open(empty)) {
      migrated.record(key("pkg", "1.0.0"), check(T0, "VERIFIED", answer("a", "sha512-1")));
    }
    try (VerdictStore again = SqliteVerdictStore.open(empty)) {
      assertEquals("VERIFIED", again.find(key("pkg", "1.0.0")).orElseThrow().status(), "data kept");
    }
    try (Connection connection = raw(empty)) {
      assertEquals(List.of(String.valueOf(SqliteVerdictStore.SCHEMA_VERSION)),
          column(connection, "SELECT version FROM schema_version"), "each migration applied once");
    }
  }

  @Test
  void openWaitsForAnotherConnectionsWriteOnANewFile() throws Exception {
    // Another connection writing the new file in rollback-journal mode (another Hekate opening it at
    // the same moment): switching to WAL then fails with SQLITE_BUSY at once, without the busy
    // handler, so open must wait for it itself.
    Path shared = dir.resolve("being-written.db");
    try (Connection other = raw(shared); Statement statement = other.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
          + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT)");
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<VerdictStore> opening = thread.submit(() -> SqliteVerdictStore.open(shared));
        Thread.sleep(300);
        assertFalse(opening.isDone(), "open waits while the other connection writes");
        statement.execute("ROLLBACK");
        try (VerdictStore opened = opening.get(30, TimeUnit.SECONDS)) {
          opened.record(key("pkg", "1.0.0"), check(T0, "VERIFIED", answer("a", "sha512-1")));
          assertTrue(opened.find(key("pkg", "1.0.0")).isPresent());
        }
      } finally {
        thread.shutdownNow();
      }
    }
  }

  @Test
  void storesOpeningOneNewFileAtOnceAllSucceedAndMigrateItOnce() throws Exception {
    // Every opener finds the file unmigrated before it takes the write lock; only the one that
    // re-reads the version under the lock and finds it current may skip the migration. Rounds,
    // because the window is a few milliseconds.
    int openers = 8;
    ExecutorService threads = Executors.newFixedThreadPool(openers);
    try {
      for (int round = 0; round < 20; round++) {
        Path shared = dir.resolve("opened-at-once-" + round + ".db");
        CyclicBarrier start = new CyclicBarrier(openers);
        List<Future<VerdictStore>> opened = new ArrayList<>();
        for (int i = 0; i < openers; i++) {
          opened.add(threads.submit(() -> {
            start.await();
            return SqliteVerdictStore.open(shared);
          }));
        }
        List<VerdictStore> stores = new ArrayList<>();
        try {
          for (Future<VerdictStore> each : opened) {
            stores.add(each.get(60, TimeUnit.SECONDS));
          }
          stores.getFirst().record(key("pkg", "1.0.0"), check(T0, "VERIFIED", answer("a", "sha512-1")));
          assertTrue(stores.getLast().find(key("pkg", "1.0.0")).isPresent(), "one file behind every store");
        } finally {
          for (VerdictStore each : stores) {
            each.close();
          }
        }
        try (Connection connection = raw(shared)) {
          assertEquals(List.of(String.valueOf(SqliteVerdictStore.SCHEMA_VERSION)),
              column(connection, "SELECT version FROM schema_version"), "migrated once, round " + round);
          assertEquals(List.of("wal"), column(connection, "PRAGMA journal_mode"));
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aNewerSchemaIsRefusedAndTheFileLeftUnchanged() throws Exception {
    store.record(key("pkg", "1.0.0"), check(T0, "VERIFIED", answer("a", "sha512-1")));
    store.close();
    try (Connection connection = raw(file); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO schema_version (version, description) VALUES ("
          + (SqliteVerdictStore.SCHEMA_VERSION + 1) + ", 'from a later Hekate')");
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    byte[] before = Files.readAllBytes(file);

    StoreException refused = assertThrows(StoreException.class, () -> SqliteVerdictStore.open(file));
    assertNamesFileWithoutTrace(refused, file, "newer than this Hekate knows");
    assertArrayEquals(before, Files.readAllBytes(file), "the refused file is not altered");
    store = openFreshElsewhere();
  }

  @Test
  void anotherProgramsDatabaseIsRefusedAndLeftUnchanged() throws Exception {
    Path foreign = dir.resolve("other.db");
    try (Connection connection = raw(foreign); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE notes (body TEXT)");
    }
    byte[] before = Files.readAllBytes(foreign);
    StoreException refused = assertThrows(StoreException.class, () -> SqliteVerdictStore.open(foreign));
    assertNamesFileWithoutTrace(refused, foreign, "not a Hekate verdict store");
    assertArrayEquals(before, Files.readAllBytes(foreign));
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedAtOpen() throws Exception {
    Path text = dir.resolve("notes.db");
    Files.writeString(text, "these are not the pages of a SQLite database\n".repeat(100));
    byte[] before = Files.readAllBytes(text);
    StoreException refused = assertThrows(StoreException.class, () -> SqliteVerdictStore.open(text));
    assertNamesFileWithoutTrace(refused, text, "could not read its schema");
    assertArrayEquals(before, Files.readAllBytes(text));
  }

  @Test
  void aDatabaseWithAGarbledFirstPageIsRefusedAtOpen() throws Exception {
    store.record(key("pkg", "1.0.0"), check(T0, "VERIFIED", answer("a", "sha512-1")));
    store.close();
    byte[] bytes = Files.readAllBytes(file);
    // Past the 100-byte file header, page 1 holds the schema table's b-tree: overwrite it.
    for (int i = 100; i < 600; i++) {
      bytes[i] = (byte) 0xA5;
    }
    Files.write(file, bytes);
    StoreException refused = assertThrows(StoreException.class, () -> SqliteVerdictStore.open(file));
    assertNamesFileWithoutTrace(refused, file, "could not");
    store = openFreshElsewhere();
  }

  @Test
  void instantsRoundTripToTheNanosecondAndOptionalsAreNull() throws Exception {
    VersionKey key = key("precise", "1.0.0");
    Instant at = Instant.parse("2026-12-01T10:00:00.123456789Z");
    Instant published = Instant.MIN;
    RegistryAnswer served = new RegistryAnswer(Optional.empty(), "sha512-1", Optional.of(published), "");
    store.record(key, new Check(at, "MISSING", Optional.empty(), false, "{}", served));
    StoredVerdict stored = store.find(key).orElseThrow();
    assertEquals(at, stored.firstSeen());
    assertEquals(served, stored.answer());

    RegistryAnswer unpublished = new RegistryAnswer(Optional.empty(), "sha512-1", Optional.empty(), "");
    Instant later = Instant.MAX;
    List<AnswerChange> changes = store.record(key, new Check(later, "MISSING", Optional.empty(), false, "{}",
        unpublished));
    assertEquals(List.of(new AnswerChange(key, later,
        new RegistryAnswer.Difference(Part.PUBLISH_TIME, published.toString(), "none"))), store.changes(key));
    assertEquals(changes, store.changes(key));
    assertEquals(unpublished, store.find(key).orElseThrow().answer());
    try (Connection connection = raw(file)) {
      assertEquals(List.of("1|1|1|1"), column(connection, "SELECT (tier IS NULL) || '|' || "
          + "(attestations_sha256 IS NULL) || '|' || (published_s IS NULL) || '|' || (published_ns IS NULL) "
          + "FROM version_record"), "absent values are NULL");
    }

    PackageKey pkg = key.packageKey();
    store.advanceCursor(pkg, at);
    store.advanceCursor(pkg, at.minusNanos(1));
    assertEquals(Optional.of(at), store.cursor(pkg), "one nanosecond earlier does not move it back");
    store.advanceCursor(pkg, at.plusNanos(1));
    assertEquals(Optional.of(at.plusNanos(1)), store.cursor(pkg));
  }

  @Test
  void twoStoresOnOneFileWriteConcurrentlyAndLoseNothing() throws Exception {
    VersionKey key = key("shared", "1.0.0");
    PackageKey pkg = key.packageKey();
    int threadsPerStore = 2;
    int each = 15;
    try (VerdictStore second = openAgain()) {
      List<VerdictStore> stores = List.of(store, second);
      ExecutorService threads = Executors.newFixedThreadPool(stores.size() * threadsPerStore);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int s = 0; s < stores.size(); s++) {
          for (int t = 0; t < threadsPerStore; t++) {
            VerdictStore target = stores.get(s);
            String writer = s + "-" + t;
            long base = (s * threadsPerStore + t) * 1000L;
            results.add(threads.submit(() -> {
              int changes = 0;
              for (int i = 0; i < each; i++) {
                // answer() derives the signatures from the integrity: count the integrity changes.
                changes += (int) target.record(key, check(T0.plusSeconds(base + i), "VERIFIED",
                    answer("a", "sha512-" + writer + "-" + i))).stream()
                    .filter(c -> c.difference().part() == Part.INTEGRITY).count();
                target.advanceCursor(pkg, T0.plusSeconds(base + i));
              }
              return changes;
            }));
          }
        }
        int returned = 0;
        for (Future<Integer> result : results) {
          returned += result.get(120, TimeUnit.SECONDS);
        }
        int records = stores.size() * threadsPerStore * each;
        assertEquals(records - 1, returned, "every record after the first found its integrity changed");
        assertChain(store.changes(key), records);
        assertEquals(second.changes(key), store.changes(key), "both connections see one history");
        assertEquals(Optional.of(T0.plusSeconds(((stores.size() * threadsPerStore) - 1) * 1000L + each - 1)),
            second.cursor(pkg), "the cursor ends at the largest value any writer gave");
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @Test
  void aSecondProcessWritingTheSameFileAtTheSameTimeLosesNothing() throws Exception {
    VersionKey key = key("two-processes", "1.0.0");
    int each = 150;
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SqliteWriterProcess.class.getName(),
        file.toString(), key.registry(), key.name(), String.valueOf(each));
    Process child = new ProcessBuilder(command).redirectError(dir.resolve("child-err.txt").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", out.readLine(), () -> childErrors());
      try (OutputStream in = child.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
      int returned = 0;
      for (int i = 0; i < each; i++) {
        RegistryAnswer served = new RegistryAnswer(Optional.of("a"), "sha512-parent-" + i, Optional.empty(), "");
        returned += store.record(key, new Check(Instant.ofEpochSecond(2_000_000L + i), "VERIFIED", Optional.empty(),
            false, "{}", served)).size();
      }
      String last = out.readLine();
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the second process did not finish");
      assertEquals(0, child.exitValue(), () -> childErrors());
      assertTrue(last != null && last.startsWith("changes "), last + childErrors());
      returned += Integer.parseInt(last.substring("changes ".length()));

      assertEquals(2 * each - 1, returned, "every record after the first, in either process, found a change");
      List<AnswerChange> history = store.changes(key);
      assertChain(history, 2 * each);
      boolean interleaved = history.stream().anyMatch(c ->
          c.difference().before().contains("parent") != c.difference().after().contains("parent"));
      assertTrue(interleaved, "the two processes never alternated: the test did not write concurrently");
      assertEquals(history.getLast().difference().after(), store.find(key).orElseThrow().answer().integrity(),
          "the record holds the last answer of the history");
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aWriteThatWaitsLongerThanTheBusyTimeoutFailsNamingTheFileAndWritesNothing() throws Exception {
    VersionKey key = key("locked", "1.0.0");
    try (Connection holder = raw(file); Statement statement = holder.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      long start = System.nanoTime();
      StoreException busy = assertThrows(StoreException.class,
          () -> store.record(key, check(T0, "VERIFIED", answer("a", "sha512-1"))));
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertNamesFileWithoutTrace(busy, file, "could not record a check of locked@1.0.0");
      assertTrue(waitedMillis >= SqliteVerdictStore.BUSY_TIMEOUT_MILLIS - 500, "gave up after " + waitedMillis + " ms");
      statement.execute("ROLLBACK");
    }
    assertEquals(Optional.empty(), store.find(key), "nothing half-written");
    store.record(key, check(T0, "VERIFIED", answer("a", "sha512-1")));
    assertTrue(store.find(key).isPresent(), "the store works again once the lock is released");
  }

  @Test
  void aClosedStoreSaysSo() throws Exception {
    store.close();
    StoreException closed = assertThrows(StoreException.class, () -> store.find(key("pkg", "1.0.0")));
    assertNamesFileWithoutTrace(closed, file, "closed");
    store = openAgain();
  }

  @Test
  void theDefaultFileIsInTheUsersStateDirectory() {
    Path home = Path.of("/home/someone");
    assertEquals(Path.of("/var/state/hekate/verdicts.db"),
        SqliteVerdictStore.defaultFile(Map.of("XDG_STATE_HOME", "/var/state"), home));
    assertEquals(Path.of("/home/someone/.local/state/hekate/verdicts.db"),
        SqliteVerdictStore.defaultFile(Map.of(), home));
    assertEquals(Path.of("/home/someone/.local/state/hekate/verdicts.db"),
        SqliteVerdictStore.defaultFile(Map.of("XDG_STATE_HOME", ""), home), "empty: unset");
    assertEquals(Path.of("/home/someone/.local/state/hekate/verdicts.db"),
        SqliteVerdictStore.defaultFile(Map.of("XDG_STATE_HOME", "relative/state"), home), "relative: ignored");
  }

  /** A store in another file, so the contract's {@code @AfterEach} has something open to close. */
  private VerdictStore openFreshElsewhere() throws StoreException {
    return SqliteVerdictStore.open(dir.resolve("elsewhere.db"));
  }

  private String childErrors() {
    try {
      return "\nsecond process: " + Files.readString(dir.resolve("child-err.txt"));
    } catch (java.io.IOException e) {
      return "\nsecond process: " + e;
    }
  }

  /** {@code records} checks, each serving a new integrity: the history is one unbroken chain through all of them. */
  private static void assertChain(List<AnswerChange> changes, int records) {
    List<AnswerChange> history = changes.stream().filter(c -> c.difference().part() == Part.INTEGRITY).toList();
    assertEquals(records - 1, history.size(), "every change kept");
    Set<String> seen = new HashSet<>();
    seen.add(history.getFirst().difference().before());
    for (int i = 0; i < history.size(); i++) {
      if (i > 0) {
        assertEquals(history.get(i - 1).difference().after(), history.get(i).difference().before(), "change " + i);
      }
      assertTrue(seen.add(history.get(i).difference().after()), "each answer once: " + history.get(i));
    }
    assertEquals(records, seen.size());
  }
}
