package dev.hekate.cli;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.text.UntrustedText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --store PATH} and {@code --no-store}: where a command keeps what it has seen (docs/store.md).
 * Without either, the environment variable {@value #STORE_VARIABLE} (a file, or {@code none}), else
 * the SQLite file in the user's state directory ({@link SqliteVerdictStore#defaultFile}).
 */
final class StoreOptions {
  static final String STORE = "--store";
  static final String NO_STORE = "--no-store";
  /** The store's file when no option names one; {@value #NONE} keeps nothing. */
  static final String STORE_VARIABLE = "HEKATE_STORE";
  static final String NONE = "none";

  /** The lines of a command's help that describe both options. */
  static final String HELP = """
        --store PATH       keep verdicts, registry answers and their changes in this SQLite file
                           (default: HEKATE_STORE, else $XDG_STATE_HOME/hekate/verdicts.db, else
                           ~/.local/state/hekate/verdicts.db; created when missing)
        --no-store         keep nothing (HEKATE_STORE=none does the same)
      """;

  private StoreOptions() {}

  /** The file the options name, or empty with {@value #NO_STORE}. */
  static Optional<Path> file(Args args, Map<String, String> environment, Path userHome) throws UsageException {
    if (args.flag(NO_STORE)) {
      if (args.option(STORE).isPresent()) {
        throw new UsageException(STORE + " and " + NO_STORE + " cannot be given together");
      }
      return Optional.empty();
    }
    Optional<String> given = args.option(STORE);
    if (given.isPresent()) {
      if (given.get().isBlank()) {
        throw new UsageException(STORE + " needs a file name");
      }
      return Optional.of(Path.of(given.get()));
    }
    String variable = environment.getOrDefault(STORE_VARIABLE, "").strip();
    if (variable.equals(NONE)) {
      return Optional.empty();
    }
    return Optional.of(variable.isEmpty() ? SqliteVerdictStore.defaultFile(environment, userHome) : Path.of(variable));
  }

  /** The file the options name in this process's environment, or empty with {@value #NO_STORE}. */
  static Optional<Path> file(Args args) throws UsageException {
    return file(args, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * Opens the store the options name; empty with {@value #NO_STORE}. A store that cannot be opened
   * is a usage error naming the file and why (the command has not started, nothing was verified).
   */
  static Optional<SqliteVerdictStore> open(Args args) throws UsageException {
    return open(file(args));
  }

  /**
   * Closes {@code store}; a failure is said on {@code err} after {@code command}'s name, and is
   * nothing more: every record was committed as it was made, closing only releases the file.
   */
  static void close(SqliteVerdictStore store, PrintStream err, String command) {
    try {
      store.close();
    } catch (StoreException e) {
      err.println(command + ": " + UntrustedText.terminal(String.valueOf(e.getMessage())));
    }
  }

  private static Optional<SqliteVerdictStore> open(Optional<Path> file) throws UsageException {
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SqliteVerdictStore.open(file.get()));
    } catch (StoreException e) {
      throw new UsageException(e.getMessage() + " (choose another file with " + STORE + ", or run with " + NO_STORE
          + ")");
    }
  }
}
