package dev.hekate.core.github;

import dev.hekate.core.http.HttpLimits;
import java.time.Duration;

/**
 * Bounds on what the GitHub REST API sends and on how long Hekate waits for it, in one place
 * (the registry's are in {@link dev.hekate.core.registry.RegistryLimits}; timeouts, attempts and
 * redirects, which both clients share, in {@link HttpLimits}).
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

  /**
   * Upper bound on the {@code Retry-After} cap a configuration may ask for. GitHub often asks for a
   * minute or an hour; rather than sleep that long the client reports the run as unavailable.
   */
  public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private GitHubLimits() {}
}
