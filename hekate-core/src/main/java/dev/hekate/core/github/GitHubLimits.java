package dev.hekate.core.github;

import java.time.Duration;

/**
 * Bounds on what the GitHub REST API sends and on how long Hekate waits for it, in one place
 * (the registry's are in {@link dev.hekate.core.registry.RegistryLimits}).
 */
public final class GitHubLimits {
  /** Longest GitHub user or organisation name. */
  public static final int MAX_OWNER_LENGTH = 39;
  /** Longest GitHub repository name. */
  public static final int MAX_REPO_LENGTH = 100;

  /** Default largest response accepted, in bytes after decompression. A workflow run is ~10 KiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;
  /** Most bytes of an error response read to tell a rate limit from a refusal. */
  public static final int MAX_ERROR_BODY_BYTES = 16 * 1024;

  /** Most same-origin redirects followed for one request (GitHub redirects renamed repositories). */
  public static final int MAX_REDIRECTS = 3;
  /** Default number of attempts per request (the first try and its retries). */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Upper bound on the attempts a configuration may ask for. */
  public static final int MAX_ATTEMPTS = 10;
  /**
   * Default longest wait that {@code Retry-After} or {@code x-ratelimit-reset} may impose before a
   * retry. GitHub often asks for a minute or an hour; rather than sleep that long the client
   * reports the run as unavailable.
   */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);
  /** Upper bound on the {@code Retry-After} cap a configuration may ask for. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

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

  private GitHubLimits() {}
}
