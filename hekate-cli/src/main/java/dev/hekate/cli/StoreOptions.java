package dev.hekate.cli;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.store.StoreException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --store PATH} and {@code --no-store}: where a command keeps what it has seen (docs/store.md).
 * By default the SQLite file in the user's state directory ({@link SqliteVerdictStore#defaultFile}).
 */
final class StoreOptions {
  static final String STORE = "--store";
  static final String NO_STORE = "--no-store";

  /** The lines of a command's help that describe both options. */
  static final String HELP = """
        --store PATH         Keep verdicts, registry answers and their changes in this SQLite file
                             (default: $XDG_STATE_HOME/hekate/verdicts.db, else
                             ~/.local/state/hekate/verdicts.db; created when missing)
        --no-store           Keep nothing: no history, no registry_answer_changed findings
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
    if (given.isPresent() && given.get().isBlank()) {
      throw new UsageException(STORE + " needs a file name");
    }
    return Optional.of(given.map(Path::of).orElseGet(() -> SqliteVerdictStore.defaultFile(environment, userHome)));
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

  /** As {@link #open(Args)}, with the default file taken from {@code environment}. */
  static Optional<SqliteVerdictStore> open(Args args, Map<String, String> environment) throws UsageException {
    return open(file(args, environment, Path.of(System.getProperty("user.home"))));
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
