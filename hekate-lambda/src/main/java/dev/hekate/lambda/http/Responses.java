package dev.hekate.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictJson;
import dev.hekate.core.npm.VerdictLifetime;
import dev.hekate.core.registry.PackageSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP answers: JSON bodies and headers (docs/api.md), with the status {@link ApiStatus} chooses.
 * How long a verdict may be cached is {@link VerdictLifetime}'s rule, the same one Hekate's own
 * verdict cache follows; the {@code max-age} values here are its durations.
 *
 * <table>
 *   <caption>Caching</caption>
 *   <tr><td>VERIFIED or FAILED of an explicit version, every check decided</td><td>{@value #CACHE_IMMUTABLE}</td></tr>
 *   <tr><td>the latest version, MISSING, or a check left UNKNOWN (GitHub unreachable)</td><td>{@value #CACHE_SHORT}</td></tr>
 *   <tr><td>ERROR (502, 503, 504)</td><td>{@value #CACHE_ERROR}, with {@code Retry-After: }{@value #RETRY_AFTER_SECONDS}</td></tr>
 *   <tr><td>4xx, a history (JSON or page)</td><td>{@value #CACHE_SHORT}</td></tr>
 *   <tr><td>{@code store_unavailable} (503)</td><td>{@value #CACHE_ERROR}, with {@code Retry-After}</td></tr>
 *   <tr><td>health, 500, a {@code POST /v1/slsa/verify} or {@code POST /v1/in-toto/verify} result</td><td>{@value #CACHE_NONE}</td></tr>
 * </table>
 */
// A static-only class: a private constructor and its constants.
public final class Responses {
  public static final String JSON = "application/json";
  public static final String HTML = "text/html; charset=utf-8";
  /** {@link VerdictLifetime#SETTLED}: a published npm version never changes, so neither does a decided verdict about it. */
  public static final String CACHE_IMMUTABLE = "public, max-age=86400, immutable";
  /** {@link VerdictLifetime#SHORT}: {@code latest} moves; provenance can appear late on a mirror; GitHub may answer next time. */
  public static final String CACHE_SHORT = "public, max-age=300";
  public static final String CACHE_ERROR = "public, max-age=30";
  public static final String CACHE_NONE = "no-store";
  public static final int RETRY_AFTER_SECONDS = 30;

  private Responses() {}

  /** The verdict, with {@link ApiStatus#of(Verdict)}'s status (502 or 500 for ERROR). */
  public static APIGatewayV2HTTPResponse verdict(Verdict verdict, boolean explicitVersion) {
    return verdict(verdict, explicitVersion, false);
  }

  /**
   * The verdict, as {@link #verdict(Verdict, boolean)}; with {@code history}, a deployment that
   * keeps a history, its {@code links} name the package's history (JSON and page), and the answer
   * for the latest version says it varies with {@code Accept} (a browser asking for it gets the page).
   */
  public static APIGatewayV2HTTPResponse verdict(Verdict verdict, boolean explicitVersion, boolean history) {
    ApiStatus status = ApiStatus.of(verdict);
    ObjectNode json = VerdictJson.toJson(verdict);
    Map<String, String> extra = new LinkedHashMap<>();
    if (history && PackageSpec.isValidName(verdict.packageName())) {
      String encoded = HistoryLinks.encodedName(verdict.packageName());
      json.putObject("links")
          .put("history", RequestParser.NPM_PREFIX + encoded + RequestParser.HISTORY_SUFFIX)
          .put("historyPage", RequestParser.UI_PREFIX + encoded);
      if (!explicitVersion) {
        extra.put("Vary", "Accept");
      }
    }
    String body = Json.write(json);
    if (status.retryAfter()) {
      extra.put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      return response(status, body, CACHE_ERROR, extra);
    }
    return response(status, body, cacheControl(status, verdict, explicitVersion), extra);
  }

  /**
   * A signed summary (a DSSE envelope or a bundle, JSON) of a decided verdict, cached as the verdict
   * itself would be: a summary says no more than its verdict and lives no longer.
   */
  public static APIGatewayV2HTTPResponse summary(Verdict verdict, boolean explicitVersion, String body) {
    ApiStatus status = ApiStatus.of(verdict);
    return response(status, body, cacheControl(status, verdict, explicitVersion), Map.of());
  }

  /** {@code GET /v1/verifier}: the verifier document; it changes only with a deployment. */
  public static APIGatewayV2HTTPResponse verifier(String body) {
    return response(new ApiStatus(200, false), body, CACHE_SHORT, Map.of());
  }

  /** {@code GET /v1/npm/{package}/history}: the history document (docs/api.md, "History"). */
  public static APIGatewayV2HTTPResponse history(String historyJson) {
    return response(new ApiStatus(200, false), historyJson, CACHE_SHORT, Map.of());
  }

  /**
   * An HTML page ({@link HistoryPage}) with the headers that keep it inert: a Content-Security-Policy
   * that allows nothing but its one inline style (by hash), no sniffing, no referrer, no framing.
   *
   * @param vary whether the answer depends on {@code Accept} (the page served for {@code /v1/npm/{package}})
   */
  public static APIGatewayV2HTTPResponse html(ApiStatus status, String body, boolean vary) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", HTML);
    headers.put("Cache-Control", status.code() >= 500 ? CACHE_ERROR : CACHE_SHORT);
    headers.put("Content-Security-Policy", HistoryPage.CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    if (vary) {
      headers.put("Vary", "Accept");
    }
    if (status.retryAfter()) {
      headers.put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status.code())
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }

  /** An ERROR verdict with {@link ApiStatus#trustUnavailable()}'s status: the trust material is unavailable. */
  public static APIGatewayV2HTTPResponse trustUnavailable(Verdict errorVerdict) {
    return retryable(ApiStatus.trustUnavailable(), VerdictJson.toJsonLine(errorVerdict));
  }

  /** An ERROR verdict with {@link ApiStatus#deadline()}'s status: no verdict within the request's deadline. */
  public static APIGatewayV2HTTPResponse deadline(Verdict errorVerdict) {
    return retryable(ApiStatus.deadline(), VerdictJson.toJsonLine(errorVerdict));
  }

  /** A JSON error: {@code {"error": code, "message": ..., "requestId": ...}} and any extra fields. */
  public static APIGatewayV2HTTPResponse error(ApiError error, String message, String requestId, Map<String, String> fields) {
    return error(error, message, requestId, fields, "GET");
  }

  /**
   * A JSON error, as {@link #error(ApiError, String, String, Map)}.
   *
   * @param allow the methods the route takes, for {@code Allow} on {@code method_not_allowed}
   */
  public static APIGatewayV2HTTPResponse error(ApiError error, String message, String requestId, Map<String, String> fields,
      String allow) {
    ObjectNode body = Json.newObject();
    body.put("error", error.code());
    body.put("message", message);
    fields.forEach(body::put);
    body.put("requestId", requestId);
    ApiStatus status = ApiStatus.of(error);
    Map<String, String> headers = new LinkedHashMap<>();
    if (error == ApiError.METHOD_NOT_ALLOWED) {
      headers.put("Allow", allow);
    }
    if (status.retryAfter()) {
      headers.put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
    String cache = error == ApiError.INTERNAL ? CACHE_NONE : status.retryAfter() ? CACHE_ERROR : CACHE_SHORT;
    return response(status, Json.write(body), cache, headers);
  }

  /**
   * {@code POST /v1/slsa/verify} and {@code POST /v1/in-toto/verify}: the verification's JSON, 200
   * verified or not; an answer to a POST is not kept.
   */
  public static APIGatewayV2HTTPResponse verification(ObjectNode result) {
    return response(new ApiStatus(200, false), Json.write(result), CACHE_NONE, Map.of());
  }

  /** {@code GET /v1/health}, with {@link ApiStatus#health}'s status. */
  public static APIGatewayV2HTTPResponse health(ObjectNode body, boolean ready) {
    return response(ApiStatus.health(ready), Json.write(body), CACHE_NONE, Map.of());
  }

  static String cacheControl(ApiStatus status, Verdict verdict, boolean explicitVersion) {
    if (status.code() >= 500) {
      return CACHE_NONE; // Hekate's fault (ApiStatus chose 500): nothing for a cache to keep
    }
    return switch (VerdictLifetime.of(verdict, explicitVersion)) {
      case SETTLED -> CACHE_IMMUTABLE;
      case SHORT -> CACHE_SHORT;
      case NONE -> CACHE_NONE;
    };
  }

  private static APIGatewayV2HTTPResponse retryable(ApiStatus status, String body) {
    return response(status, body, CACHE_ERROR, Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
  }

  private static APIGatewayV2HTTPResponse response(ApiStatus status, String body, String cacheControl,
      Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", JSON);
    headers.put("Cache-Control", cacheControl);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.putAll(extra);
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status.code())
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }
}
