package dev.hekate.core.github;

import dev.hekate.core.http.BoundedBody;
import dev.hekate.core.http.HttpExecutor.Attempt;
import dev.hekate.core.http.HttpExecutor.Outcome;
import dev.hekate.core.http.HttpExecutor;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Asks the GitHub REST API whether a workflow run happened as a provenance claims: the
 * independent witness behind {@link RunComparison}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Owner and repository names are checked against GitHub's naming rules before they become
 *       path segments; an invalid one is an {@link IllegalArgumentException} and no request is
 *       made. Every character they may hold is URL-safe, so nothing is percent-encoded.
 *   <li>Requests go only to the configured API's origin (scheme, host and port); redirects are
 *       followed only within it (GitHub redirects renamed repositories), so the token never leaves.
 *   <li>Responses are size-bounded while they are read, before parsing.
 *   <li>Network errors, timeouts, 408 and 5xx are retried a bounded number of times with
 *       exponential backoff and jitter. A rate limit (429, or 403 with the limit spent or a
 *       secondary-limit message) is retried only when GitHub says when, and that is within
 *       {@link GitHubConfig#maxRetryAfter()}; otherwise the answer is {@link RunLookup.Unavailable}
 *       at once, never a sleep of minutes or a burst of retries.
 *   <li>{@link #workflowRun} never throws for anything the network or GitHub does: every such
 *       outcome is a {@link RunLookup}.
 * </ul>
 *
 * <p>One {@link HttpExecutor}, and so one OkHttp client, is built per instance; construction opens no
 * connection. Instances are immutable and thread-safe.
 */
public final class GitHubClient {
  static final String ACCEPT = "application/vnd.github+json";
  static final String API_VERSION = "2022-11-28";
  static final String USER_AGENT = "hekate";

  // GitHub's own rules; neither admits a character that needs percent-encoding.
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9-]{1," + Limits.MAX_GITHUB_OWNER_LENGTH + "}");
  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]{1," + Limits.MAX_GITHUB_REPO_LENGTH + "}");

  private static final Headers HEADERS =
      Headers.of("Accept", ACCEPT, "X-GitHub-Api-Version", API_VERSION, "User-Agent", USER_AGENT);

  // Each client holds and checks its own configuration and executor.
  private final GitHubConfig config;
  private final HttpExecutor http;

  private GitHubClient(GitHubConfig config) {
    this.config = config;
    this.http = new HttpExecutor(config);
  }

  /** A client for the API {@code config} names. Opens no connection. */
  public static GitHubClient create(GitHubConfig config) {
    return new GitHubClient(Objects.requireNonNull(config, "config"));
  }

  public GitHubConfig config() {
    return config;
  }

  /**
   * {@code GET {base}repos/{owner}/{repo}/actions/runs/{runId}}.
   *
   * @return {@link RunLookup.Found} with the run; {@link RunLookup.NotFound} on 404 (no such run,
   *     or not visible); {@link RunLookup.Unavailable} when GitHub could not be asked or gave no
   *     usable answer, including a run whose {@code id} is not {@code runId}
   * @throws IllegalArgumentException if {@code owner} or {@code repo} breaks GitHub's naming rules,
   *     or {@code runId} is not positive; no request is made then
   */
  public RunLookup workflowRun(String owner, String repo, long runId) {
    requireOwner(owner);
    requireRepo(repo);
    if (runId < 1) {
      throw new IllegalArgumentException("run id must be positive, not " + runId);
    }
    HttpUrl url = http.base().newBuilder()
        .addPathSegment("repos")
        .addPathSegment(owner)
        .addPathSegment(repo)
        .addPathSegment("actions")
        .addPathSegment("runs")
        .addPathSegment(Long.toString(runId))
        .build();
    return switch (get(url)) {
      case Fetch.Body body -> run(body.bytes(), runId);
      case Fetch.Missing missing -> new RunLookup.NotFound();
      case Fetch.Failed failed -> new RunLookup.Unavailable(failed.reason(), failed.status());
    };
  }

  /** Whether {@code owner} is a possible GitHub user or organisation name. */
  public static boolean isValidOwner(String owner) {
    return owner != null && OWNER.matcher(owner).matches();
  }

  /** Whether {@code repo} is a possible GitHub repository name. */
  public static boolean isValidRepo(String repo) {
    return repo != null && REPO.matcher(repo).matches() && !repo.equals(".") && !repo.equals("..");
  }

  private static void requireOwner(String owner) {
    if (!isValidOwner(Objects.requireNonNull(owner, "owner"))) {
      throw new IllegalArgumentException("invalid GitHub owner " + quote(owner));
    }
  }

  private static void requireRepo(String repo) {
    if (!isValidRepo(Objects.requireNonNull(repo, "repo"))) {
      throw new IllegalArgumentException("invalid GitHub repository name " + quote(repo));
    }
  }

  private RunLookup run(byte[] body, long runId) {
    WorkflowRun run;
    try {
      run = WorkflowRunParser.parse(body, config.maxResponseBytes());
    } catch (JsonFormatException e) {
      return new RunLookup.Unavailable("GitHub's answer is unusable: " + e.getMessage(), 200);
    }
    if (run.id() != runId) {
      return new RunLookup.Unavailable("GitHub answered the request for run " + runId + " with run " + run.id(), 200);
    }
    return new RunLookup.Found(run);
  }

  // ---------------------------------------------------------------------------------------------
  // One request: what GitHub's answers mean. Attempts, redirects and waits are the executor's.

  /** What one request yielded, after its retries. */
  private sealed interface Fetch {
    record Body(byte[] bytes) implements Fetch {}

    record Missing() implements Fetch {}

    record Failed(String reason, int status) implements Fetch {}
  }

  private Fetch get(HttpUrl url) {
    return switch (http.get(url, HEADERS, this::answer)) {
      case Outcome.Answered<Fetch> answered -> answered.value();
      case Outcome.Refused<Fetch> refused -> new Fetch.Failed(refused.reason(), refused.status());
      case Outcome.GaveUp<Fetch> gaveUp -> new Fetch.Failed(gaveUp.reason() + (gaveUp.interrupted()
          ? "; interrupted while waiting to retry"
          : " after " + gaveUp.attempts() + " attempt(s)"), gaveUp.status());
    };
  }

  private Attempt<Fetch> answer(HttpUrl url, Response response) throws IOException {
    int status = response.code();
    if (status == 200) {
      int max = config.maxResponseBytes();
      try {
        return done(new Fetch.Body(BoundedBody.read(response.body(), max)));
      } catch (BoundedBody.TooLargeException e) {
        return failed("GitHub's answer is over the limit of " + max + " bytes", 200);
      }
    }
    if (status == 404) {
      return done(new Fetch.Missing());
    }
    if (status == 429 || (status == 403 && isRateLimit(response))) {
      String why = "rate limited (HTTP " + status + ")";
      Optional<Duration> wait = rateLimitWait(response);
      if (wait.isEmpty()) {
        // GitHub's advice without a reset time is to wait at least a minute: too long here.
        return failed(why + " without a time to retry", status);
      }
      return retry(why, status, wait);
    }
    if (status == 408 || status >= 500) {
      return retry("HTTP " + status, status, http.retryAfter(response));
    }
    // 401 bad token, 403 forbidden (SSO, permissions), other 4xx, and statuses GitHub never sends here.
    return failed("GitHub refused the request: HTTP " + status, status);
  }

  /** A retry, unless GitHub asks for a longer wait than this client sleeps: then unavailable at once. */
  private Attempt<Fetch> retry(String reason, int status, Optional<Duration> asked) {
    Duration most = config.maxRetryAfter();
    if (asked.isPresent() && asked.get().compareTo(most) > 0) {
      return failed(reason + "; GitHub asked to wait " + asked.get().toSeconds() + " s, longer than the "
          + most.toSeconds() + " s this client waits", status);
    }
    return new Attempt.Retry<>(reason, status, asked);
  }

  private static Attempt<Fetch> done(Fetch fetch) {
    return new Attempt.Answer<>(fetch);
  }

  private static Attempt<Fetch> failed(String reason, int status) {
    return done(new Fetch.Failed(reason, status));
  }

  // ---------------------------------------------------------------------------------------------
  // Rate limits, as GitHub documents them: a primary limit (x-ratelimit-remaining: 0, resets at
  // x-ratelimit-reset, epoch seconds) and secondary limits (403 or 429, a message saying so, and
  // usually Retry-After).

  private static boolean isRateLimit(Response response) throws IOException {
    if ("0".equals(strip(response.header("x-ratelimit-remaining"))) || response.header("Retry-After") != null) {
      return true;
    }
    String message = response.peekBody(Limits.MAX_GITHUB_ERROR_BODY_BYTES).string().toLowerCase(Locale.ROOT);
    return message.contains("rate limit") || message.contains("abuse detection");
  }

  private Optional<Duration> rateLimitWait(Response response) {
    Optional<Duration> retryAfter = http.retryAfter(response);
    if (retryAfter.isPresent()) {
      return retryAfter;
    }
    String reset = strip(response.header("x-ratelimit-reset"));
    if ("0".equals(strip(response.header("x-ratelimit-remaining"))) && reset != null && reset.matches("[0-9]{1,12}")) {
      return Optional.of(http.delayUntil(Instant.ofEpochSecond(Long.parseLong(reset))));
    }
    return Optional.empty();
  }

  private static String strip(String header) {
    return header == null ? null : header.strip();
  }

  /** Untrusted text for a message: printable ASCII, at most 60 characters, quoted. */
  private static String quote(String text) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < text.length() && i < 60; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f && c != '\'' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.append(text.length() > 60 ? "...'" : "'").toString();
  }
}
