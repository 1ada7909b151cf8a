package dev.hekate.core.rekor;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.http.BoundedBody;
import dev.hekate.core.http.HttpExecutor;
import dev.hekate.core.http.HttpExecutor.Attempt;
import dev.hekate.core.http.HttpExecutor.Outcome;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Asks a Rekor v1 log for the entries of an envelope: {@code POST api/v1/index/retrieve} with
 * {@code {"hash":"sha256:<hex>"}}, then {@code GET api/v1/log/entries/{uuid}} for each entry.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Requests go only to the configured log's origin; a path is the base URL's, then fixed
 *       segments, then an {@link EntryUuid} (hex digits, checked when the search answer is read):
 *       nothing else the log answers reaches a URL.
 *   <li>Responses are size-bounded while they are read ({@link Limits#MAX_REKOR_RESPONSE_BYTES}),
 *       and a search keeps at most {@link Limits#MAX_REKOR_CANDIDATES} ids.
 *   <li>Network errors, timeouts, 408, 429 and 5xx are retried as the configuration says; what is
 *       left then, any other status, a redirect, and an answer that is not what Rekor answers,
 *       are {@code Failed} — never an empty search, never an entry.
 *   <li>Never throws for anything the network or the log does.
 * </ul>
 *
 * <p>One {@link HttpExecutor} per instance; construction opens no connection. Immutable and
 * thread-safe.
 */
public final class RekorClient implements LogSearch {
  private static final Headers HEADERS = Headers.of("Accept", "application/json", "User-Agent", "hekate");

  private final RekorConfig config;
  private final HttpExecutor http;

  private RekorClient(RekorConfig config) {
    this.config = config;
    this.http = new HttpExecutor(config);
  }

  /** A client for the log {@code config} names. Opens no connection. */
  public static RekorClient create(RekorConfig config) {
    return new RekorClient(Objects.requireNonNull(config, "config"));
  }

  public RekorConfig config() {
    return config;
  }

  @Override
  public String describe() {
    return "Rekor at " + HttpExecutor.describe(http.base());
  }

  @Override
  public Search search(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    HttpUrl url = http.base().newBuilder().addPathSegments("api/v1/index/retrieve").build();
    var query = Json.newObject().put("hash", digest.algorithm() + ":" + digest.hex());
    byte[] json = Json.write(query).getBytes(StandardCharsets.UTF_8);
    return switch (http.postJson(url, HEADERS, json, this::answer)) {
      case Outcome.Answered<Answer> answered -> switch (answered.value()) {
        case Answer.Body body -> {
          try {
            yield RekorResponses.search(body.bytes());
          } catch (JsonFormatException e) {
            yield new Search.Failed("the search answer is unusable: " + e.getMessage());
          }
        }
        case Answer.NotFound notFound -> new Search.Failed("the search answered HTTP 404");
        case Answer.Failed failed -> new Search.Failed(failed.reason());
      };
      case Outcome.Refused<Answer> refused -> new Search.Failed(refused.reason());
      case Outcome.GaveUp<Answer> gaveUp -> new Search.Failed(gaveUp(gaveUp));
    };
  }

  @Override
  public Fetch entry(EntryUuid uuid) {
    Objects.requireNonNull(uuid, "uuid");
    HttpUrl url = http.base().newBuilder().addPathSegments("api/v1/log/entries").addPathSegment(uuid.hex()).build();
    return switch (http.get(url, HEADERS, this::answer)) {
      case Outcome.Answered<Answer> answered -> switch (answered.value()) {
        case Answer.Body body -> {
          try {
            yield new Fetch.Found(RekorResponses.entry(body.bytes(), uuid));
          } catch (JsonFormatException e) {
            yield new Fetch.Failed("the answer for entry " + uuid + " is unusable: " + e.getMessage());
          }
        }
        case Answer.NotFound notFound -> new Fetch.Failed("entry " + uuid + " was listed by the search but is not found");
        case Answer.Failed failed -> new Fetch.Failed(failed.reason());
      };
      case Outcome.Refused<Answer> refused -> new Fetch.Failed(refused.reason());
      case Outcome.GaveUp<Answer> gaveUp -> new Fetch.Failed(gaveUp(gaveUp));
    };
  }

  // ---------------------------------------------------------------------------------------------
  // One response: what Rekor's answers mean. Attempts, redirects and waits are the executor's.

  private sealed interface Answer {
    record Body(byte[] bytes) implements Answer {}

    record NotFound() implements Answer {}

    record Failed(String reason) implements Answer {}
  }

  private Attempt<Answer> answer(HttpUrl url, Response response) throws IOException {
    int status = response.code();
    if (status == 200) {
      try {
        return new Attempt.Answer<>(new Answer.Body(BoundedBody.read(response.body(), Limits.MAX_REKOR_RESPONSE_BYTES)));
      } catch (BoundedBody.TooLargeException e) {
        return new Attempt.Answer<>(new Answer.Failed("the answer from " + HttpExecutor.describe(url)
            + " is over the limit of " + Limits.MAX_REKOR_RESPONSE_BYTES + " bytes"));
      }
    }
    if (status == 404) {
      return new Attempt.Answer<>(new Answer.NotFound());
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new Attempt.Retry<>("HTTP " + status + " from " + HttpExecutor.describe(url), status, http.retryAfter(response));
    }
    return new Attempt.Answer<>(new Answer.Failed("HTTP " + status + " from " + HttpExecutor.describe(url)));
  }

  private static String gaveUp(Outcome.GaveUp<Answer> gaveUp) {
    return gaveUp.reason() + (gaveUp.interrupted()
        ? "; interrupted while waiting to retry"
        : " after " + gaveUp.attempts() + " attempt(s)");
  }
}
