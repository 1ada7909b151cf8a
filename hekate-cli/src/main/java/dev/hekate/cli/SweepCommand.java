package dev.hekate.cli;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.json.Limits;
import dev.hekate.core.metrics.BufferingSink;
import dev.hekate.core.metrics.MetricsSink;
import dev.hekate.core.metrics.PublishReport;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.sweep.SweepEngine;
import dev.hekate.core.sweep.SweepJson;
import dev.hekate.core.sweep.SweepListener;
import dev.hekate.core.sweep.SweepMetrics;
import dev.hekate.core.sweep.SweepNetwork;
import dev.hekate.core.sweep.SweepOptions;
import dev.hekate.core.sweep.SweepSummary;
import dev.hekate.core.sweep.SweepWindow;
import dev.hekate.core.sweep.Watchlist;
import dev.hekate.core.sweep.WatchlistException;
import dev.hekate.core.sweep.WatchlistSource;
import dev.hekate.core.text.UntrustedText;
import dev.hekate.core.vsa.Peers;
import dev.hekate.core.vsa.VerifierNetwork;
import dev.hekate.datadog.DatadogPublisher;
import dev.hekate.datadog.DatadogSettings;
import dev.hekate.lambda.ClientWiring;
import java.io.Console;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hekate sweep}: verifies the versions of a watchlist's packages published since a point in
 * time, plus each package's latest, on this machine (the Lambda sweep does the same on a schedule).
 * Progress on the terminal, a summary table at the end, metrics and events to Datadog when it is
 * configured. Exit 1 when a verdict is FAILED, a provenance regressed or a package published a flood
 * of versions in the window ({@link dev.hekate.core.sweep.VersionFlood}), 3 when none of those but
 * something could not be checked (ERROR), 2 on usage errors, else 0. With {@code --peers}, the
 * verifier network is asked about each decided version ({@link SweepNetwork}); its answers are
 * metrics, events and a stderr line, never part of the exit status.
 */
final class SweepCommand {
  static final String HELP = """
      Usage:
        hekate sweep [--watchlist FILE] [--registry URL] [--concurrency N] [--since DURATION|TIME]
                     [--json] [--tarball] [--trusted-root FILE --npm-keys FILE]
                     [--trust-exclude NAME[@VERSION]]... [--peers FILE [--peer-threshold K]]

      Verifies, for every package of a watchlist, the versions published since --since and the
      version 'latest' points at (so a regression is re-evaluated every time), fetching each
      packument once. With a verdict store (the default), a package's window starts at the
      earlier of --since and where the last run that covered it stopped, so versions published
      while no run happened are verified too; versions already decided are not verified again
      (the latest is re-checked when its last check is over 30 minutes old), and a registry
      answering differently for a stored version is a registry_answer_changed finding.

      --watchlist FILE   package names, one a line, # comments, and lines
                         '!trust-exclude NAME[@VERSION]...' of trust exceptions (default:
                         HEKATE_WATCHLIST, a comma-separated list; else HEKATE_WATCHLIST_FILE; else
                         the embedded list of the 1,000 most downloaded npm packages)
      --registry URL     the registry (default https://registry.npmjs.org/)
      --concurrency N    packages verified at once, 1..64 (default 8)
      --since WHEN       start of the window: a duration back from now (90m, 2h, 1d, PT2H) or a
                         time (2026-01-31T12:00:00Z, 2026-01-31); default 1h
      --json             one JSON verdict per line, then one {"summary":...} line
      --store PATH       keep cursors, verdicts and registry answers in this SQLite file (default:
                         HEKATE_STORE, else $XDG_STATE_HOME/hekate/verdicts.db, else
                         ~/.local/state/hekate/verdicts.db; HEKATE_STORE=none keeps nothing)
      --no-store         keep nothing: each run sees only its --since window
      --tarball          also download each tarball (streamed) and check it against the integrity
      --trusted-root F   a Sigstore trusted_root.json (default: embedded public-good root)
      --npm-keys F       npm registry keys, TUF keys.json form (default: embedded)
      --trust-exclude E  accept a trust downgrade of E: NAME (every version) or NAME@VERSION
                         (that version); repeatable, added to the watchlist's. Excepted
                         downgrades are findings (trust_downgrade_excepted), not regressions
      --peers FILE       also ask the verifiers of FILE (as 'hekate network verify --peers')
                         about every VERIFIED, FAILED or MISSING version, checking their signed
                         summaries against the tarball sha512 this sweep read; the answers go to
                         Datadog (hekate.network.agreement, hekate.network.dissent, an event per
                         version with a dissenter) and never change a verdict or the exit status
      --peer-threshold K how many peers must agree (default: a majority)

      Metrics and events go to Datadog when DD_API_KEY or HEKATE_DATADOG_URL is set (site from
      DD_SITE); what Datadog does not take is written to stderr as JSON lines.
      A package that published more than %d versions in the window is a version flood: its
      versions are still verified, oldest first, up to %d (the rest are counted as deferred),
      and the flood alone exits 1.
      Exit status: 1 any FAILED verdict, provenance regression or version flood; 3 otherwise
      some ERROR (could not check: retry); 0 otherwise; 2 usage error.
      """.formatted(SweepOptions.DEFAULT_FLOOD_THRESHOLD, Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE);

  private SweepCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv(), Clock.systemUTC(), out == System.out && interactive());
  }

  /**
   * @param env the environment (watchlist and Datadog variables)
   * @param interactive whether {@code out} is a terminal: a progress bar instead of plain lines
   */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Clock clock,
      boolean interactive) {
    Setup setup;
    try {
      Optional<Setup> parsed = setup(args, env, clock, err);
      if (parsed.isEmpty()) {
        out.print(HELP);
        return 0; // --help
      }
      setup = parsed.get();
    } catch (UsageException e) {
      err.println("hekate sweep: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate sweep --help' for usage.");
      return 2;
    }
    Optional<BufferingSink> sink = setup.publisher().map(p -> BufferingSink.create());
    SweepOutput output = new SweepOutput(out, err, setup.json(), interactive);
    SweepListener listener = sink.<SweepListener>map(s -> SweepListener.all(output, new SweepMetrics(s, clock)))
        .orElse(output);
    // The network's answers are reported beside the verdicts, never folded into them or the exit status.
    Optional<SweepNetwork> network = setup.network()
        .map(n -> new SweepNetwork(n, sink.<MetricsSink>map(s -> s).orElse(MetricsSink.NONE), clock));
    if (network.isPresent()) {
      listener = SweepListener.all(listener, network.get());
    }
    SweepSummary summary;
    try {
      summary = setup.engine().run(setup.watchlist(), setup.window(), listener);
    } finally {
      // Flushed once per run, whatever happened; the publisher never throws.
      if (sink.isPresent()) {
        PublishReport report = sink.get().flush(setup.publisher().get());
        err.println("hekate sweep: " + report.describe());
      }
      setup.store().ifPresent(store -> StoreOptions.close(store, err, "hekate sweep"));
      network.ifPresent(n -> err.println("hekate sweep: " + n.describe()));
    }
    if (setup.json()) {
      out.println(SweepJson.toJsonLine(summary));
    } else {
      output.table(summary, setup.watchlist());
    }
    if (summary.alarming()) {
      return 1;
    }
    return summary.count(Status.ERROR) > 0 ? 3 : 0;
  }

  private record Setup(SweepEngine engine, Watchlist watchlist, SweepWindow window, boolean json,
      Optional<DatadogPublisher> publisher, Optional<SqliteVerdictStore> store, Optional<VerifierNetwork> network) {}

  /** Everything a run needs, or empty for --help. */
  private static Optional<Setup> setup(String[] args, Map<String, String> env, Clock clock, PrintStream err)
      throws UsageException {
    Args parsed = Args.parse(args, Set.of("--json", "--tarball", "--help", "-h", StoreOptions.NO_STORE),
        Set.of("--watchlist", "--registry", "--concurrency", "--since", "--trusted-root", "--npm-keys",
            StoreOptions.STORE, "--peers", "--peer-threshold"),
        Set.of(CommonOptions.TRUST_EXCLUDE));
    if (parsed.flag("--help") || parsed.flag("-h")) {
      return Optional.empty();
    }
    if (!parsed.positional().isEmpty()) {
      throw new UsageException("unexpected argument " + parsed.positional().get(0)
          + " (the packages come from the watchlist; use verify-npm for single versions)");
    }
    int concurrency = concurrency(parsed.option("--concurrency"));
    TrustExceptions exceptions = CommonOptions.trustExceptions(parsed);
    Instant now = clock.instant();
    SweepWindow window = new SweepWindow(since(parsed.option("--since"), now), now);
    WatchlistSource source = parsed.option("--watchlist")
        .map(file -> WatchlistSource.file(Path.of(file)))
        .orElseGet(() -> WatchlistSource.fromEnvironment(env, WatchlistSource.embedded()));
    Watchlist watchlist;
    try {
      watchlist = source.load();
    } catch (WatchlistException e) {
      throw new UsageException(e.getMessage());
    }
    URI registryUrl = parsed.option("--registry").isPresent()
        ? CommonOptions.url(parsed.option("--registry").get(), "--registry") : RegistryConfig.NPMJS;
    NpmVerifier verifier = new NpmVerifier(CommonOptions.trustedRoot(parsed), CommonOptions.npmKeys(parsed));
    Optional<DatadogPublisher> publisher = Optional.empty();
    if (DatadogSettings.configured(env)) {
      try {
        publisher = Optional.of(DatadogPublisher.fromEnvironment(env, err));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    Optional<VerifierNetwork> network = network(parsed, clock);
    // Opened last of the options, so a usage error elsewhere leaves no file behind.
    Optional<SqliteVerdictStore> store = StoreOptions.open(parsed);
    SweepEngine engine = ClientWiring.sweepEngine(ClientWiring.Profile.COMMAND_LINE, registryUrl, verifier,
        parsed.flag("--tarball"), concurrency, exceptions, store.map(VerdictStore.class::cast));
    return Optional.of(new Setup(engine, watchlist, window, parsed.flag("--json"), publisher, store, network));
  }

  /** The verifier network of --peers, or empty without it. */
  private static Optional<VerifierNetwork> network(Args parsed, Clock clock) throws UsageException {
    if (parsed.option("--peers").isEmpty()) {
      if (parsed.option("--peer-threshold").isPresent()) {
        throw new UsageException("--peer-threshold needs --peers");
      }
      return Optional.empty();
    }
    List<Peers.Peer> peers = CommonOptions.peers(parsed.option("--peers").get());
    int threshold = parsed.option("--peer-threshold").isPresent()
        ? CommonOptions.number(parsed.option("--peer-threshold").get(), "--peer-threshold", 1, peers.size())
        : VerifierNetwork.majority(peers.size());
    return Optional.of(ClientWiring.sweepNetwork(peers, threshold, clock));
  }

  private static int concurrency(Optional<String> value) throws UsageException {
    return value.isEmpty() ? SweepOptions.DEFAULT_CONCURRENCY
        : CommonOptions.number(value.get(), "--concurrency", 1, SweepOptions.MAX_CONCURRENCY);
  }


  /** {@code 90m}, {@code 2h}, {@code 1d}, {@code PT2H}: back from now; an instant or a date (UTC): as is. */
  static Instant since(Optional<String> value, Instant now) throws UsageException {
    if (value.isEmpty()) {
      return now.minus(SweepWindow.DEFAULT_LOOKBACK);
    }
    String text = value.get().strip();
    Optional<Duration> shortForm = CommonOptions.shortDuration(text);
    Instant since;
    try {
      if (shortForm.isPresent()) {
        since = now.minus(shortForm.get());
      } else if (text.startsWith("P") || text.startsWith("p")) {
        Duration d = Duration.parse(text);
        if (d.isNegative()) {
          throw new UsageException("--since must not be a negative duration");
        }
        since = now.minus(d);
      } else if (text.length() == 10) {
        since = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else {
        since = Instant.parse(text);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new UsageException("--since must be a duration (90m, 2h, 1d, PT2H) or a time (2026-01-31T12:00:00Z)");
    }
    if (since.isAfter(now)) {
      throw new UsageException("--since " + text + " is in the future");
    }
    return since;
  }

  /**
   * Whether standard output is a terminal. {@link System#console()} is null when it is not; from
   * JDK 22 on it may be a console anyway, and {@code Console.isTerminal()} (JDK 22+, called
   * reflectively since Hekate targets 21) tells.
   */
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
