package dev.hekate.core.github;

import dev.hekate.core.registry.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link GitHubClient} talks to the GitHub REST API: where, with what token, and how long it
 * waits. Immutable and thread-safe; each {@code with...} returns a changed copy and rejects
 * out-of-range values with {@link IllegalArgumentException}. The token never appears in
 * {@link #toString()}.
 */
public final class GitHubConfig {
  /** The public GitHub API. */
  public static final URI GITHUB_API = URI.create("https://api.github.com/");

  private final URI baseUrl;
  private final String token;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final int maxAttempts;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Duration maxRetryAfter;
  private final int maxResponseBytes;
  private final Sleeper sleeper;
  private final Clock clock;

  private GitHubConfig(Builder b) {
    this.baseUrl = b.baseUrl;
    this.token = b.token;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.maxAttempts = b.maxAttempts;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxResponseBytes = b.maxResponseBytes;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
  }

  /**
   * {@code https://api.github.com/}, no token (60 requests an hour per IP address), the timeouts
   * and bounds of {@link GitHubLimits}, the system clock and real sleeps.
   */
  public static GitHubConfig defaults() {
    return new GitHubConfig(new Builder());
  }

  /**
   * The API's base URL: {@code https://api.github.com/}, a GitHub Enterprise Server's
   * {@code https://host/api/v3/}, or a loopback server in tests. A missing trailing slash is added.
   * Must be http or https, without user info, query or fragment.
   */
  public GitHubConfig withBaseUrl(URI baseUrl) {
    Builder b = copy();
    b.baseUrl = normalise(baseUrl);
    return new GitHubConfig(b);
  }

  /**
   * The token sent as {@code Authorization: Bearer ...}, typically {@code GITHUB_TOKEN}. Empty, or
   * a blank string (an environment variable set to nothing), means no token.
   *
   * @throws IllegalArgumentException if the token holds spaces or characters outside printable ASCII
   */
  public GitHubConfig withToken(Optional<String> token) {
    Objects.requireNonNull(token, "token");
    Optional<String> usable = token.filter(t -> !t.isBlank());
    if (usable.isPresent() && usable.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("token must be printable ASCII without spaces");
    }
    Builder b = copy();
    b.token = usable.orElse(null);
    return new GitHubConfig(b);
  }

  /** Connect, read (between two reads) and call (one whole attempt, body included) timeouts. */
  public GitHubConfig withTimeouts(Duration connect, Duration read, Duration call) {
    Builder b = copy();
    b.connectTimeout = positive(connect, "connect timeout");
    b.readTimeout = positive(read, "read timeout");
    b.callTimeout = positive(call, "call timeout");
    return new GitHubConfig(b);
  }

  /** Attempts per request, the first included: 1 means no retries. */
  public GitHubConfig withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1 || maxAttempts > GitHubLimits.MAX_ATTEMPTS) {
      throw new IllegalArgumentException("max attempts must be 1.." + GitHubLimits.MAX_ATTEMPTS);
    }
    Builder b = copy();
    b.maxAttempts = maxAttempts;
    return new GitHubConfig(b);
  }

  /**
   * Exponential backoff after a network error or a 5xx: before retry {@code n} (1-based) wait
   * {@code min(max, base * 2^(n-1))}, half of it fixed and half random. A wait the server asks for
   * ({@code Retry-After}, or {@code x-ratelimit-reset} once the rate limit is spent) replaces the
   * backoff when it is at most {@code maxRetryAfter}; a longer one ends the request as unavailable.
   */
  public GitHubConfig withBackoff(Duration base, Duration max, Duration maxRetryAfter) {
    Builder b = copy();
    b.backoffBase = positive(base, "backoff base");
    b.backoffMax = positive(max, "backoff max");
    b.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "max Retry-After");
    if (b.backoffMax.compareTo(b.backoffBase) < 0) {
      throw new IllegalArgumentException("backoff max must be at least the backoff base");
    }
    if (maxRetryAfter.isNegative() || maxRetryAfter.compareTo(GitHubLimits.MAX_RETRY_AFTER) > 0) {
      throw new IllegalArgumentException("max Retry-After must be 0.." + GitHubLimits.MAX_RETRY_AFTER.toSeconds() + " s");
    }
    return new GitHubConfig(b);
  }

  /** Largest response accepted, in bytes after decompression. */
  public GitHubConfig withMaxResponseBytes(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max response bytes must be positive");
    }
    Builder b = copy();
    b.maxResponseBytes = maxBytes;
    return new GitHubConfig(b);
  }

  /** What waits between attempts; tests pass one that records instead of sleeping. */
  public GitHubConfig withSleeper(Sleeper sleeper) {
    Builder b = copy();
    b.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return new GitHubConfig(b);
  }

  /** The clock that turns {@code x-ratelimit-reset} and a {@code Retry-After} date into a delay. */
  public GitHubConfig withClock(Clock clock) {
    Builder b = copy();
    b.clock = Objects.requireNonNull(clock, "clock");
    return new GitHubConfig(b);
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

  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "GitHubConfig[baseUrl=" + baseUrl + ", token=" + (token == null ? "none" : "(set)")
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
        + ", callTimeout=" + callTimeout + ", maxAttempts=" + maxAttempts
        + ", maxRetryAfter=" + maxRetryAfter + ", maxResponseBytes=" + maxResponseBytes + "]";
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
    b.maxResponseBytes = maxResponseBytes;
    b.sleeper = sleeper;
    b.clock = clock;
    return b;
  }

  private static URI normalise(URI uri) {
    Objects.requireNonNull(uri, "baseUrl");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("GitHub API URL must be http or https");
    }
    if (uri.isOpaque() || uri.getHost() == null) {
      throw new IllegalArgumentException("GitHub API URL must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("GitHub API URL must not carry credentials; use withToken");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("GitHub API URL must not have a query or fragment");
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

  private static final class Builder {
    URI baseUrl = GITHUB_API;
    String token;
    Duration connectTimeout = GitHubLimits.DEFAULT_CONNECT_TIMEOUT;
    Duration readTimeout = GitHubLimits.DEFAULT_READ_TIMEOUT;
    Duration callTimeout = GitHubLimits.DEFAULT_CALL_TIMEOUT;
    int maxAttempts = GitHubLimits.DEFAULT_MAX_ATTEMPTS;
    Duration backoffBase = GitHubLimits.DEFAULT_BACKOFF_BASE;
    Duration backoffMax = GitHubLimits.DEFAULT_BACKOFF_MAX;
    Duration maxRetryAfter = GitHubLimits.DEFAULT_MAX_RETRY_AFTER;
    int maxResponseBytes = GitHubLimits.DEFAULT_MAX_RESPONSE_BYTES;
    Sleeper sleeper = Sleeper.SYSTEM;
    Clock clock = Clock.systemUTC();
  }
}
