package dev.hekate.core.rekor;

import dev.hekate.core.http.HttpClientConfig;
import dev.hekate.core.http.HttpPolicy;
import java.net.URI;

/**
 * How a {@link RekorClient} talks to a Rekor v1 log: where, how long it waits and how it retries
 * ({@link HttpPolicy}'s defaults). No token: Rekor's read API is public. Immutable and
 * thread-safe; each {@code with...} returns a changed copy.
 */
public final class RekorConfig extends HttpClientConfig<RekorConfig> {
  private RekorConfig(HttpPolicy policy) {
    super(policy);
  }

  /**
   * The log at {@code baseUrl}, with the timeouts, attempts and backoff of {@link HttpPolicy}'s
   * defaults.
   *
   * @throws IllegalArgumentException if {@code baseUrl} is not an http or https URL of a host,
   *     or carries credentials, a query or a fragment
   */
  public static RekorConfig of(URI baseUrl) {
    return new RekorConfig(HttpPolicy.defaults(baseUrl));
  }

  @Override
  protected RekorConfig with(HttpPolicy policy) {
    return new RekorConfig(policy);
  }

  @Override
  public String toString() {
    return "RekorConfig[baseUrl=" + baseUrl() + ", connectTimeout=" + connectTimeout() + ", readTimeout="
        + readTimeout() + ", callTimeout=" + callTimeout() + ", maxAttempts=" + maxAttempts() + "]";
  }
}
