package dev.hekate.lambda;

import dev.hekate.core.concurrent.SharedCache;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.slsa.ArtifactVerifier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictLifetime;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.service.PackageNotFoundException;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.VerdictRecorder;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.vsa.VsaIssuer;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.lambda.secrets.SecretSource;
import dev.hekate.lambda.secrets.SecretsManagerSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The wiring of the API, built once per container (on Lambda during init, so a SnapStart snapshot
 * holds it): the trust material parsed, the registry and GitHub clients built, the settings read.
 * Building it opens no connection and reads no secret; a GitHub token in Secrets Manager is read
 * at the first request that needs it.
 *
 * <p>The clients are {@link ClientWiring}'s, with its {@link ClientWiring.Profile#API API} timeouts,
 * tighter than the command line's so that a slow registry still answers within API Gateway's
 * 30-second limit. It keeps the verdicts it reaches for as long as {@link VerdictLifetime} allows
 * (at most {@link ApiLimits#verdictCacheSize()} of them), shares one verification between
 * concurrent requests for the same version, and the verdicts of earlier versions between requests
 * for different ones ({@link NpmService#earlierVersions()}). Thread-safe.
 */
public final class HekateRuntime implements VerdictService {
  /**
   * Where the provenance bundle is verified while the request's thread verifies the publish
   * attestation: a Lambda container serves one request at a time and has a second vCPU from
   * 1,769 MB. Threads are made on first use (none in a SnapStart snapshot) and die when idle.
   */
  private static final ExecutorService VERIFY_THREADS = Executors.newCachedThreadPool(
      Thread.ofPlatform().name("hekate-verify-", 1).daemon().factory());

  private final Settings settings;
  private final SharedCache<VerdictKey, Kept> verdicts;
  private final SharedCache<String, Verdict> earlierVersions = NpmService.earlierVersions();
  private final RegistryClient registry;
  private final Optional<NpmVerifier> verifier;
  private final Optional<ArtifactVerifier> artifacts;
  private final Optional<String> trustProblem;
  private final GitHubAccess github;
  private final ApiLimits limits;
  private final JsonLog log;
  private final Optional<VerdictRecorder> recorder;
  private final Optional<VsaIssuer> summaries;
  private final Clock clock;

  /** A verdict as the cache keeps it: with what it was reached from, for its signed summary. */
  private record Kept(Verdict verdict, Optional<Basis> basis) {}

  /**
   * What a cached verdict answers. The registry, trust material and policy are part of the key by
   * construction: they are fixed when a runtime is built, and each runtime has its own cache.
   *
   * @param version empty for the latest version
   */
  record VerdictKey(String name, Optional<String> version) {
    static VerdictKey of(PackageSpec spec) {
      return new VerdictKey(spec.name(), spec.version());
    }
  }

  private HekateRuntime(Settings settings, ApiLimits limits, RegistryClient registry, Optional<NpmVerifier> verifier,
      Optional<ArtifactVerifier> artifacts, Optional<String> trustProblem, GitHubAccess github, JsonLog log, Optional<VerdictRecorder> recorder,
      Optional<VsaIssuer> summaries, Clock clock) {
    this.clock = clock;
    this.verdicts = SharedCache.keeping(limits.verdictCacheSize(),
        (key, kept) -> VerdictLifetime.of(kept.verdict(), key.version().isPresent()).duration());
    this.summaries = summaries;
    this.settings = settings;
    this.limits = limits;
    this.registry = registry;
    this.verifier = verifier;
    this.artifacts = artifacts;
    this.trustProblem = trustProblem;
    this.github = github;
    this.log = log;
    this.recorder = recorder;
  }

  /**
   * This runtime keeping every decided verdict it reaches, with what the registry served, in
   * {@code store} (docs/store.md): a registry answering differently for a version already kept
   * gives the finding {@code registry_answer_changed}, and the history endpoints read the store.
   * The verdict cache starts empty; the clients and trust material are shared.
   */
  public HekateRuntime withStore(VerdictStore store, Clock clock) {
    return new HekateRuntime(settings, limits, registry, verifier, artifacts, trustProblem, github, log,
        Optional.of(new VerdictRecorder(store, settings.registryUrl().toString(), clock)), summaries, this.clock);
  }

  /**
   * This runtime signing a summary of each decided verdict with {@code issuer} (docs/vsa.md). The
   * verdict cache starts empty; everything else is shared.
   */
  public HekateRuntime withSummaries(VsaIssuer issuer) {
    return new HekateRuntime(settings, limits, registry, verifier, artifacts, trustProblem, github, log, recorder,
        Optional.of(issuer), clock);
  }

  @Override
  public Optional<VsaIssuer> summaries() {
    return summaries;
  }

  @Override
  public Optional<VerdictStore> store() {
    return recorder.map(VerdictRecorder::store);
  }

  /**
   * Reads {@link Settings#fromEnvironment} from the process environment, keeps a verdict store in
   * the DynamoDB table {@value ClientWiring#STORE_TABLE} names, if it names one, and signs
   * summaries with the KMS key {@code HEKATE_SIGNING_KEY} names, if it names one.
   */
  public static HekateRuntime fromEnvironment() {
    HekateRuntime runtime = create(Settings.fromEnvironment(System.getenv()), ApiLimits.fromEnvironment(System.getenv()),
        () -> TrustMaterial.embedded().preparedForInit(System.getenv()), JsonLog.stdout());
    // HEKATE_STORE_TABLE: the verdict store on DynamoDB (docs/store.md), when the stack has one.
    HekateRuntime stored = ClientWiring.verdictStore(System.getenv())
        .map(store -> runtime.withStore(store, Clock.systemUTC())).orElse(runtime);
    // HEKATE_SIGNING_KEY: summaries signed with the KMS key (docs/vsa.md), as HEKATE_VERIFIER_ID.
    return ClientWiring.vsaIssuerFromEnvironment(System.getenv(), stored.settings, ApiHandler.VERSION)
        .map(stored::withSummaries).orElse(stored);
  }

  /**
   * The embedded public-good trust material (its signature tables prepared when init is a
   * SnapStart snapshot's: {@link TrustMaterial#preparedForInit}), Secrets Manager for a token
   * ARN, logs to stdout.
   */
  public static HekateRuntime create(Settings settings) {
    return create(settings, () -> TrustMaterial.embedded().preparedForInit(System.getenv()));
  }

  /**
   * Other trust material (a private Sigstore deployment, or a test's), loaded now; if
   * {@code trust} throws, every verification answers 503.
   */
  public static HekateRuntime create(Settings settings, Supplier<TrustMaterial> trust) {
    return create(settings, trust, JsonLog.stdout());
  }

  /** As {@link #create(Settings, Supplier)}, with events about the service itself logged to {@code log}. */
  public static HekateRuntime create(Settings settings, Supplier<TrustMaterial> trust, JsonLog log) {
    return create(settings, ApiLimits.defaults(), trust, log);
  }

  /** As {@link #create(Settings, Supplier, JsonLog)}, keeping as many verdicts as {@code limits} says. */
  public static HekateRuntime create(Settings settings, ApiLimits limits, Supplier<TrustMaterial> trust, JsonLog log) {
    return create(settings, limits, trust, HekateRuntime::secretsManager, log, Clock.systemUTC());
  }

  /**
   * @param trust loads the trust material now; an exception means it is unavailable and every
   *     verification answers 503
   * @param secrets called at the first request that needs a secret
   */
  static HekateRuntime create(Settings settings, Supplier<TrustMaterial> trust, Supplier<SecretSource> secrets,
      JsonLog log, Clock clock) {
    return create(settings, ApiLimits.defaults(), trust, secrets, log, clock);
  }

  static HekateRuntime create(Settings settings, ApiLimits limits, Supplier<TrustMaterial> trust,
      Supplier<SecretSource> secrets, JsonLog log, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(limits, "limits");
    // The two slow parts of init share nothing: the registry client (OkHttp loads the JDK's TLS
    // trust store) and the trust material (Bouncy Castle registers its provider). Side by side.
    CompletableFuture<RegistryClient> registry = CompletableFuture.supplyAsync(
        () -> ClientWiring.registry(ClientWiring.Profile.API, settings.registryUrl()),
        task -> Thread.ofPlatform().name("hekate-init").daemon().start(task));
    Optional<NpmVerifier> verifier;
    Optional<ArtifactVerifier> artifacts;
    Optional<String> problem;
    try {
      TrustMaterial material = trust.get();
      verifier = Optional.of(new NpmVerifier(material.trustedRoot(), material.npmKeys(), Optional.of(VERIFY_THREADS)));
      artifacts = Optional.of(new ArtifactVerifier(material.trustedRoot()));
      problem = Optional.empty();
    } catch (RuntimeException e) {
      verifier = Optional.empty();
      artifacts = Optional.empty();
      problem = Optional.of("the trust material could not be loaded: " + e.getMessage());
      log.event("ERROR", "trust_unavailable", problem.get());
    }
    GitHubAccess github = ClientWiring.gitHubAccess(ClientWiring.Profile.API, settings, secrets, log, clock);
    return new HekateRuntime(settings, limits, join(registry), verifier, artifacts, problem, github, log, Optional.empty(),
        Optional.empty(), clock);
  }

  /**
   * The verdict from the cache while {@link VerdictLifetime} says it holds; else shared with a
   * request for the same version in progress; else reached now. ERROR is never kept.
   */
  /** The same trusted root as the npm verdicts', for {@code POST /v1/slsa/verify}. */
  @Override
  public ArtifactVerifier artifactVerifier() throws TrustUnavailableException {
    return artifacts.orElseThrow(() -> new TrustUnavailableException(
        trustProblem.orElse("the trust material could not be loaded")));
  }

  @Override
  public Reached verify(PackageSpec spec) throws PackageNotFoundException, TrustUnavailableException {
    if (verifier.isEmpty()) {
      throw new TrustUnavailableException(trustProblem.orElse("the trust material could not be loaded"));
    }
    SharedCache.Got<Kept> got = verdicts.fetch(VerdictKey.of(spec), () -> kept(
        // NpmService is a few fields; the clients and caches inside are the long-lived part.
        ClientWiring.npmService(registry, verifier.get(), github.client(), settings.fetchTarball(),
            settings.trustExceptions(), earlierVersions).check(spec)));
    return new Reached(got.value().verdict(), got.loadedHere(), got.value().basis());
  }

  private Kept kept(NpmService.Checked checked) {
    Instant reachedAt = clock.instant();
    return new Kept(recorded(checked), checked.answer().map(answer -> new Basis(answer, reachedAt)));
  }

  /**
   * The verdict, kept in the store when there is one (with its {@code registry_answer_changed}
   * findings). A store that cannot be written is logged; the verdict stands.
   */
  private Verdict recorded(NpmService.Checked checked) {
    if (recorder.isEmpty() || checked.answer().isEmpty()) {
      return checked.verdict();
    }
    try {
      return recorder.get().record(checked.verdict(), checked.answer().get());
    } catch (StoreException e) {
      log.event("WARN", "store_unavailable", "the verdict of " + checked.verdict().packageName() + "@"
          + checked.verdict().version() + " was not kept: " + e.getMessage());
      return checked.verdict();
    }
  }

  @Override
  public Health health() {
    return new Health(settings.registryUrl().toString(), github.enabled(), settings.fetchTarball(), trustProblem);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  // A method of this class, not SecretsManagerSource::new: linking that class loads the AWS SDK,
  // which must wait for the first request that needs a secret (and is absent from the CLI's jar).
  private static SecretSource secretsManager() {
    return new SecretsManagerSource();
  }

}
