package dev.hekate.cli;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.text.UntrustedText;
import dev.hekate.core.vsa.VsaIssuer;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.lambda.ApiHandler;
import dev.hekate.lambda.ClientWiring;
import dev.hekate.lambda.DatadogWiring;
import dev.hekate.lambda.ApiLimits;
import dev.hekate.lambda.HekateRuntime;
import dev.hekate.lambda.Settings;
import dev.hekate.lambda.TrustMaterial;
import dev.hekate.lambda.local.LocalServer;
import dev.hekate.lambda.log.JsonLog;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * {@code hekate serve}: the API of the Lambda function on this machine. The JDK's HTTP server turns
 * each request into the API Gateway event the function would receive and hands it to the same
 * {@link ApiHandler}, so a local run exercises the Lambda code path. Runs until interrupted.
 */
final class ServeCommand {
  static final String HELP = """
      Usage: hekate serve [--port 8080] [--bind 127.0.0.1] [--registry URL] [--github|--no-github]
                          [--github-url URL] [--tarball] [--trusted-root F --npm-keys F]
                          [--trust-exclude NAME[@VERSION]]... [--deadline SECONDS]
                          [--cache-size N]

      Serves Hekate's HTTP API (docs/api.md) through the Lambda handler:
        GET /v1/npm/{package}@{version}   the verdict for a version (JSON, docs/verdict.schema.json)
        GET /v1/npm/{package}             the verdict for the latest version
        GET /v1/npm/{package}/history     the versions kept in the verdict store (JSON)
        GET /ui/npm/{package}             the same history as a page for people
        GET /v1/npm/{package}@{version}/vsa  the verdict's signed summary (SLSA VSA; ?format=bundle)
        GET /v1/verifier                  this deployment's verifier id, signing key and policy
        GET /v1/health                    configuration and readiness
        POST /v1/slsa/verify              SLSA provenance against artifact digests (verify-artifact)
        POST /v1/in-toto/verify           an in-toto layout with its links (verify-layout; no inspection runs)
      One JSON log line per request goes to stdout. Ctrl-C stops it.

      Metrics and events go to Datadog when DD_API_KEY (or HEKATE_DATADOG_URL) is set, with
      DD_SITE choosing the site (docs/metrics.md); what Datadog does not accept is logged.

      --port N           port to listen on (default 8080; 0 picks a free one)
      --bind ADDRESS     address to listen on (default 127.0.0.1; the API has no authentication)
      --registry URL     the npm registry (default https://registry.npmjs.org/)
      --github           ask GitHub whether the provenance's workflow run happened (default; uses
                         GITHUB_TOKEN if set, else GitHub's anonymous rate limit)
      --no-github        skip that check
      --github-url URL   GitHub API base (default https://api.github.com/)
      --tarball          also download each tarball and check it against dist.integrity
                         (HEKATE_FETCH_TARBALL on Lambda; off by default there too)
      --trusted-root F   a Sigstore trusted_root.json (default: embedded public-good root)
      --npm-keys F       npm registry keys, TUF keys.json form (default: embedded)
      --trust-exclude E  accept a trust downgrade of E: NAME (every version) or NAME@VERSION
                         (that version); repeatable, added to HEKATE_TRUST_EXCLUDE (comma
                         separated). A malformed entry in either refuses to start
      --deadline S       seconds a request may take before it answers ERROR (504, Retry-After)
                         and its work is cancelled (default 25, at most 28;
                         HEKATE_REQUEST_DEADLINE_SECONDS)
      --cache-size N     verdicts kept in memory: a decided verdict of a version for a day, the
                         latest and MISSING for five minutes, ERROR never (default 1000, 0 turns
                         the cache off; HEKATE_VERDICT_CACHE_SIZE)
      --store PATH       keep every decided verdict and what the registry served in this SQLite
                         file, for the history endpoints and registry_answer_changed findings
                         (default: HEKATE_STORE, else $XDG_STATE_HOME/hekate/verdicts.db, else
                         ~/.local/state/hekate/verdicts.db)
      --no-store         keep nothing (HEKATE_STORE=none does the same)
      --signing-key F    sign verification summaries with this EC P-256 PKCS#8 PEM key (mode 0600;
                         default: signing-key.pem beside the verdict store, made on first use)
      --verifier-id URI  this deployment's verifier id in every summary (default
                         urn:hekate:verifier:<key id>); e.g. the API's public base URL
      --retired-key P@T  also publish the public key in PEM file P as retired at instant T
                         (e.g. old.pub@2026-12-01T00:00:00Z); repeatable
      --no-sign          sign nothing: /vsa and /v1/verifier answer vsa_unavailable
      """;

  static final int DEFAULT_PORT = 8080;

  private ServeCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    LocalServer server;
    try {
      Optional<LocalServer> started = start(args, out);
      if (started.isEmpty()) {
        return 0; // --help
      }
      server = started.get();
    } catch (UsageException e) {
      err.println("hekate serve: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate serve --help' for usage.");
      return 2;
    } catch (IOException e) {
      err.println("hekate serve: cannot listen: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "hekate-serve-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }

  /**
   * Parses the options, builds the wiring and starts listening; empty after printing help.
   *
   * @throws UsageException for a bad option
   * @throws IOException if the address cannot be bound
   */
  static Optional<LocalServer> start(String[] args, PrintStream out) throws UsageException, IOException {
    return start(args, out, System.getenv());
  }

  static Optional<LocalServer> start(String[] args, PrintStream out, Map<String, String> env)
      throws UsageException, IOException {
    Args parsed = Args.parse(args, Set.of("--github", "--no-github", "--tarball", "--help", "-h", StoreOptions.NO_STORE,
            SigningOptions.NO_SIGN),
        Set.of("--port", "--bind", "--registry", "--github-url", "--trusted-root", "--npm-keys", "--deadline",
            "--cache-size", StoreOptions.STORE, SigningOptions.SIGNING_KEY, SigningOptions.VERIFIER_ID),
        Set.of(CommonOptions.TRUST_EXCLUDE, SigningOptions.RETIRED_KEY));
    if (parsed.flag("--help") || parsed.flag("-h")) {
      out.print(HELP);
      return Optional.empty();
    }
    if (!parsed.positional().isEmpty()) {
      throw new UsageException("unexpected argument " + parsed.positional().get(0));
    }
    if (parsed.flag("--github") && parsed.flag("--no-github")) {
      throw new UsageException("give --github or --no-github, not both");
    }
    int port = port(parsed.option("--port").orElse(Integer.toString(DEFAULT_PORT)));
    InetAddress bind = address(parsed.option("--bind").orElse("127.0.0.1"));
    TrustExceptions exceptions = CommonOptions.trustExceptions(parsed);

    Settings settings = Settings.defaults()
        .withGithubCheck(!parsed.flag("--no-github"))
        .withGithubToken(ClientWiring.gitHubToken(env))
        .withFetchTarball(parsed.flag("--tarball"));
    try {
      settings = settings.withTrustExceptions(Settings.trustExceptions(env).plus(exceptions));
      if (parsed.option("--registry").isPresent()) {
        settings = settings.withRegistryUrl(CommonOptions.url(parsed.option("--registry").get(), "--registry"));
      }
      if (parsed.option("--github-url").isPresent()) {
        settings = settings.withGithubApiUrl(CommonOptions.url(parsed.option("--github-url").get(), "--github-url"));
      }
      ApiLimits limits = ApiLimits.fromEnvironment(env);
      if (parsed.option("--deadline").isPresent()) {
        limits = limits.withDeadline(Duration.ofSeconds(
            CommonOptions.number(parsed.option("--deadline").get(), "--deadline", 1, ApiLimits.MAX_DEADLINE_SECONDS)));
      }
      if (parsed.option("--cache-size").isPresent()) {
        limits = limits.withVerdictCacheSize(CommonOptions.number(parsed.option("--cache-size").get(),
            "--cache-size", 0, ApiLimits.MAX_VERDICT_CACHE_SIZE));
      }
      // Log lines go where the command prints: stdout from ./hekate.
      JsonLog log = new JsonLog(out, Clock.systemUTC());
      Supplier<TrustMaterial> trust = trust(parsed);
      // A server runs for long: its ECDSA tables are built before the first request, not during it.
      HekateRuntime created = HekateRuntime.create(settings, limits, () -> {
        TrustMaterial material = trust.get();
        material.prepareSignatureTables();
        return material;
      }, log);
      MetricsPublisher metrics = DatadogWiring.forLocalApi(env, out);
      // Opened last, so that a usage error before it leaves no file behind; kept open while the
      // process serves (every record is committed as it is made).
      Optional<VsaIssuer> issuer = SigningOptions.issuer(parsed, settings, ApiHandler.VERSION, System.getenv(),
          Path.of(System.getProperty("user.home")));
      Optional<SqliteVerdictStore> store = StoreOptions.open(parsed);
      HekateRuntime stored = store.map(s -> created.withStore(s, Clock.systemUTC())).orElse(created);
      HekateRuntime runtime = issuer.map(stored::withSummaries).orElse(stored);
      LocalServer server;
      try {
        server = LocalServer.start(new ApiHandler(runtime, log, metrics, Clock.systemUTC(), limits.deadline()),
            bind, port, LocalServer.DEFAULT_THREADS);
      } catch (IOException | RuntimeException e) {
        store.ifPresent(s -> StoreOptions.close(s, out, "hekate serve"));
        throw e;
      }
      out.println("Hekate API listening on " + server.url() + "/  (registry " + settings.registryUrl()
          + ", GitHub check " + (settings.githubCheck() ? "on" : "off") + ", tarball " + (settings.fetchTarball() ? "on" : "off") + ")");
      out.println("  try: curl " + server.url() + "/v1/npm/sigstore@2.3.1");
      store.ifPresent(s -> out.println("  verdict store: " + s.file()));
      issuer.ifPresent(i -> out.println("  signing summaries as " + i.verifier().id() + " with key " + i.signer().keyId()));
      if (!bind.isLoopbackAddress()) {
        out.println("  warning: listening beyond this machine, and the API has no authentication");
      }
      out.println("  Ctrl-C stops it.");
      out.flush();
      return Optional.of(server);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }


  /** The embedded public-good trust material, or the files given, parsed now so that a bad file is a usage error. */
  private static Supplier<TrustMaterial> trust(Args args) throws UsageException {
    if (args.option("--trusted-root").isEmpty() && args.option("--npm-keys").isEmpty()) {
      return TrustMaterial::embedded;
    }
    try {
      TrustedRoot root = args.option("--trusted-root").isPresent()
          ? TrustedRootParser.parse(VerifyBundleCommand.read(Path.of(args.option("--trusted-root").get()), "trusted root"))
          : EmbeddedTrust.publicGoodTrustedRoot();
      TrustedKeys keys = args.option("--npm-keys").isPresent()
          ? TrustedKeys.parse(VerifyBundleCommand.read(Path.of(args.option("--npm-keys").get()), "npm keys"))
          : EmbeddedTrust.npmKeys();
      TrustMaterial material = new TrustMaterial(root, keys);
      return () -> material;
    } catch (VerificationException e) {
      throw new UsageException("the trust material is invalid: " + e.getMessage());
    }
  }

  private static int port(String text) throws UsageException {
    return CommonOptions.number(text, "--port", 0, 65535);
  }


  private static InetAddress address(String text) throws UsageException {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new UsageException("--bind: unknown address " + text);
    }
  }
}
