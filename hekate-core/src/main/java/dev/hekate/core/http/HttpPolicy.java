package dev.hekate.core.http;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a Hekate HTTP client talks to one service: where, with what bearer token, how long it waits,
 * and how it retries. {@link HttpExecutor} carries it out; each client's configuration holds one
 * ({@link HttpClientConfig}). Immutable and thread-safe; each {@code with...} returns a
 * changed copy and rejects out-of-range values with {@link IllegalArgumentException}. The token
 * never appears in {@link #toString()}.
 */
public final class HttpPolicy {
  /** Default number of attempts per request (the first try and its retries). */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Upper bound on the attempts a configuration may ask for. */
  public static final int MAX_ATTEMPTS = 10;
  /**
   * Default longest wait that a server's {@code Retry-After} (or GitHub's {@code x-ratelimit-reset})
   * may impose before a retry.
   */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);
  /** Default TCP connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default timeout between two reads of a response. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  /** Default bound on one whole attempt, body included. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
  /** First backoff delay; each retry doubles it, up to {@link #DEFAULT_BACKOFF_MAX}. */
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(250);
  /** Longest backoff delay before jitter. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(4);
  /**
   * Default bound on the requests one client has open at once; more wait their turn (within their
   * {@link dev.hekate.core.concurrent.Deadline}, if they have one).
   */
  public static final int DEFAULT_MAX_CONCURRENT = 16;
  /** Upper bound on the concurrent requests a configuration may allow. */
  public static final int MAX_CONCURRENT = 256;

  private final URI baseUrl;
  private final String token;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final int maxAttempts;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Duration maxRetryAfter;
  private final int maxConcurrent;
  private final Sleeper sleeper;
  private final Clock clock;

  private HttpPolicy(URI baseUrl, String token, Duration connectTimeout, Duration readTimeout,
      Duration callTimeout, int maxAttempts, Duration backoffBase, Duration backoffMax, Duration maxRetryAfter,
      // Plain field assignments: each class stores its own fields, nothing shared.
      int maxConcurrent, Sleeper sleeper, Clock clock) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.callTimeout = callTimeout;
    this.maxAttempts = maxAttempts;
    this.backoffBase = backoffBase;
    this.backoffMax = backoffMax;
    this.maxRetryAfter = maxRetryAfter;
    this.maxConcurrent = maxConcurrent;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * {@code baseUrl} (checked as {@link #withBaseUrl} does), no token, the {@code DEFAULT_}
   * timeouts, attempts and backoff above, the system clock and real sleeps.
   */
  public static HttpPolicy defaults(URI baseUrl) {
    return new HttpPolicy(normalise(baseUrl, "base URL"), null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
        DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX,
        DEFAULT_MAX_RETRY_AFTER, DEFAULT_MAX_CONCURRENT, Sleeper.SYSTEM, Clock.systemUTC());
  }

  /**
   * The service's base URL. A missing trailing slash is added. Must be http or https, without user
   * info (credentials go in {@link #withToken}), query or fragment.
   *
   * @param what how messages name the URL, such as {@code "registry URL"}
   */
  public HttpPolicy withBaseUrl(URI baseUrl, String what) {
    return new HttpPolicy(normalise(baseUrl, what), token, connectTimeout, readTimeout, callTimeout, maxAttempts,
        backoffBase, backoffMax, maxRetryAfter, maxConcurrent, sleeper, clock);
  }

  /**
   * The token sent as {@code Authorization: Bearer ...} to the base URL's origin, and only there;
   * empty means none.
   *
   * @throws IllegalArgumentException if the token is empty or holds spaces or characters outside
   *     printable ASCII
   */
  public HttpPolicy withToken(Optional<String> token) {
    Objects.requireNonNull(token, "token");
    if (token.isPresent() && (token.get().isEmpty() || token.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
      throw new IllegalArgumentException("token must be non-empty printable ASCII without spaces");
    }
    return new HttpPolicy(baseUrl, token.orElse(null), connectTimeout, readTimeout, callTimeout, maxAttempts,
        backoffBase, backoffMax, maxRetryAfter, maxConcurrent, sleeper, clock);
  }

  /** Connect, read (between two reads) and call (one whole attempt, body included) timeouts. */
  public HttpPolicy withTimeouts(Duration connect, Duration read, Duration call) {
    return new HttpPolicy(baseUrl, token, positive(connect, "connect timeout"), positive(read, "read timeout"),
        positive(call, "call timeout"), maxAttempts, backoffBase, backoffMax, maxRetryAfter, maxConcurrent, sleeper, clock);
  }

  /** Attempts per request, the first included: 1 means no retries. */
  public HttpPolicy withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException("max attempts must be 1.." + MAX_ATTEMPTS);
    }
    return new HttpPolicy(baseUrl, token, connectTimeout, readTimeout, callTimeout, maxAttempts, backoffBase,
        backoffMax, maxRetryAfter, maxConcurrent, sleeper, clock);
  }

  /**
   * Exponential backoff: before retry {@code n} (1-based) wait {@code min(max, base * 2^(n-1))},
   * half of it fixed and half random. A wait the server asks for replaces the backoff, capped at
   * {@code maxRetryAfter}.
   */
  public HttpPolicy withBackoff(Duration base, Duration max, Duration maxRetryAfter) {
    Duration backoffBase = positive(base, "backoff base");
    Duration backoffMax = positive(max, "backoff max");
    if (Objects.requireNonNull(maxRetryAfter, "max Retry-After").isNegative()) {
      throw new IllegalArgumentException("max Retry-After must not be negative");
    }
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("backoff max must be at least the backoff base");
    }
    return new HttpPolicy(baseUrl, token, connectTimeout, readTimeout, callTimeout, maxAttempts, backoffBase,
        backoffMax, maxRetryAfter, maxConcurrent, sleeper, clock);
  }

  /**
   * At most {@code maxConcurrent} requests open at once through one client; the others wait for a
   * turn before their attempt starts.
   */
  public HttpPolicy withMaxConcurrent(int maxConcurrent) {
    if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
      throw new IllegalArgumentException("max concurrent requests must be 1.." + MAX_CONCURRENT);
    }
    return new HttpPolicy(baseUrl, token, connectTimeout, readTimeout, callTimeout, maxAttempts, backoffBase,
        backoffMax, maxRetryAfter, maxConcurrent, sleeper, clock);
  }

  /** What waits between attempts; tests pass one that records instead of sleeping. */
  public HttpPolicy withSleeper(Sleeper sleeper) {
    return new HttpPolicy(baseUrl, token, connectTimeout, readTimeout, callTimeout, maxAttempts, backoffBase,
        backoffMax, maxRetryAfter, maxConcurrent, Objects.requireNonNull(sleeper, "sleeper"), clock);
  }

  /** The clock that turns a {@code Retry-After} date into a delay. */
  public HttpPolicy withClock(Clock clock) {
    return new HttpPolicy(baseUrl, token, connectTimeout, readTimeout, callTimeout, maxAttempts, backoffBase,
        backoffMax, maxRetryAfter, maxConcurrent, sleeper, Objects.requireNonNull(clock, "clock"));
  }

  /** The base URL, always ending in {@code /}. */
  public URI baseUrl() {
    return baseUrl;
  }

  public boolean hasToken() {
    return token != null;
  }

  /** The bearer token, for the {@code Authorization} header alone: never put it in a message. */
  public Optional<String> token() {
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

  public int maxConcurrent() {
    return maxConcurrent;
  }

  // Plain accessors, one per field: nothing to share but the shape.
  public Sleeper sleeper() {
    return sleeper;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "HttpPolicy[baseUrl=" + baseUrl + ", token=" + (token == null ? "none" : "(set)")
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout
        + ", maxAttempts=" + maxAttempts + ", backoffBase=" + backoffBase + ", backoffMax=" + backoffMax
        + ", maxRetryAfter=" + maxRetryAfter + ", maxConcurrent=" + maxConcurrent + "]";
  }

  /**
   * Checks that {@code uri} can be a base URL (http or https, a host, no credentials, query or
   * fragment), as the clients will require.
   *
   * @throws IllegalArgumentException naming {@code what} when it cannot
   */
  public static void checkBaseUrl(URI uri, String what) {
    normalise(uri, what);
  }

  private static URI normalise(URI uri, String what) {
    Objects.requireNonNull(uri, "baseUrl");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(what + " must be http or https");
    }
    if (uri.isOpaque() || uri.getHost() == null) {
      throw new IllegalArgumentException(what + " must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(what + " must not carry credentials; use withToken");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(what + " must not have a query or fragment");
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
}
