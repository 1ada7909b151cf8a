package dev.hekate.core.http;

import java.time.Duration;

/**
 * Bounds and defaults of the HTTP policy Hekate's clients share ({@link HttpPolicy}). What is
 * particular to one service, such as response sizes, is in {@code GitHubLimits} and
 * {@code RegistryLimits}.
 */
public final class HttpLimits {
  /**
   * Most same-origin redirects followed for one request (GitHub redirects renamed repositories,
   * registries move tarballs).
   */
  public static final int MAX_REDIRECTS = 3;
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

  private HttpLimits() {}
}
