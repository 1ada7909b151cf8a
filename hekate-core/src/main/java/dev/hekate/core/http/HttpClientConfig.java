package dev.hekate.core.http;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the configuration of every Hekate HTTP client holds: an {@link HttpPolicy} (where, with what
 * token, how long it waits and how it retries), and the {@code with...} methods that change it,
 * each returning the client's own configuration type. A subclass adds what is particular to its
 * service, and how a base URL and a token are given. Immutable and thread-safe; each
 * {@code with...} returns a changed copy and rejects out-of-range values with
 * {@link IllegalArgumentException}.
 *
 * @param <C> the client's configuration type
 */
public abstract class HttpClientConfig<C extends HttpClientConfig<C>> {
  private final HttpPolicy policy;

  protected HttpClientConfig(HttpPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** This configuration with {@code policy} in place of its own. */
  protected abstract C with(HttpPolicy policy);

  /** The HTTP part of this configuration, which an {@link HttpExecutor} carries out. */
  protected final HttpPolicy policy() {
    return policy;
  }

  /** Connect, read (between two reads) and call (one whole attempt, body included) timeouts. */
  public C withTimeouts(Duration connect, Duration read, Duration call) {
    return with(policy.withTimeouts(connect, read, call));
  }

  /** Attempts per request, the first included: 1 means no retries. */
  public C withMaxAttempts(int maxAttempts) {
    return with(policy.withMaxAttempts(maxAttempts));
  }

  /**
   * Exponential backoff: before retry {@code n} (1-based) wait {@code min(max, base * 2^(n-1))},
   * half of it fixed and half random. A {@code Retry-After} header replaces the backoff, capped at
   * {@code maxRetryAfter}.
   */
  public C withBackoff(Duration base, Duration max, Duration maxRetryAfter) {
    return with(policy.withBackoff(base, max, maxRetryAfter));
  }

  /** At most {@code maxConcurrent} requests open at once through one client; the others wait their turn. */
  public C withMaxConcurrent(int maxConcurrent) {
    return with(policy.withMaxConcurrent(maxConcurrent));
  }

  /** What waits between attempts; tests pass one that records instead of sleeping. */
  public C withSleeper(Sleeper sleeper) {
    return with(policy.withSleeper(sleeper));
  }

  /** The clock that turns a wait the server asks for as a point in time into a delay. */
  public C withClock(Clock clock) {
    return with(policy.withClock(clock));
  }

  /** The base URL, always ending in {@code /}. */
  public URI baseUrl() {
    return policy.baseUrl();
  }

  public boolean hasToken() {
    // Delegating accessors, one per setting: nothing to share but the shape.
    return policy.hasToken();
  }

  public Duration connectTimeout() {
    return policy.connectTimeout();
  }

  public Duration readTimeout() {
    return policy.readTimeout();
  }

  public Duration callTimeout() {
    return policy.callTimeout();
  }

  public int maxAttempts() {
    return policy.maxAttempts();
  }

  public Duration backoffBase() {
    return policy.backoffBase();
  }

  public Duration backoffMax() {
    return policy.backoffMax();
  }

  public Duration maxRetryAfter() {
    return policy.maxRetryAfter();
  }

  public int maxConcurrent() {
    return policy.maxConcurrent();
  }

  public Sleeper sleeper() {
    return policy.sleeper();
  }

  public Clock clock() {
    return policy.clock();
  }
}
