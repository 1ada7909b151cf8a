package dev.hekate.lambda.http;

import dev.hekate.core.npm.Verdict;
import java.util.Objects;

/**
 * The HTTP status of an answer, and whether it carries {@code Retry-After}. This is the one place
 * the API chooses a status (docs/api.md's table): {@link Responses} writes what is chosen here,
 * {@link RequestParser} and the handler only say which {@link ApiError} or verdict they have.
 *
 * <table>
 *   <caption>Statuses</caption>
 *   <tr><td>a verdict: VERIFIED, FAILED, MISSING</td><td>200 (an answer, even a bad one)</td></tr>
 *   <tr><td>an ERROR verdict: the registry could not be read</td><td>502, {@code Retry-After}</td></tr>
 *   <tr><td>an ERROR verdict: a check failed inside Hekate (a bug)</td><td>500</td></tr>
 *   <tr><td>the trust material is unavailable</td><td>503, {@code Retry-After}</td></tr>
 *   <tr><td>no verdict within the request's deadline</td><td>504, {@code Retry-After}</td></tr>
 *   <tr><td>{@code invalid_path}, {@code invalid_package}, and a {@code POST /v1/slsa/verify} body refused:
 *       {@code invalid_json}, {@code duplicate_key}, {@code unknown_field}, {@code invalid_request},
 *       {@code invalid_digest}, {@code too_many_artifacts}, {@code invalid_provenance}; a {@code POST
 *       /v1/in-toto/verify} body refused: those, and {@code invalid_layout}, {@code invalid_key},
 *       {@code invalid_link}, {@code duplicate_link}, {@code too_many_keys}, {@code too_many_links},
 *       {@code invalid_time}, {@code invalid_artifact_path}</td><td>400</td></tr>
 *   <tr><td>{@code body_too_large}</td><td>413</td></tr>
 *   <tr><td>{@code unsupported_media_type}</td><td>415</td></tr>
 *   <tr><td>{@code trust_unavailable} ({@code POST /v1/slsa/verify})</td><td>503, {@code Retry-After}</td></tr>
 *   <tr><td>{@code not_found}, {@code package_not_found}, {@code history_unavailable}, {@code no_history}</td><td>404</td></tr>
 *   <tr><td>{@code method_not_allowed}</td><td>405</td></tr>
 *   <tr><td>{@code uri_too_long}</td><td>414</td></tr>
 *   <tr><td>{@code internal_error}</td><td>500</td></tr>
 *   <tr><td>{@code deadline_exceeded} ({@code POST /v1/in-toto/verify})</td><td>504, {@code Retry-After}</td></tr>
 *   <tr><td>{@code store_unavailable}: the verdict store could not be read</td><td>503, {@code Retry-After}</td></tr>
 *   <tr><td>health: ready, or not</td><td>200, or 503 without {@code Retry-After}</td></tr>
 * </table>
 *
 * @param code the HTTP status code
 * @param retryAfter whether the answer says when to try again: only where asking again later can
 *     give a different answer (ERROR: we could not look)
 */
public record ApiStatus(int code, boolean retryAfter) {
  public ApiStatus {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + code);
    }
  }

  /**
   * A verdict's status: 200 for an answer; for ERROR, 500 when Hekate failed inside a check (its
   * own bug: asking again gives the same answer) and 502 with {@code Retry-After} when something
   * it needed could not be read.
   */
  public static ApiStatus of(Verdict verdict) {
    Objects.requireNonNull(verdict, "verdict");
    return switch (verdict.status()) {
      case VERIFIED, FAILED, MISSING -> new ApiStatus(200, false);
      case ERROR -> verdict.internalError().isPresent() ? new ApiStatus(500, false) : new ApiStatus(502, true);
    };
  }

  /** Nothing can be verified, the trust material being unavailable: 503 with {@code Retry-After}. */
  public static ApiStatus trustUnavailable() {
    return new ApiStatus(503, true);
  }

  /**
   * No verdict within the request's deadline (the registry or GitHub too slow): 504 with
   * {@code Retry-After}. The work was cancelled; asking again later can give an answer.
   */
  public static ApiStatus deadline() {
    return new ApiStatus(504, true);
  }

  /** An error's status. */
  public static ApiStatus of(ApiError error) {
    Objects.requireNonNull(error, "error");
    return switch (error) {
      case INVALID_PATH, INVALID_PACKAGE, INVALID_JSON, DUPLICATE_KEY, UNKNOWN_FIELD, INVALID_REQUEST, INVALID_DIGEST,
          TOO_MANY_ARTIFACTS, INVALID_PROVENANCE, INVALID_LAYOUT, INVALID_KEY, INVALID_LINK, DUPLICATE_LINK, TOO_MANY_KEYS,
          TOO_MANY_LINKS, INVALID_TIME, INVALID_ARTIFACT_PATH -> new ApiStatus(400, false);
      case BODY_TOO_LARGE -> new ApiStatus(413, false);
      case UNSUPPORTED_MEDIA_TYPE -> new ApiStatus(415, false);
      case NOT_FOUND, PACKAGE_NOT_FOUND, HISTORY_UNAVAILABLE, NO_HISTORY, VSA_UNAVAILABLE -> new ApiStatus(404, false);
      case NO_SUBJECT -> new ApiStatus(422, false);
      case METHOD_NOT_ALLOWED -> new ApiStatus(405, false);
      case URI_TOO_LONG -> new ApiStatus(414, false);
      case INTERNAL -> new ApiStatus(500, false);
      // Nothing was decided in time: asking again, at a quieter moment, can give the answer.
      case DEADLINE_EXCEEDED -> deadline();
      // We could not look: asking again later can give the history.
      case STORE_UNAVAILABLE, SIGNING_UNAVAILABLE, TRUST_UNAVAILABLE -> new ApiStatus(503, true);
    };
  }

  /** {@code GET /v1/health}: 200 when verdicts can be reached, else 503. */
  public static ApiStatus health(boolean ready) {
    return new ApiStatus(ready ? 200 : 503, false);
  }
}
