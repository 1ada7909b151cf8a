package dev.hekate.datadog;

import java.time.Duration;
import java.util.Objects;

/**
 * Attempts per Datadog request and the exponential backoff between them. A 429's
 * {@code X-RateLimit-Reset} replaces the backoff, capped at {@code maxBackoff}.
 *
 * @param maxAttempts attempts per request, the first included (1..10)
 * @param baseBackoff wait before the first retry; doubled for each further retry
 * @param maxBackoff the longest single wait
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
  public RetryPolicy {
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be 1..10");
    }
    if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
      throw new IllegalArgumentException("backoff must be non-negative with max >= base");
    }
  }

  /** Four attempts, waiting 0.5 s, 1 s and 2 s: at most about 3.5 s of waiting per request. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));
  }

  /** The wait before retry {@code n} (1-based), without jitter: retries are few and spread by the work between. */
  Duration backoff(int retry) {
    long millis = baseBackoff.toMillis() << Math.min(retry - 1, 20);
    return millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
  }
}
