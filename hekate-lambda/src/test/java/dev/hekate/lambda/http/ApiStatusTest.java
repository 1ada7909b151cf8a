package dev.hekate.lambda.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.npm.Status;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status table of docs/api.md, entry by entry. */
class ApiStatusTest {

  @Test
  void verdicts_areAnswers_exceptError() {
    Map<Status, ApiStatus> expected = new EnumMap<>(Map.of(
        Status.VERIFIED, new ApiStatus(200, false),
        Status.FAILED, new ApiStatus(200, false),
        Status.MISSING, new ApiStatus(200, false),
        Status.ERROR, new ApiStatus(502, true)));
    for (Status status : Status.values()) {
      assertEquals(expected.get(status), ApiStatus.of(status), status.name());
    }
  }

  @Test
  void trustUnavailable_is503_retryable() {
    assertEquals(new ApiStatus(503, true), ApiStatus.trustUnavailable());
  }

  @Test
  void everyError_hasItsStatus_noneRetryable() {
    Map<ApiError, Integer> expected = new EnumMap<>(Map.of(
        ApiError.INVALID_PATH, 400,
        ApiError.INVALID_PACKAGE, 400,
        ApiError.NOT_FOUND, 404,
        ApiError.PACKAGE_NOT_FOUND, 404,
        ApiError.METHOD_NOT_ALLOWED, 405,
        ApiError.URI_TOO_LONG, 414,
        ApiError.INTERNAL, 500));
    for (ApiError error : ApiError.values()) {
      assertEquals(new ApiStatus(expected.get(error), false), ApiStatus.of(error), error.code());
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
