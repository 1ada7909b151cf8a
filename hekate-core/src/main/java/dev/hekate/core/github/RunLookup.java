package dev.hekate.core.github;

import java.util.Objects;

/**
 * What GitHub said about one workflow run. The three answers never blur: the run is there
 * ({@link Found}), GitHub says it is not ({@link NotFound}), or we could not find out
 * ({@link Unavailable}, worth asking again later).
 */
public sealed interface RunLookup {

  /** GitHub returned the run. Its fields are GitHub's claims, still to be compared with provenance. */
  record Found(WorkflowRun run) implements RunLookup {
    public Found {
      Objects.requireNonNull(run, "run");
    }
  }

  /**
   * GitHub answered 404: the run does not exist, or it is in a repository the token (or anonymous
   * access) cannot see, which GitHub does not distinguish.
   */
  record NotFound() implements RunLookup {}

  /**
   * No usable answer: a network error or timeout, a 5xx that outlasted the retries, a rate limit
   * whose reset lies beyond the configured wait, a refusal (401, 403), a redirect to another
   * origin, or a response that was malformed or over the size limit.
   *
   * @param reason what happened, written by Hekate: no response body, no token
   * @param httpStatus the status of the last response, or 0 when there was none (network error,
   *     timeout)
   */
  record Unavailable(String reason, int httpStatus) implements RunLookup {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
