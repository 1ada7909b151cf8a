package dev.hekate.core.registry;

import dev.hekate.core.http.HttpClientConfig;
import dev.hekate.core.http.HttpPolicy;
import dev.hekate.core.json.Limits;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link RegistryClient} talks to one registry: where, with what credentials, and how long
 * it waits. Immutable and thread-safe; each {@code with...} returns a changed copy and rejects
 * out-of-range values with {@link IllegalArgumentException}. The token never appears in
 * {@link #toString()}.
 */
public final class RegistryConfig extends HttpClientConfig<RegistryConfig> {
  /** The public npm registry. */
  public static final URI NPMJS = URI.create("https://registry.npmjs.org/");
  /**
   * Default timeout between two reads of a response: longer than {@link HttpPolicy}'s default,
   * for packuments of tens of MiB.
   */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
  /** Default bound on one whole attempt, body included. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final int maxPackumentBytes;
  private final long maxTarballBytes;
  private final String userAgent;

  private RegistryConfig(HttpPolicy policy, int maxPackumentBytes, long maxTarballBytes, String userAgent) {
    super(policy);
    this.maxPackumentBytes = maxPackumentBytes;
    this.maxTarballBytes = maxTarballBytes;
    this.userAgent = userAgent;
  }

  /**
   * The public npm registry, no token, {@link HttpPolicy}'s defaults with this class's longer read
   * and call timeouts, the size bounds of {@link Limits}, the system clock, real sleeps, and
   * {@code User-Agent: hekate/<version>}.
   */
  public static RegistryConfig defaults() {
    HttpPolicy policy = HttpPolicy.defaults(NPMJS).withTimeouts(HttpPolicy.DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT, DEFAULT_CALL_TIMEOUT);
    return new RegistryConfig(policy, Limits.DEFAULT_MAX_PACKUMENT_BYTES, Limits.DEFAULT_MAX_TARBALL_BYTES,
        defaultUserAgent());
  }

  /**
   * The registry's base URL, e.g. {@code https://registry.npmjs.org/} or an Artifactory or Nexus
   * path such as {@code https://host/api/npm/remote/}. A missing trailing slash is added. Must be
   * http or https, without user info, query or fragment (use {@link #withToken} for credentials).
   */
  public RegistryConfig withBaseUrl(URI baseUrl) {
    return with(policy().withBaseUrl(baseUrl, "registry URL"));
  }

  /** A bearer token sent on every request to the registry's origin, for private registries. */
  public RegistryConfig withToken(String token) {
    return with(policy().withToken(Optional.of(Objects.requireNonNull(token, "token"))));
  }

  /** No credentials. */
  public RegistryConfig withoutToken() {
    return with(policy().withToken(Optional.empty()));
  }

  /** Largest packument accepted, in bytes after decompression. */
  public RegistryConfig withMaxPackumentBytes(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max packument bytes must be positive");
    }
    return new RegistryConfig(policy(), maxBytes, maxTarballBytes, userAgent);
  }

  /** Largest tarball accepted, in bytes. */
  public RegistryConfig withMaxTarballBytes(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max tarball bytes must be positive");
    }
    return new RegistryConfig(policy(), maxPackumentBytes, maxBytes, userAgent);
  }

  /** The {@code User-Agent} header. */
  public RegistryConfig withUserAgent(String userAgent) {
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw new IllegalArgumentException("user agent must be non-empty printable ASCII");
    }
    return new RegistryConfig(policy(), maxPackumentBytes, maxTarballBytes, userAgent);
  }

  public int maxPackumentBytes() {
    return maxPackumentBytes;
  }

  // Plain accessors, one per field: nothing to share but the shape.
  public long maxTarballBytes() {
    return maxTarballBytes;
  }

  public String userAgent() {
    return userAgent;
  }

  @Override
  public String toString() {
    return "RegistryConfig[baseUrl=" + baseUrl() + ", token=" + (hasToken() ? "(set)" : "none")
        + ", connectTimeout=" + connectTimeout() + ", readTimeout=" + readTimeout()
        + ", callTimeout=" + callTimeout() + ", maxAttempts=" + maxAttempts()
        + ", maxPackumentBytes=" + maxPackumentBytes + ", maxTarballBytes=" + maxTarballBytes
        + ", userAgent=" + userAgent + "]";
  }

  @Override
  protected RegistryConfig with(HttpPolicy policy) {
    return new RegistryConfig(policy, maxPackumentBytes, maxTarballBytes, userAgent);
  }

  private static String defaultUserAgent() {
    String version = RegistryConfig.class.getPackage().getImplementationVersion();
    return "hekate/" + (version == null ? "dev" : version);
  }
}
