package dev.hekate.cli.store;

import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.RegistryAnswer.Difference;
import dev.hekate.core.store.RegistryAnswer.Part;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import dev.hekate.core.store.VersionKey.PackageKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * The verdict store in one SQLite file, for the command line and {@code hekate serve}.
 *
 * <p>One connection per store, used by one thread at a time (a lock); other stores and other
 * processes on the same file are separate connections, serialised by SQLite itself: the file is
 * in WAL mode, every write is one {@code BEGIN IMMEDIATE} transaction, and a writer waits up to
 * {@link #BUSY_TIMEOUT_MILLIS} for another to finish before it gives up with a
 * {@link StoreException}. Instants are kept as whole epoch seconds plus nanoseconds (two integer
 * columns), so they round-trip exactly and compare in SQL.
 *
 * <p>The schema is versioned: {@link #open} applies the migrations the file lacks, in order, in one
 * transaction, and refuses a file written by a newer Hekate (or any other SQLite database) without
 * changing it.
 */
public final class SqliteVerdictStore implements VerdictStore {

  /** How long a write waits for another connection's write to finish. */
  static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private static final long RETRY_PAUSE_MILLIS = 10;

  /** A step of the schema: applied once, in order, recorded in {@code schema_version}. */
  record Migration(int version, String description, List<String> statements) {}

  /** Every migration this code knows, oldest first; append, never edit one that has shipped. */
  static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "verdicts, answer history and sweep cursors", List.of(
          """
          CREATE TABLE version_record (
            id INTEGER PRIMARY KEY,
            registry TEXT NOT NULL,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            status TEXT NOT NULL,
            tier TEXT,
            regression INTEGER NOT NULL CHECK (regression IN (0, 1)),
            verdict_json TEXT NOT NULL,
            attestations_sha256 TEXT,
            integrity TEXT NOT NULL,
            published_s INTEGER,
            published_ns INTEGER,
            signatures_sha256 TEXT NOT NULL,
            first_seen_s INTEGER NOT NULL,
            first_seen_ns INTEGER NOT NULL,
            last_checked_s INTEGER NOT NULL,
            last_checked_ns INTEGER NOT NULL,
            UNIQUE (registry, name, version)
          )""",
          """
          CREATE TABLE answer_change (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            version_id INTEGER NOT NULL REFERENCES version_record (id),
            at_s INTEGER NOT NULL,
            at_ns INTEGER NOT NULL,
            part TEXT NOT NULL CHECK (part IN ('attestations', 'integrity', 'publish_time', 'signatures')),
            before TEXT NOT NULL,
            after TEXT NOT NULL
          )""",
          "CREATE INDEX answer_change_by_version ON answer_change (version_id, id)",
          """
          CREATE TABLE sweep_cursor (
            registry TEXT NOT NULL,
            name TEXT NOT NULL,
            covered_s INTEGER NOT NULL,
            covered_ns INTEGER NOT NULL,
            PRIMARY KEY (registry, name)
          )""")));

  /** The schema version this code writes: the last migration's. */
  static final int SCHEMA_VERSION = MIGRATIONS.getLast().version();

  private static final String ANSWER_COLUMNS =
      "attestations_sha256, integrity, published_s, published_ns, signatures_sha256";
  private static final String RECORD_COLUMNS = "registry, name, version, status, tier, regression, verdict_json, "
      + ANSWER_COLUMNS + ", first_seen_s, first_seen_ns, last_checked_s, last_checked_ns";

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  private SqliteVerdictStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Where the command line keeps its store unless told otherwise: the user's state directory,
   * {@code $XDG_STATE_HOME/hekate/verdicts.db}, else {@code ~/.local/state/hekate/verdicts.db}.
   * An empty or relative {@code XDG_STATE_HOME} is ignored, as the XDG specification asks.
   */
  public static Path defaultFile(Map<String, String> environment, Path userHome) {
    String state = environment.getOrDefault("XDG_STATE_HOME", "");
    Path base = !state.isEmpty() && Path.of(state).isAbsolute()
        ? Path.of(state)
        : userHome.resolve(".local").resolve("state");
    return base.resolve("hekate").resolve("verdicts.db");
  }

  /**
   * Opens the store in {@code file}, creating the file and its directory when missing and bringing
   * its schema up to date.
   *
   * @throws StoreException when the directory or file cannot be created or opened, the file is
   *     not a SQLite database or is corrupt, it is another program's database, its schema is newer
   *     than this code knows (the file is then left as it was), or another process held it longer
   *     than the busy timeout
   */
  public static SqliteVerdictStore open(Path file) throws StoreException {
    Path absolute = file.toAbsolutePath();
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException("verdict store " + absolute + ": could not create its directory: " + e, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    Connection connection;
    try {
      connection = config.createConnection("jdbc:sqlite:" + absolute);
    } catch (SQLException e) {
      throw failure(absolute, "could not open the file", e);
    }
    try {
      prepare(absolute, connection);
      return new SqliteVerdictStore(absolute, connection);
    } catch (StoreException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Checks the schema before changing anything, then sets the connection up and migrates. */
  private static void prepare(Path file, Connection connection) throws StoreException {
    String step = "could not read its schema";
    try {
      // Read only: a file this code must refuse is refused before the journal mode changes it.
      int version = currentVersion(connection);
      refuseUnknown(file, version);
      step = "could not switch it to WAL journal mode";
      String mode = switchToWal(file, connection);
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new StoreException("verdict store " + file + ": " + step + " (it stays in " + mode
            + " mode; is it on a file system without shared memory?)");
      }
      step = "could not turn foreign keys on";
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA foreign_keys = ON");
      }
      step = "could not migrate its schema to version " + SCHEMA_VERSION;
      // A schema version never goes down: a file already current needs no write lock to open.
      if (version < SCHEMA_VERSION) {
        migrate(file, connection);
      }
    } catch (SQLException e) {
      throw failure(file, step, e);
    }
  }

  /**
   * Switches a new file to WAL and returns the journal mode it is in. Two connections switching
   * one new file at once can get SQLITE_BUSY at once, without the busy handler waiting (one of
   * them holds a read lock while it asks for the exclusive one): retried within the busy timeout.
   */
  private static String switchToWal(Path file, Connection connection) throws SQLException, StoreException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MILLIS);
    while (true) {
      try (Statement statement = connection.createStatement();
          ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
        return mode.next() ? mode.getString(1) : "";
      } catch (SQLException e) {
        if ((e.getErrorCode() & 0xFF) != SQLiteErrorCode.SQLITE_BUSY.code || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(RETRY_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("verdict store " + file + ": interrupted while waiting to switch it to WAL", e);
      }
    }
  }

  /**
   * The file's schema version: 0 for an empty database, -1 for a database with tables but no
   * schema version (not ours).
   */
  private static int currentVersion(Connection connection) throws SQLException {
    boolean anyTable = false;
    boolean versioned = false;
    try (Statement statement = connection.createStatement();
        ResultSet tables = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
      while (tables.next()) {
        anyTable = true;
        versioned |= tables.getString(1).equals("schema_version");
      }
    }
    if (!versioned) {
      return anyTable ? -1 : 0;
    }
    try (Statement statement = connection.createStatement();
        ResultSet version = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      version.next();
      return version.getInt(1);
    }
  }

  private static void refuseUnknown(Path file, int version) throws StoreException {
    if (version < 0) {
      throw new StoreException("verdict store " + file
          + ": it is a SQLite database but not a Hekate verdict store (it has tables and no schema_version); "
          + "left unchanged");
    }
    if (version > SCHEMA_VERSION) {
      throw new StoreException("verdict store " + file + ": its schema is version " + version
          + ", newer than this Hekate knows (up to " + SCHEMA_VERSION + "); left unchanged, use a newer Hekate");
    }
  }

  private static void migrate(Path file, Connection connection) throws SQLException, StoreException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        // Read again under the write lock: another process may have migrated since.
        int version = currentVersion(connection);
        refuseUnknown(file, version);
        if (version < SCHEMA_VERSION) {
          statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
              + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
              + "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))");
          for (Migration migration : MIGRATIONS) {
            if (migration.version() > version) {
              for (String sql : migration.statements()) {
                statement.execute(sql);
              }
              try (PreparedStatement applied = connection.prepareStatement(
                  "INSERT INTO schema_version (version, description) VALUES (?, ?)")) {
                applied.setInt(1, migration.version());
                applied.setString(2, migration.description());
                applied.executeUpdate();
              }
            }
          }
        }
        statement.execute("COMMIT");
      } catch (SQLException | StoreException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
    }
  }

  @Override
  public Optional<StoredVerdict> find(VersionKey key) throws StoreException {
    Objects.requireNonNull(key, "key");
    return locked("could not read the record of " + describe(key), () -> {
      return select("SELECT " + RECORD_COLUMNS + " FROM version_record WHERE registry = ? AND name = ? AND version = ?",
          SqliteVerdictStore::storedVerdict, key.registry(), key.name(), key.version()).stream().findFirst();
    });
  }

  @Override
  public List<AnswerChange> record(VersionKey key, Check check) throws StoreException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(check, "check");
    return locked("could not record a check of " + describe(key), () -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        try {
          List<AnswerChange> changes = recordInTransaction(key, check);
          statement.execute("COMMIT");
          return changes;
        } catch (SQLException | RuntimeException e) {
          rollback(connection, e);
          throw e;
        }
      }
    });
  }

  private List<AnswerChange> recordInTransaction(VersionKey key, Check check) throws SQLException {
    // The stored answer alone: the verdict JSON, which may be large, is not read to be replaced.
    Optional<Map.Entry<Long, RegistryAnswer>> stored = select("SELECT id, " + ANSWER_COLUMNS
        + " FROM version_record WHERE registry = ? AND name = ? AND version = ?",
        row -> Map.entry(row.getLong("id"), answer(row)), key.registry(), key.name(), key.version())
        .stream().findFirst();
    if (stored.isEmpty()) {
      insert(key, check);
      return List.of();
    }
    long id = stored.get().getKey();
    RegistryAnswer before = stored.get().getValue();
    try (PreparedStatement update = connection.prepareStatement("UPDATE version_record SET status = ?, tier = ?, "
        + "regression = ?, verdict_json = ?, attestations_sha256 = ?, integrity = ?, published_s = ?, "
        + "published_ns = ?, signatures_sha256 = ?, last_checked_s = ?, last_checked_ns = ? WHERE id = ?")) {
      int next = setCheck(update, 1, check);
      setInstant(update, next, check.at());
      update.setLong(next + 2, id);
      update.executeUpdate();
    }
    List<AnswerChange> changes = new ArrayList<>();
    try (PreparedStatement append = connection.prepareStatement(
        "INSERT INTO answer_change (version_id, at_s, at_ns, part, before, after) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Difference difference : before.differencesTo(check.answer())) {
        append.setLong(1, id);
        setInstant(append, 2, check.at());
        append.setString(4, difference.part().wireName());
        append.setString(5, difference.before());
        append.setString(6, difference.after());
        append.executeUpdate();
        changes.add(new AnswerChange(key, check.at(), difference));
      }
    }
    return List.copyOf(changes);
  }

  private void insert(VersionKey key, Check check) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO version_record (" + RECORD_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, key.registry());
      insert.setString(2, key.name());
      insert.setString(3, key.version());
      int next = setCheck(insert, 4, check);
      setInstant(insert, next, check.at());
      setInstant(insert, next + 2, check.at());
      insert.executeUpdate();
    }
  }

  /** Sets the check's verdict and answer from {@code index} on; returns the next index. */
  private static int setCheck(PreparedStatement statement, int index, Check check) throws SQLException {
    RegistryAnswer answer = check.answer();
    statement.setString(index, check.status());
    setOptional(statement, index + 1, check.tier());
    statement.setInt(index + 2, check.regression() ? 1 : 0);
    statement.setString(index + 3, check.verdictJson());
    setOptional(statement, index + 4, answer.attestationsSha256());
    statement.setString(index + 5, answer.integrity());
    if (answer.publishedAt().isPresent()) {
      setInstant(statement, index + 6, answer.publishedAt().get());
    } else {
      statement.setNull(index + 6, Types.INTEGER);
      statement.setNull(index + 7, Types.INTEGER);
    }
    statement.setString(index + 8, answer.signaturesSha256());
    return index + 9;
  }

  @Override
  public List<AnswerChange> changes(VersionKey key) throws StoreException {
    Objects.requireNonNull(key, "key");
    return locked("could not read the history of " + describe(key), () -> {
      return select("SELECT c.at_s, c.at_ns, c.part, c.before, c.after "
          + "FROM answer_change c JOIN version_record v ON v.id = c.version_id "
          + "WHERE v.registry = ? AND v.name = ? AND v.version = ? ORDER BY c.id",
          row -> new AnswerChange(key, instant(row, "at_s", "at_ns"),
              new Difference(part(row.getString("part")), row.getString("before"), row.getString("after"))),
          key.registry(), key.name(), key.version());
    });
  }

  @Override
  public List<StoredVerdict> versions(PackageKey pkg) throws StoreException {
    Objects.requireNonNull(pkg, "pkg");
    return locked("could not read the versions of " + pkg.name() + " on " + pkg.registry(), () ->
        select("SELECT " + RECORD_COLUMNS + " FROM version_record WHERE registry = ? AND name = ?",
            SqliteVerdictStore::storedVerdict, pkg.registry(), pkg.name()));
  }

  @Override
  public Optional<Instant> cursor(PackageKey pkg) throws StoreException {
    Objects.requireNonNull(pkg, "pkg");
    return locked("could not read the sweep cursor of " + pkg.name() + " on " + pkg.registry(), () -> {
      return select("SELECT covered_s, covered_ns FROM sweep_cursor WHERE registry = ? AND name = ?",
          row -> instant(row, "covered_s", "covered_ns"), pkg.registry(), pkg.name()).stream().findFirst();
    });
  }

  @Override
  public void advanceCursor(PackageKey pkg, Instant coveredUpTo) throws StoreException {
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(coveredUpTo, "coveredUpTo");
    locked("could not advance the sweep cursor of " + pkg.name() + " on " + pkg.registry(), () -> {
      // One statement, so atomic on its own: the WHERE keeps a smaller value from moving it back.
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT INTO sweep_cursor (registry, name, covered_s, covered_ns) VALUES (?, ?, ?, ?) "
              + "ON CONFLICT (registry, name) DO UPDATE SET covered_s = excluded.covered_s, "
              + "covered_ns = excluded.covered_ns "
              + "WHERE (excluded.covered_s, excluded.covered_ns) > (sweep_cursor.covered_s, sweep_cursor.covered_ns)")) {
        upsert.setString(1, pkg.registry());
        upsert.setString(2, pkg.name());
        setInstant(upsert, 3, coveredUpTo);
        upsert.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void close() throws StoreException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
    } catch (SQLException e) {
      throw failure(file, "could not close it", e);
    } finally {
      lock.unlock();
    }
  }

  /** The file this store keeps its records in. */
  public Path file() {
    return file;
  }

  /** What one selected row becomes. */
  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** The rows {@code sql} selects with {@code parameters} bound in order, each read by {@code reader}. */
  private <T> List<T> select(String sql, RowReader<T> reader, String... parameters) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setString(i + 1, parameters[i]);
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(reader.read(row));
        }
      }
      return List.copyOf(rows);
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs {@code work} alone on this store's connection; a SQLException becomes a StoreException. */
  private <T> T locked(String doing, Work<T> work) throws StoreException {
    lock.lock();
    try {
      if (closed) {
        throw new StoreException("verdict store " + file + ": " + doing + ": the store is closed");
      }
      return work.run();
    } catch (SQLException e) {
      throw failure(file, doing, e);
    } finally {
      lock.unlock();
    }
  }

  private static StoreException failure(Path file, String doing, SQLException e) {
    // The driver's message names the SQLite result code ([SQLITE_BUSY], [SQLITE_NOTADB], ...).
    return new StoreException("verdict store " + file + ": " + doing + ": " + e.getMessage(), e);
  }

  private static void rollback(Connection connection, Exception failure) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite may already have rolled back (a full disk, an I/O error); the first failure is the story.
      failure.addSuppressed(e);
    }
  }

  private static String describe(VersionKey key) {
    return key.name() + "@" + key.version() + " on " + key.registry();
  }

  /** The registry's answer in a row holding {@link #ANSWER_COLUMNS}. */
  private static RegistryAnswer answer(ResultSet row) throws SQLException {
    Optional<Instant> published = row.getObject("published_s") == null
        ? Optional.empty()
        : Optional.of(instant(row, "published_s", "published_ns"));
    return new RegistryAnswer(Optional.ofNullable(row.getString("attestations_sha256")), row.getString("integrity"),
        published, row.getString("signatures_sha256"));
  }

  private static StoredVerdict storedVerdict(ResultSet row) throws SQLException {
    VersionKey key = new VersionKey(row.getString("registry"), row.getString("name"), row.getString("version"));
    return new StoredVerdict(key, row.getString("status"), Optional.ofNullable(row.getString("tier")),
        row.getInt("regression") != 0, row.getString("verdict_json"), answer(row),
        instant(row, "first_seen_s", "first_seen_ns"), instant(row, "last_checked_s", "last_checked_ns"));
  }

  private static Instant instant(ResultSet row, String seconds, String nanos) throws SQLException {
    return Instant.ofEpochSecond(row.getLong(seconds), row.getLong(nanos));
  }

  private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    statement.setLong(index, instant.getEpochSecond());
    statement.setInt(index + 1, instant.getNano());
  }

  private static void setOptional(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  private static Part part(String wireName) throws SQLException {
    return Part.fromWireName(wireName)
        .orElseThrow(() -> new SQLException("unknown answer part '" + wireName + "' in answer_change"));
  }
}
