package dev.hekate.core.registry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link RegistryClient} talks to one registry: where, with what credentials, and how long
 * it waits. Immutable and thread-safe; each {@code with...} returns a changed copy and rejects
 * out-of-range values with {@link IllegalArgumentException}. The token never appears in
 * {@link #toString()}.
 */
public final class RegistryConfig {
  /** The public npm registry. */
  public static final URI NPMJS = URI.create("https://registry.npmjs.org/");

  private final URI baseUrl;
  private final String token;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final int maxAttempts;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Duration maxRetryAfter;
  private final int maxPackumentBytes;
  private final long maxTarballBytes;
  private final String userAgent;
  private final Sleeper sleeper;
  private final Clock clock;

  private RegistryConfig(Builder b) {
    this.baseUrl = b.baseUrl;
    this.token = b.token;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.maxAttempts = b.maxAttempts;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxPackumentBytes = b.maxPackumentBytes;
    this.maxTarballBytes = b.maxTarballBytes;
    this.userAgent = b.userAgent;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
  }

  /**
   * The public npm registry, no token, the timeouts and bounds of {@link RegistryLimits}, the
   * system clock, real sleeps, and {@code User-Agent: hekate/<version>}.
   */
  public static RegistryConfig defaults() {
    return new RegistryConfig(new Builder());
  }

  /**
   * The registry's base URL, e.g. {@code https://registry.npmjs.org/} or an Artifactory or Nexus
   * path such as {@code https://host/api/npm/remote/}. A missing trailing slash is added. Must be
   * http or https, without user info, query or fragment (use {@link #withToken} for credentials).
   */
  public RegistryConfig withBaseUrl(URI baseUrl) {
    Builder b = copy();
    b.baseUrl = normalise(baseUrl);
    return new RegistryConfig(b);
  }

  /** A bearer token sent on every request to the registry's origin, for private registries. */
  public RegistryConfig withToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("token must be non-empty printable ASCII without spaces");
    }
    Builder b = copy();
    b.token = token;
    return new RegistryConfig(b);
  }

  /** No credentials. */
  public RegistryConfig withoutToken() {
    Builder b = copy();
    b.token = null;
    return new RegistryConfig(b);
  }

  /** Connect, read (between two reads) and call (one whole attempt, body included) timeouts. */
  public RegistryConfig withTimeouts(Duration connect, Duration read, Duration call) {
    Builder b = copy();
    b.connectTimeout = positive(connect, "connect timeout");
    b.readTimeout = positive(read, "read timeout");
    b.callTimeout = positive(call, "call timeout");
    return new RegistryConfig(b);
  }

  /** Attempts per request, the first included: 1 means no retries. */
  public RegistryConfig withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1 || maxAttempts > RegistryLimits.MAX_ATTEMPTS) {
      throw new IllegalArgumentException("max attempts must be 1.." + RegistryLimits.MAX_ATTEMPTS);
    }
    Builder b = copy();
    b.maxAttempts = maxAttempts;
    return new RegistryConfig(b);
  }

  /**
   * Exponential backoff: before retry {@code n} (1-based) wait {@code min(max, base * 2^(n-1))},
   * half of it fixed and half random. A {@code Retry-After} header replaces the backoff, capped at
   * {@code maxRetryAfter}.
   */
  public RegistryConfig withBackoff(Duration base, Duration max, Duration maxRetryAfter) {
    Builder b = copy();
    b.backoffBase = positive(base, "backoff base");
    b.backoffMax = positive(max, "backoff max");
    b.maxRetryAfter = nonNegative(maxRetryAfter, "max Retry-After");
    if (b.backoffMax.compareTo(b.backoffBase) < 0) {
      throw new IllegalArgumentException("backoff max must be at least the backoff base");
    }
    return new RegistryConfig(b);
  }

  /** Largest packument accepted, in bytes after decompression. */
  public RegistryConfig withMaxPackumentBytes(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max packument bytes must be positive");
    }
    Builder b = copy();
    b.maxPackumentBytes = maxBytes;
    return new RegistryConfig(b);
  }

  /** Largest tarball accepted, in bytes. */
  public RegistryConfig withMaxTarballBytes(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max tarball bytes must be positive");
    }
    Builder b = copy();
    b.maxTarballBytes = maxBytes;
    return new RegistryConfig(b);
  }

  /** The {@code User-Agent} header. */
  public RegistryConfig withUserAgent(String userAgent) {
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw new IllegalArgumentException("user agent must be non-empty printable ASCII");
    }
    Builder b = copy();
    b.userAgent = userAgent;
    return new RegistryConfig(b);
  }

  /** What waits between attempts; tests pass one that records instead of sleeping. */
  public RegistryConfig withSleeper(Sleeper sleeper) {
    Builder b = copy();
    b.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return new RegistryConfig(b);
  }

  /** The clock that turns a {@code Retry-After} date into a delay. */
  public RegistryConfig withClock(Clock clock) {
    Builder b = copy();
    b.clock = Objects.requireNonNull(clock, "clock");
    return new RegistryConfig(b);
  }

  /** The base URL, always ending in {@code /}. */
  public URI baseUrl() {
    return baseUrl;
  }

  public boolean hasToken() {
    return token != null;
  }

  Optional<String> token() {
    return Optional.ofNullable(token);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration backoffBase() {
    return backoffBase;
  }

  public Duration backoffMax() {
    return backoffMax;
  }

  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  public int maxPackumentBytes() {
    return maxPackumentBytes;
  }

  public long maxTarballBytes() {
    return maxTarballBytes;
  }

  public String userAgent() {
    return userAgent;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "RegistryConfig[baseUrl=" + baseUrl + ", token=" + (token == null ? "none" : "(set)")
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
        + ", callTimeout=" + callTimeout + ", maxAttempts=" + maxAttempts
        + ", maxPackumentBytes=" + maxPackumentBytes + ", maxTarballBytes=" + maxTarballBytes
        + ", userAgent=" + userAgent + "]";
  }

  private Builder copy() {
    Builder b = new Builder();
    b.baseUrl = baseUrl;
    b.token = token;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.callTimeout = callTimeout;
    b.maxAttempts = maxAttempts;
    b.backoffBase = backoffBase;
    b.backoffMax = backoffMax;
    b.maxRetryAfter = maxRetryAfter;
    b.maxPackumentBytes = maxPackumentBytes;
    b.maxTarballBytes = maxTarballBytes;
    b.userAgent = userAgent;
    b.sleeper = sleeper;
    b.clock = clock;
    return b;
  }

  private static URI normalise(URI uri) {
    Objects.requireNonNull(uri, "baseUrl");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("registry URL must be http or https");
    }
    if (uri.getHost() == null || uri.isOpaque()) {
      throw new IllegalArgumentException("registry URL must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("registry URL must not carry credentials; use withToken");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("registry URL must not have a query or fragment");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (!path.endsWith("/")) {
      path = path + "/";
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return URI.create(scheme + "://" + uri.getHost() + port + path);
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return d;
  }

  private static Duration nonNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative");
    }
    return d;
  }

  private static String defaultUserAgent() {
    String version = RegistryConfig.class.getPackage().getImplementationVersion();
    return "hekate/" + (version == null ? "dev" : version);
  }

  private static final class Builder {
    URI baseUrl = NPMJS;
    String token;
    Duration connectTimeout = RegistryLimits.DEFAULT_CONNECT_TIMEOUT;
    Duration readTimeout = RegistryLimits.DEFAULT_READ_TIMEOUT;
    Duration callTimeout = RegistryLimits.DEFAULT_CALL_TIMEOUT;
    int maxAttempts = RegistryLimits.DEFAULT_MAX_ATTEMPTS;
    Duration backoffBase = RegistryLimits.DEFAULT_BACKOFF_BASE;
    Duration backoffMax = RegistryLimits.DEFAULT_BACKOFF_MAX;
    Duration maxRetryAfter = RegistryLimits.DEFAULT_MAX_RETRY_AFTER;
    int maxPackumentBytes = RegistryLimits.MAX_PACKUMENT_BYTES;
    long maxTarballBytes = RegistryLimits.DEFAULT_MAX_TARBALL_BYTES;
    String userAgent = defaultUserAgent();
    Sleeper sleeper = Sleeper.SYSTEM;
    Clock clock = Clock.systemUTC();
  }
}
