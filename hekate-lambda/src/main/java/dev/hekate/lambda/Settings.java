package dev.hekate.lambda;

import dev.hekate.core.config.Environment;
import dev.hekate.core.github.GitHubConfig;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.RegistryConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the API is configured: from environment variables on Lambda (set by template.yaml), from
 * flags in {@code hekate serve}. Immutable; the token never appears in {@link #toString()}.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code HEKATE_REGISTRY_URL}</td><td>{@code https://registry.npmjs.org/}</td></tr>
 *   <tr><td>{@code HEKATE_GITHUB_CHECK}</td><td>{@code true}: ask GitHub whether the provenance's run happened</td></tr>
 *   <tr><td>{@code HEKATE_GITHUB_API_URL}</td><td>{@code https://api.github.com/}</td></tr>
 *   <tr><td>{@code GITHUB_TOKEN}</td><td>none (GitHub's anonymous rate limit)</td></tr>
 *   <tr><td>{@code HEKATE_GITHUB_TOKEN_SECRET_ARN}</td><td>none; read at the first request that needs it</td></tr>
 *   <tr><td>{@code HEKATE_FETCH_TARBALL}</td><td>{@code false}</td></tr>
 *   <tr><td>{@code HEKATE_TRUST_EXCLUDE}</td><td>none: trust exceptions, {@code NAME} or
 *       {@code NAME@VERSION}, comma separated (read by the API, the sweep worker and {@code hekate serve})</td></tr>
 * </table>
 *
 * @param githubToken a token given directly; it wins over {@code githubTokenSecretArn}
 * @param githubTokenSecretArn a Secrets Manager secret holding the token
 * @param trustExceptions the trust downgrades the operator accepts ({@link TrustExceptions})
 */
public record Settings(
    URI registryUrl,
    boolean githubCheck,
    URI githubApiUrl,
    Optional<String> githubToken,
    Optional<String> githubTokenSecretArn,
    boolean fetchTarball,
    TrustExceptions trustExceptions) {

  public static final String REGISTRY_URL = "HEKATE_REGISTRY_URL";
  public static final String GITHUB_CHECK = "HEKATE_GITHUB_CHECK";
  public static final String GITHUB_API_URL = "HEKATE_GITHUB_API_URL";
  // Constant declarations: the list is the data, so its shape repeats.
  public static final String GITHUB_TOKEN_SECRET_ARN = "HEKATE_GITHUB_TOKEN_SECRET_ARN";
  public static final String FETCH_TARBALL = "HEKATE_FETCH_TARBALL";
  public static final String TRUST_EXCLUDE = "HEKATE_TRUST_EXCLUDE";

  private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+");

  public Settings {
    Objects.requireNonNull(registryUrl, "registryUrl");
    Objects.requireNonNull(githubApiUrl, "githubApiUrl");
    Objects.requireNonNull(githubToken, "githubToken");
    Objects.requireNonNull(githubTokenSecretArn, "githubTokenSecretArn");
    Objects.requireNonNull(trustExceptions, "trustExceptions");
    githubToken = githubToken.filter(t -> !t.isBlank());
    githubTokenSecretArn = githubTokenSecretArn.filter(a -> !a.isBlank());
    if (githubTokenSecretArn.isPresent() && !SECRET_ARN.matcher(githubTokenSecretArn.get()).matches()) {
      throw new IllegalArgumentException(GITHUB_TOKEN_SECRET_ARN + " is not a Secrets Manager secret ARN");
    }
  }

  /** The public registry, the GitHub check on without a token, no tarball download. */
  public static Settings defaults() {
    return new Settings(RegistryConfig.NPMJS, true, GitHubConfig.GITHUB_API, Optional.empty(), Optional.empty(), false,
        TrustExceptions.NONE);
  }

  /**
   * Reads the variables above; unset or blank ones take their default.
   *
   * @throws IllegalArgumentException naming the variable, when one holds a value that cannot be used
   */
  public static Settings fromEnvironment(Map<String, String> env) {
    Settings d = defaults();
    return new Settings(
        url(env, REGISTRY_URL).orElse(d.registryUrl()),
        bool(env, GITHUB_CHECK).orElse(d.githubCheck()),
        url(env, GITHUB_API_URL).orElse(d.githubApiUrl()),
        ClientWiring.gitHubToken(env),
        Environment.value(env, GITHUB_TOKEN_SECRET_ARN),
        bool(env, FETCH_TARBALL).orElse(d.fetchTarball()),
        trustExceptions(env));
  }

  public Settings withRegistryUrl(URI url) {
    return new Settings(url, githubCheck, githubApiUrl, githubToken, githubTokenSecretArn, fetchTarball,
        trustExceptions);
  }

  public Settings withGithubCheck(boolean on) {
    return new Settings(registryUrl, on, githubApiUrl, githubToken, githubTokenSecretArn, fetchTarball,
        trustExceptions);
  }

  public Settings withGithubApiUrl(URI url) {
    return new Settings(registryUrl, githubCheck, url, githubToken, githubTokenSecretArn, fetchTarball,
        trustExceptions);
  }

  public Settings withGithubToken(Optional<String> token) {
    return new Settings(registryUrl, githubCheck, githubApiUrl, token, githubTokenSecretArn, fetchTarball,
        trustExceptions);
  }

  public Settings withFetchTarball(boolean on) {
    return new Settings(registryUrl, githubCheck, githubApiUrl, githubToken, githubTokenSecretArn, on,
        trustExceptions);
  }

  public Settings withTrustExceptions(TrustExceptions exceptions) {
    return new Settings(registryUrl, githubCheck, githubApiUrl, githubToken, githubTokenSecretArn, fetchTarball,
        exceptions);
  }

  @Override
  public String toString() {
    return "Settings[registryUrl=" + registryUrl + ", githubCheck=" + githubCheck + ", githubApiUrl=" + githubApiUrl
        + ", githubToken=" + (githubToken.isPresent() ? "(set)" : "none")
        + ", githubTokenSecretArn=" + githubTokenSecretArn.orElse("none") + ", fetchTarball=" + fetchTarball
        + ", trustExceptions=" + trustExceptions.texts() + "]";
  }


  /**
   * {@value #TRUST_EXCLUDE}: entries comma separated; unset or blank is none.
   *
   * @throws IllegalArgumentException naming the variable and the first malformed entry
   */
  public static TrustExceptions trustExceptions(Map<String, String> env) {
    Optional<String> text = Environment.value(env, TRUST_EXCLUDE);
    if (text.isEmpty()) {
      return TrustExceptions.NONE;
    }
    try {
      return TrustExceptions.parseList(text.get());
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException(TRUST_EXCLUDE + ": " + e.getMessage());
    }
  }

  private static Optional<URI> url(Map<String, String> env, String name) {
    Optional<String> text = Environment.value(env, name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.get());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
        throw new IllegalArgumentException(name + " must be an http(s) URL with a host");
      }
      return Optional.of(uri);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a URL");
    }
  }

  private static Optional<Boolean> bool(Map<String, String> env, String name) {
    Optional<String> text = Environment.value(env, name).map(v -> v.toLowerCase(Locale.ROOT));
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return switch (text.get()) {
      case "true", "1", "yes", "on" -> Optional.of(true);
      case "false", "0", "no", "off" -> Optional.of(false);
      default -> throw new IllegalArgumentException(name + " must be true or false");
    };
  }
}
