package dev.hekate.cli;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.PackageHistory;
import dev.hekate.core.store.PackageHistory.Row;
import dev.hekate.core.store.PackageHistory.StoredFinding;
import dev.hekate.core.store.PackageHistoryJson;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.VersionKey.PackageKey;
import dev.hekate.core.text.UntrustedText;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code hekate history PACKAGE}: what the verdict store remembers of a package, newest version
 * first (docs/history.md). Reads the store only; never asks the registry. Exit 0 when the store
 * holds at least one version of the package, 1 when it holds none (or there is no store file yet),
 * 2 for a usage error or a store that cannot be read.
 */
final class HistoryCommand {
  static final String HELP = """
      Usage: hekate history PACKAGE [--store PATH] [--json] [--limit N] [--registry URL]

      Shows what the verdict store remembers of an npm package, newest version first: each
      version's status, trust tier, regression, publish time, source repository and workflow,
      its findings, and every change of the registry's answer for it. Asks no registry.

        --store PATH       the SQLite verdict store to read (default: $XDG_STATE_HOME/hekate/verdicts.db,
                           else ~/.local/state/hekate/verdicts.db)
        --json             print the history as one JSON document, the same as
                           GET /v1/npm/{package}/history
        --limit N          show at most N versions, 1 to 1000 (default 200); the rest are counted
        --registry URL     the registry the versions were checked on (default
                           https://registry.npmjs.org/): the store keeps each registry apart

      Exit: 0 history shown, 1 no version of PACKAGE is stored, 2 usage or store error.
      """;

  private HistoryCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Args parsed = Args.parse(args, Set.of("--json", "--help", "-h", StoreOptions.NO_STORE),
          Set.of(StoreOptions.STORE, "--limit", "--registry"));
      if (parsed.flag("--help") || parsed.flag("-h")) {
        out.print(HELP);
        return 0;
      }
      PackageKey pkg = new PackageKey(registry(parsed), name(parsed));
      int limit = parsed.option("--limit").isPresent()
          ? CommonOptions.number(parsed.option("--limit").get(), "--limit", 1, PackageHistory.MAX_LIMIT)
          : PackageHistory.DEFAULT_LIMIT;
      if (parsed.flag(StoreOptions.NO_STORE)) {
        throw new UsageException("history reads the verdict store: " + StoreOptions.NO_STORE + " leaves nothing to read");
      }
      Path file = StoreOptions.file(parsed).orElseThrow();
      if (!Files.exists(file)) {
        // Opening would create the file: a read must leave no trace.
        err.println("hekate history: no verdict store at " + UntrustedText.terminal(file.toString())
            + ": nothing has been recorded yet");
        return 1;
      }
      PackageHistory history;
      try (SqliteVerdictStore store = StoreOptions.open(parsed).orElseThrow()) {
        history = PackageHistory.load(store, pkg, limit);
      } catch (StoreException e) {
        err.println("hekate history: " + UntrustedText.terminal(e.getMessage()));
        return 2;
      }
      if (history.versions().isEmpty()) {
        err.println("hekate history: no version of " + pkg.name() + " on " + UntrustedText.terminal(pkg.registry())
            + " is stored in " + UntrustedText.terminal(file.toString()) + " (check it first: hekate verify-npm or sweep)");
        return 1;
      }
      if (parsed.flag("--json")) {
        out.println(PackageHistoryJson.toJsonLine(history));
      } else {
        print(history, out);
      }
      return 0;
    } catch (UsageException e) {
      err.println("hekate history: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate history --help' for usage.");
      return 2;
    }
  }

  private static String name(Args args) throws UsageException {
    if (args.positional().size() != 1) {
      throw new UsageException("give one PACKAGE");
    }
    PackageSpec spec;
    try {
      spec = PackageSpec.parse(args.positional().get(0));
    } catch (InvalidSpecException e) {
      throw new UsageException(e.getMessage());
    }
    if (spec.version().isPresent()) {
      throw new UsageException("a history is of a whole package: give " + spec.name() + " without a version");
    }
    return spec.name();
  }

  private static String registry(Args args) throws UsageException {
    return args.option("--registry").isPresent()
        ? CommonOptions.url(args.option("--registry").get(), "--registry").toString()
        : RegistryConfig.NPMJS.toString();
  }

  /** The table: one line per version, then its findings and answer changes, every stored string escaped. */
  static void print(PackageHistory history, PrintStream out) {
    out.println("History of " + UntrustedText.terminal(history.pkg().name()) + " on "
        + UntrustedText.terminal(history.pkg().registry()) + ": " + history.versions().size() + " version"
        + (history.versions().size() == 1 ? "" : "s") + ", newest first"
        + (history.omitted() > 0 ? " (" + history.omitted() + " older not shown; --limit)" : ""));
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"VERSION", "STATUS", "TIER", "PUBLISHED", "SOURCE REPOSITORY", "WORKFLOW", "MARKS"});
    for (Row row : history.versions()) {
      lines.add(new String[] {
          UntrustedText.terminal(row.version()),
          UntrustedText.terminal(row.status()),
          UntrustedText.terminal(row.tier().orElse("-")),
          row.publishedAt().map(HistoryCommand::time).orElse("unknown"),
          orDash(row.evidence().sourceRepository()),
          orDash(row.evidence().workflow()),
          marks(row)});
    }
    int[] widths = new int[lines.get(0).length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    out.println(columns(lines.get(0), widths));
    for (int i = 0; i < history.versions().size(); i++) {
      out.println(columns(lines.get(i + 1), widths));
      details(history.versions().get(i), out);
    }
  }

  private static void details(Row row, PrintStream out) {
    row.problem().ifPresent(p -> out.println("    problem: " + UntrustedText.terminal(p)));
    for (StoredFinding f : row.findings()) {
      StringBuilder line = new StringBuilder("    finding ").append(UntrustedText.terminal(f.type())).append(": ")
          .append(UntrustedText.terminal(f.message()));
      f.expected().ifPresent(v -> line.append(" (expected ").append(UntrustedText.terminal(v)));
      f.actual().ifPresent(v -> line.append(f.expected().isPresent() ? ", actual " : " (actual ")
          .append(UntrustedText.terminal(v)));
      if (f.expected().isPresent() || f.actual().isPresent()) {
        line.append(')');
      }
      out.println(line);
    }
    for (AnswerChange c : row.changes()) {
      out.println("    answer changed " + time(c.at()) + ": " + c.difference().part().wireName() + " "
          + UntrustedText.terminal(c.difference().before()) + " -> " + UntrustedText.terminal(c.difference().after()));
    }
  }

  private static String marks(Row row) {
    List<String> marks = new ArrayList<>();
    if (row.regression()) {
      marks.add("regression");
    }
    if (row.answerChanged()) {
      marks.add("answer changed");
    }
    if (row.driftFindings().stream().anyMatch(f -> !f.type().equals("registry_answer_changed"))) {
      marks.add("drift");
    }
    return marks.isEmpty() ? "-" : String.join(", ", marks);
  }

  private static String orDash(String text) {
    return text.isEmpty() ? "-" : UntrustedText.terminal(text);
  }

  private static String columns(String[] line, int[] widths) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < line.length; i++) {
      out.append(line[i]);
      if (i < line.length - 1) {
        out.append(" ".repeat(widths[i] - line[i].length() + 2));
      }
    }
    return out.toString().stripTrailing();
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
