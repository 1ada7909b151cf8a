package dev.hekate.lambda;

import dev.hekate.core.concurrent.SharedCache;
import dev.hekate.core.config.Environment;
import dev.hekate.core.github.GitHubClient;
import dev.hekate.core.github.GitHubConfig;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictStatus;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.store.VerdictRecorder;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.sweep.SweepEngine;
import dev.hekate.core.sweep.SweepMemory;
import dev.hekate.core.sweep.SweepOptions;
import dev.hekate.core.vsa.Peers;
import dev.hekate.core.vsa.VerifierIdentity;
import dev.hekate.core.vsa.VerifierNetwork;
import dev.hekate.core.vsa.VsaIssuer;
import dev.hekate.core.vsa.VsaPolicy;
import dev.hekate.core.vsa.VsaSigner;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.lambda.secrets.SecretSource;
import dev.hekate.lambda.store.DynamoDbVerdictStore;
import dev.hekate.lambda.vsa.HttpPeerTransport;
import dev.hekate.lambda.vsa.KmsVsaSigner;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place the registry client, the GitHub client, and the {@link NpmService} and
 * {@link SweepEngine} over them are built, for every caller: the API on Lambda and under
 * {@code hekate serve} ({@link HekateRuntime}), the sweep functions, and the command line's
 * {@code verify-npm} and {@code sweep}. How long each caller waits is its {@link Profile}. The
 * GitHub token is read here too: {@value #GITHUB_TOKEN} from an environment
 * ({@link #gitHubToken}), or a Secrets Manager secret at first use ({@link #gitHubAccess}).
 *
 * <p>Building opens no connection and reads no secret. Nothing here links the AWS SDK (the command
 * line's jar leaves it out): a secret source arrives as a {@link Supplier}.
 */
public final class ClientWiring {
  /** The environment variable holding a GitHub token. */
  public static final String GITHUB_TOKEN = "GITHUB_TOKEN";

  private ClientWiring() {}

  /** How long a caller's registry and GitHub clients wait, and how often they try. */
  public enum Profile {
    /**
     * The API, whose answer must come before API Gateway's 30-second limit. Registry: 3 s to
     * connect, 8 s between reads, 10 s per attempt, two attempts, backoff 200 ms to 1 s,
     * {@code Retry-After} honoured up to 2 s. GitHub: 3 s, 5 s, 6 s, the same retries.
     */
    API,
    /**
     * The sweep functions: nobody waits, and a retry now is cheaper than a redelivery later.
     * Registry: 3 s, 15 s, 30 s, three attempts, backoff 250 ms to 2 s, {@code Retry-After} up to
     * 5 s. The sweep does not ask GitHub (an hourly thousand packages would spend an anonymous
     * rate limit in minutes); were it to, GitHub's defaults apply.
     */
    SWEEP,
    /**
     * The command line: the clients' own defaults ({@link RegistryConfig#defaults()},
     * {@link GitHubConfig#defaults()}).
     */
    COMMAND_LINE;

    /** The registry configuration of this profile, for the registry at {@code baseUrl}. */
    public RegistryConfig registry(URI baseUrl) {
      RegistryConfig config = RegistryConfig.defaults().withBaseUrl(baseUrl);
      return switch (this) {
        case API -> config.withTimeouts(seconds(3), seconds(8), seconds(10))
            .withMaxAttempts(2)
            .withBackoff(Duration.ofMillis(200), seconds(1), seconds(2));
        case SWEEP -> config.withTimeouts(seconds(3), seconds(15), seconds(30))
            .withMaxAttempts(3)
            .withBackoff(Duration.ofMillis(250), seconds(2), seconds(5));
        case COMMAND_LINE -> config;
      };
    }

    /** The GitHub configuration of this profile, for the API at {@code baseUrl}, with {@code token} if any. */
    public GitHubConfig gitHub(URI baseUrl, Optional<String> token) {
      GitHubConfig config = GitHubConfig.defaults().withBaseUrl(baseUrl).withToken(token);
      return switch (this) {
        case API -> config.withTimeouts(seconds(3), seconds(5), seconds(6))
            .withMaxAttempts(2)
            .withBackoff(Duration.ofMillis(200), seconds(1), seconds(2));
        case SWEEP, COMMAND_LINE -> config;
      };
    }

    private static Duration seconds(long n) {
      return Duration.ofSeconds(n);
    }
  }

  /** The token in {@value #GITHUB_TOKEN}, surrounding whitespace stripped; empty when unset or blank. */
  public static Optional<String> gitHubToken(Map<String, String> env) {
    return Environment.value(env, GITHUB_TOKEN);
  }

  /** A registry client for {@code baseUrl}, waiting as {@code profile} says. */
  public static RegistryClient registry(Profile profile, URI baseUrl) {
    return RegistryClient.create(profile.registry(baseUrl));
  }

  /** A GitHub client for the API at {@code baseUrl}, waiting as {@code profile} says. */
  public static GitHubClient gitHub(Profile profile, URI baseUrl, Optional<String> token) {
    return GitHubClient.create(profile.gitHub(baseUrl, token));
  }

  /**
   * The API's GitHub access for {@code settings}: none when the check is off; a client with the
   * token read from {@link Settings#githubTokenSecretArn()} at first use when no token is given
   * directly; else a client built now.
   *
   * @param secrets called at the first request that needs the secret, never now
   */
  static GitHubAccess gitHubAccess(Profile profile, Settings settings, Supplier<SecretSource> secrets, JsonLog log,
      Clock clock) {
    if (!settings.githubCheck()) {
      return GitHubAccess.disabled();
    }
    GitHubConfig config = profile.gitHub(settings.githubApiUrl(), settings.githubToken());
    if (settings.githubToken().isEmpty() && settings.githubTokenSecretArn().isPresent()) {
      return GitHubAccess.fromSecret(config, settings.githubTokenSecretArn().get(), secrets, log, clock);
    }
    return GitHubAccess.fixed(config);
  }

  /** The verification of one package version over the given clients, accepting the downgrades {@code trustExceptions} names. */
  public static NpmService npmService(RegistryClient registry, NpmVerifier verifier, Optional<GitHubClient> github,
      boolean fetchTarball, TrustExceptions trustExceptions) {
    return new NpmService(registry, verifier, github, fetchTarball, trustExceptions);
  }

  /**
   * As above, sharing the verdicts of earlier versions ({@link NpmService#earlierVersions()}) with
   * every other service built over the same clients and trust.
   */
  public static NpmService npmService(RegistryClient registry, NpmVerifier verifier, Optional<GitHubClient> github,
      boolean fetchTarball, TrustExceptions trustExceptions, SharedCache<String, Verdict> earlierVersions) {
    return new NpmService(registry, verifier, github, fetchTarball, trustExceptions, earlierVersions);
  }

  /**
   * A sweep over the registry at {@code registryUrl}, verifying with {@code verifier}, without the
   * GitHub check, {@code concurrency} packages at once.
   */
  public static SweepEngine sweepEngine(Profile profile, URI registryUrl, NpmVerifier verifier, boolean fetchTarball,
      int concurrency) {
    return sweepEngine(profile, registryUrl, verifier, fetchTarball, concurrency, TrustExceptions.NONE);
  }

  /** As above, accepting the trust downgrades {@code trustExceptions} names (a watchlist's come on top). */
  public static SweepEngine sweepEngine(Profile profile, URI registryUrl, NpmVerifier verifier, boolean fetchTarball,
      int concurrency, TrustExceptions trustExceptions) {
    return sweepEngine(profile, registryUrl, verifier, fetchTarball, concurrency, trustExceptions, Optional.empty());
  }

  /**
   * The issuer of a deployment's verification summaries (docs/vsa.md): {@code signer}'s key, the
   * verifier {@code id}, and a policy document naming the checks every VERIFIED verdict needs and
   * the settings that change a verdict. Its URI is {@code <id>/v1/verifier#policy} for an http(s)
   * id, else {@code <id>#policy}.
   */
  public static VsaIssuer vsaIssuer(Settings settings, VsaSigner signer, URI id, String version) {
    return vsaIssuer(settings, signer, id, version, List.of());
  }

  /** As above, also publishing {@code retired} keys with the end of their use. */
  public static VsaIssuer vsaIssuer(Settings settings, VsaSigner signer, URI id, String version,
      List<VsaIssuer.RetiredKey> retired) {
    URI policyUri = id.getScheme() != null && id.getScheme().startsWith("http")
        ? id.resolve("/v1/verifier#policy") : URI.create(id + "#policy");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("registry", settings.registryUrl().toString());
    values.put("githubCheck", Boolean.toString(settings.githubCheck()));
    values.put("fetchTarball", Boolean.toString(settings.fetchTarball()));
    values.put("trustExceptions", settings.trustExceptions().toString());
    VsaPolicy policy = VsaPolicy.of(policyUri, new ArrayList<>(VerdictStatus.essential()), values);
    return new VsaIssuer(new VerifierIdentity(id, version), policy, signer, settings.registryUrl(), retired);
  }

  /** The environment variable giving the verifier id of a deployment that signs with KMS. */
  public static final String VERIFIER_ID = "HEKATE_VERIFIER_ID";

  /**
   * The issuer of a deployment on AWS: the KMS key {@code HEKATE_SIGNING_KEY} names
   * ({@link KmsVsaSigner#fromEnvironment}), as {@value #VERIFIER_ID}; empty when no key is named.
   * Builds no client and asks nothing (SnapStart-safe).
   *
   * @throws IllegalArgumentException a key without a usable {@value #VERIFIER_ID} (an absolute URI),
   *     or a malformed public key: the function must not start signing as nobody
   */
  public static Optional<VsaIssuer> vsaIssuerFromEnvironment(Map<String, String> env, Settings settings,
      String version) {
    Optional<KmsVsaSigner> signer = KmsVsaSigner.fromEnvironment(env, Optional.empty());
    if (signer.isEmpty()) {
      return Optional.empty();
    }
    URI id = Environment.value(env, VERIFIER_ID).map(URI::create).filter(URI::isAbsolute)
        .orElseThrow(() -> new IllegalArgumentException(VERIFIER_ID + " must be an absolute URI when "
            + KmsVsaSigner.SIGNING_KEY + " is set"));
    return Optional.of(vsaIssuer(settings, signer.get(), id, version));
  }

  /** The environment variable holding the peers file's JSON for the sweep worker (docs/vsa.md). */
  public static final String PEERS = "HEKATE_PEERS";
  /** How many of those peers must agree; a majority when unset. */
  public static final String PEER_THRESHOLD = "HEKATE_PEER_THRESHOLD";

  /**
   * The verifier network the sweep worker asks about each decided version: the peers
   * {@value #PEERS} lists (the JSON of a peers file), {@value #PEER_THRESHOLD} of them to agree, as
   * {@code hekate sweep --peers} asks them (a day's freshness, 20 s per version). Empty when no
   * peers are configured.
   *
   * @throws IllegalArgumentException malformed peers or threshold: the worker must not start with a
   *     network it cannot ask
   */
  public static Optional<VerifierNetwork> verifierNetwork(Map<String, String> env, Clock clock) {
    Optional<String> json = Environment.value(env, PEERS);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    List<Peers.Peer> peers = Peers.parse(json.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    int threshold = Environment.value(env, PEER_THRESHOLD).map(t -> {
      if (!t.matches("[0-9]{1,3}") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > peers.size()) {
        throw new IllegalArgumentException(PEER_THRESHOLD + " must be a whole number from 1 to " + peers.size());
      }
      return Integer.parseInt(t);
    }).orElse(VerifierNetwork.majority(peers.size()));
    return Optional.of(sweepNetwork(peers, threshold, clock));
  }

  /** How long a sweep waits for the peers about one version, and the oldest summary it accepts. */
  static final Duration SWEEP_PEER_DEADLINE = Duration.ofSeconds(20);
  static final Duration SWEEP_PEER_MAX_AGE = Duration.ofDays(1);

  /** The network a sweep (the command line's or the worker's) asks, over HTTP, as {@code hekate network verify} by default. */
  public static VerifierNetwork sweepNetwork(List<Peers.Peer> peers, int threshold, Clock clock) {
    return new VerifierNetwork(peers, threshold, SWEEP_PEER_MAX_AGE, List.of(), SWEEP_PEER_DEADLINE,
        HttpPeerTransport.create(SWEEP_PEER_DEADLINE), clock);
  }

  /** The environment variable naming the verdict store's DynamoDB table (template.yaml's VerdictTable). */
  public static final String STORE_TABLE = "HEKATE_STORE_TABLE";

  /**
   * The DynamoDB verdict store {@value #STORE_TABLE} names, or empty when it is unset or blank.
   * Building it opens no connection (safe in a SnapStart snapshot); region and credentials are the
   * function's.
   */
  public static Optional<VerdictStore> verdictStore(Map<String, String> env) {
    return Environment.value(env, STORE_TABLE).map(table -> DynamoDbVerdictStore.create(table, Optional.empty()));
  }

  /**
   * As above, remembering through {@code store} (cursors, decided versions, registry answers) when
   * one is given: the store's keys name {@code registryUrl} as written.
   */
  public static SweepEngine sweepEngine(Profile profile, URI registryUrl, NpmVerifier verifier, boolean fetchTarball,
      int concurrency, TrustExceptions trustExceptions, Optional<VerdictStore> store) {
    Objects.requireNonNull(verifier, "verifier");
    RegistryClient registry = registry(profile, registryUrl);
    Optional<SweepMemory> memory = store.map(s -> new SweepMemory(
        new VerdictRecorder(s, registryUrl.toString(), Clock.systemUTC()), SweepMemory.DEFAULT_RECHECK_AFTER));
    return SweepEngine.create(registry, npmService(registry, verifier, Optional.empty(), fetchTarball, trustExceptions),
        SweepOptions.defaults().withConcurrency(concurrency), memory);
  }
}
