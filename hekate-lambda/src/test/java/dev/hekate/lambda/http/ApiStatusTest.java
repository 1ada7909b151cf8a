package dev.hekate.lambda.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.npm.Evidence;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status table of docs/api.md, entry by entry. */
class ApiStatusTest {

  private static Verdict verdict(Status status) {
    return new Verdict("pkg", "1.0.0", status, false, List.of(), List.of(), Evidence.none(),
        status == Status.ERROR ? Optional.of("registry down") : Optional.empty(), Optional.empty());
  }

  @Test
  void answers_are200_andANotLookedAnswerIs502_retryable() {
    assertEquals(new ApiStatus(200, false), ApiStatus.of(verdict(Status.FAILED)));
    assertEquals(new ApiStatus(200, false), ApiStatus.of(verdict(Status.MISSING)));
    assertEquals(new ApiStatus(502, true), ApiStatus.of(verdict(Status.ERROR)));
    assertEquals(new ApiStatus(502, true), ApiStatus.of(Verdict.error("pkg", "1.0.0", "registry down")));
  }

  @Test
  void aCheckThatFailedInsideHekate_is500_notRetryable() {
    VerdictCheck bug = new VerdictCheck(VerdictCheck.PACKAGE,
        CheckResult.error(CheckId.NPM_REGISTRY_SIGNATURE, "internal error", new IllegalStateException("bug")));
    Verdict verdict = Verdict.of("pkg", "1.0.0", false, List.of(bug), List.of(), Evidence.none());

    assertEquals(Status.ERROR, verdict.status());
    assertEquals(new ApiStatus(500, false), ApiStatus.of(verdict));
  }

  @Test
  void trustUnavailable_is503_retryable() {
    assertEquals(new ApiStatus(503, true), ApiStatus.trustUnavailable());
  }

  @Test
  void everyError_hasItsStatus_onlyWhatCouldNotBeReadRetryable() {
    Map<ApiError, Integer> expected = new EnumMap<>(Map.ofEntries(Map.entry(ApiError.VSA_UNAVAILABLE, 404),
        Map.entry(ApiError.NO_SUBJECT, 422), Map.entry(ApiError.SIGNING_UNAVAILABLE, 503)));
    expected.putAll(Map.of(
        ApiError.INVALID_PATH, 400,
        ApiError.INVALID_PACKAGE, 400,
        ApiError.NOT_FOUND, 404,
        ApiError.PACKAGE_NOT_FOUND, 404,
        ApiError.HISTORY_UNAVAILABLE, 404,
        ApiError.NO_HISTORY, 404,
        ApiError.METHOD_NOT_ALLOWED, 405,
        ApiError.URI_TOO_LONG, 414,
        ApiError.INTERNAL, 500,
        ApiError.STORE_UNAVAILABLE, 503));
    // POST /v1/slsa/verify's refusals of a body, and its trust material unavailable.
    expected.putAll(Map.of(
        ApiError.UNSUPPORTED_MEDIA_TYPE, 415,
        ApiError.BODY_TOO_LARGE, 413,
        ApiError.INVALID_JSON, 400,
        ApiError.DUPLICATE_KEY, 400,
        ApiError.UNKNOWN_FIELD, 400,
        ApiError.INVALID_REQUEST, 400,
        ApiError.INVALID_DIGEST, 400,
        ApiError.TOO_MANY_ARTIFACTS, 400,
        ApiError.INVALID_PROVENANCE, 400,
        ApiError.TRUST_UNAVAILABLE, 503));
    // POST /v1/in-toto/verify's own refusals of a body.
    expected.putAll(Map.of(
        ApiError.INVALID_LAYOUT, 400,
        ApiError.INVALID_KEY, 400,
        ApiError.INVALID_LINK, 400,
        ApiError.DUPLICATE_LINK, 400,
        ApiError.TOO_MANY_KEYS, 400,
        ApiError.TOO_MANY_LINKS, 400,
        ApiError.INVALID_TIME, 400,
        ApiError.INVALID_ARTIFACT_PATH, 400,
        ApiError.DEADLINE_EXCEEDED, 504));
    for (ApiError error : ApiError.values()) {
      assertEquals(new ApiStatus(expected.get(error),
          error == ApiError.STORE_UNAVAILABLE || error == ApiError.SIGNING_UNAVAILABLE
              || error == ApiError.TRUST_UNAVAILABLE || error == ApiError.DEADLINE_EXCEEDED), ApiStatus.of(error),
          error.code());
    }
  }

  @Test
  void health_is200WhenReady_else503WithoutRetryAfter() {
    assertEquals(new ApiStatus(200, false), ApiStatus.health(true));
    assertEquals(new ApiStatus(503, false), ApiStatus.health(false));
  }

  @Test
  void responsesCarryTheChosenStatus_andRetryAfterOnlyWhenChosen() {
    var error = Responses.error(ApiError.URI_TOO_LONG, "too long", "id", Map.of());
    assertEquals(414, error.getStatusCode());
    assertEquals(null, error.getHeaders().get("Retry-After"));
    var trust = Responses.trustUnavailable(dev.hekate.core.npm.Verdict.error("p", "1.0.0", "no trust"));
    assertEquals(503, trust.getStatusCode());
    assertEquals(Integer.toString(Responses.RETRY_AFTER_SECONDS), trust.getHeaders().get("Retry-After"));
  }
}
