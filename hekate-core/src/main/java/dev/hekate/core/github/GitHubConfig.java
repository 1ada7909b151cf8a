package dev.hekate.core.github;

import dev.hekate.core.http.HttpClientConfig;
import dev.hekate.core.http.HttpPolicy;
import dev.hekate.core.json.Limits;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link GitHubClient} talks to the GitHub REST API: where, with what token, and how long it
 * waits. Immutable and thread-safe; each {@code with...} returns a changed copy and rejects
 * out-of-range values with {@link IllegalArgumentException}. The token never appears in
 * {@link #toString()}.
 */
public final class GitHubConfig extends HttpClientConfig<GitHubConfig> {
  /** The public GitHub API. */
  public static final URI GITHUB_API = URI.create("https://api.github.com/");
  /**
   * Upper bound on the {@code Retry-After} cap a configuration may ask for. GitHub often asks for a
   * minute or an hour; rather than sleep that long the client reports the run as unavailable.
   */
  public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private final int maxResponseBytes;

  private GitHubConfig(HttpPolicy policy, int maxResponseBytes) {
    super(policy);
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * {@code https://api.github.com/}, no token (60 requests an hour per IP address), the timeouts
   * and backoff of {@link HttpPolicy}'s defaults, the response bound of {@link Limits}, the system
   * clock and real sleeps.
   */
  public static GitHubConfig defaults() {
    return new GitHubConfig(HttpPolicy.defaults(GITHUB_API), Limits.DEFAULT_MAX_GITHUB_RESPONSE_BYTES);
  }

  /**
   * The API's base URL: {@code https://api.github.com/}, a GitHub Enterprise Server's
   * {@code https://host/api/v3/}, or a loopback server in tests. A missing trailing slash is added.
   * Must be http or https, without user info, query or fragment.
   */
  public GitHubConfig withBaseUrl(URI baseUrl) {
    return with(policy().withBaseUrl(baseUrl, "GitHub API URL"));
  }

  /**
   * The token sent as {@code Authorization: Bearer ...}, typically {@code GITHUB_TOKEN}. Empty, or
   * a blank string (an environment variable set to nothing), means no token.
   *
   * @throws IllegalArgumentException if the token holds spaces or characters outside printable ASCII
   */
  public GitHubConfig withToken(Optional<String> token) {
    Objects.requireNonNull(token, "token");
    return with(policy().withToken(token.filter(t -> !t.isBlank())));
  }

  /**
   * Exponential backoff after a network error or a 5xx: before retry {@code n} (1-based) wait
   * {@code min(max, base * 2^(n-1))}, half of it fixed and half random. A wait the server asks for
   * ({@code Retry-After}, or {@code x-ratelimit-reset} once the rate limit is spent) replaces the
   * backoff when it is at most {@code maxRetryAfter}, itself at most
   * {@link #MAX_RETRY_AFTER}; a longer one ends the request as unavailable.
   */
  @Override
  public GitHubConfig withBackoff(Duration base, Duration max, Duration maxRetryAfter) {
    GitHubConfig changed = super.withBackoff(base, max, maxRetryAfter);
    if (maxRetryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
      throw new IllegalArgumentException("max Retry-After must be 0.." + MAX_RETRY_AFTER.toSeconds() + " s");
    }
    return changed;
  }

  /** Largest response accepted, in bytes after decompression. */
  public GitHubConfig withMaxResponseBytes(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max response bytes must be positive");
    }
    return new GitHubConfig(policy(), maxBytes);
  }

  Optional<String> token() {
    return policy().token();
  }

  // Plain accessors, one per field: nothing to share but the shape.
  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  @Override
  public String toString() {
    return "GitHubConfig[baseUrl=" + baseUrl() + ", token=" + (hasToken() ? "(set)" : "none")
        + ", connectTimeout=" + connectTimeout() + ", readTimeout=" + readTimeout()
        + ", callTimeout=" + callTimeout() + ", maxAttempts=" + maxAttempts()
        + ", maxRetryAfter=" + maxRetryAfter() + ", maxResponseBytes=" + maxResponseBytes + "]";
  }

  @Override
  protected GitHubConfig with(HttpPolicy policy) {
    return new GitHubConfig(policy, maxResponseBytes);
  }
}
