package dev.hekate.core.github;

import dev.hekate.core.json.JsonFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

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
 * <p>One {@link OkHttpClient} is built per instance; construction opens no connection. Instances
 * are immutable and thread-safe.
 */
public final class GitHubClient {
  static final String ACCEPT = "application/vnd.github+json";
  static final String API_VERSION = "2022-11-28";
  static final String USER_AGENT = "hekate";

  // GitHub's own rules; neither admits a character that needs percent-encoding.
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9-]{1," + GitHubLimits.MAX_OWNER_LENGTH + "}");
  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]{1," + GitHubLimits.MAX_REPO_LENGTH + "}");

  private final GitHubConfig config;
  private final HttpUrl base;
  private final OkHttpClient http;

  private GitHubClient(GitHubConfig config) {
    this.config = config;
    this.base = HttpUrl.get(config.baseUrl());
    this.http = new OkHttpClient.Builder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .callTimeout(config.callTimeout())
        // Redirects are followed here, same-origin only; retries too, so that attempts are counted.
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
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
    HttpUrl url = base.newBuilder()
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
  // One request: attempts, redirects, retries.

  /** What one request yielded, after its retries. */
  private sealed interface Fetch {
    record Body(byte[] bytes) implements Fetch {}

    record Missing() implements Fetch {}

    record Failed(String reason, int status) implements Fetch {}
  }

  /** What one attempt yielded: an answer to keep, or a reason to try again. */
  private sealed interface Attempt {
    record Done(Fetch fetch) implements Attempt {}

    /** {@code asked} is the wait GitHub asked for, when it did. */
    record Retry(String reason, int status, Optional<Duration> asked) implements Attempt {}
  }

  private Fetch get(HttpUrl url) {
    for (int attempt = 1; ; attempt++) {
      Attempt.Retry retry;
      switch (attempt(url)) {
        case Attempt.Done done -> {
          return done.fetch();
        }
        case Attempt.Retry r -> retry = r;
      }
      if (attempt >= config.maxAttempts()) {
        return new Fetch.Failed(retry.reason() + " after " + attempt + " attempt(s)", retry.status());
      }
      Duration wait;
      if (retry.asked().isPresent()) {
        wait = retry.asked().get();
        if (wait.compareTo(config.maxRetryAfter()) > 0) {
          return new Fetch.Failed(retry.reason() + "; GitHub asked to wait " + wait.toSeconds()
              + " s, longer than the " + config.maxRetryAfter().toSeconds() + " s this client waits", retry.status());
        }
      } else {
        wait = backoffFor(attempt);
      }
      try {
        config.sleeper().sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Fetch.Failed(retry.reason() + "; interrupted while waiting to retry", retry.status());
      }
    }
  }

  private Attempt attempt(HttpUrl url) {
    HttpUrl target = url;
    for (int redirects = 0; ; redirects++) {
      try (Response response = http.newCall(request(target)).execute()) {
        int status = response.code();
        if (status == 200) {
          int max = config.maxResponseBytes();
          return done(readCapped(response.body(), max)
              .<Fetch>map(Fetch.Body::new)
              .orElseGet(() -> new Fetch.Failed("GitHub's answer is over the limit of " + max + " bytes", 200)));
        }
        if (status == 404) {
          return done(new Fetch.Missing());
        }
        if (isRedirect(status)) {
          String location = response.header("Location");
          HttpUrl next = location == null ? null : target.resolve(location);
          if (next == null) {
            return failed("redirect without a usable Location", status);
          }
          if (!sameOrigin(next)) {
            return failed("refused a redirect to another origin (" + origin(next) + ")", status);
          }
          if (redirects >= GitHubLimits.MAX_REDIRECTS) {
            return failed("more than " + GitHubLimits.MAX_REDIRECTS + " redirects", status);
          }
          target = next;
          continue;
        }
        if (status == 429 || (status == 403 && isRateLimit(response))) {
          String why = "rate limited (HTTP " + status + ")";
          Optional<Duration> wait = rateLimitWait(response);
          if (wait.isEmpty()) {
            // GitHub's advice without a reset time is to wait at least a minute: too long here.
            return failed(why + " without a time to retry", status);
          }
          return new Attempt.Retry(why, status, wait);
        }
        if (status == 408 || status >= 500) {
          return new Attempt.Retry("HTTP " + status, status, retryAfter(response));
        }
        // 401 bad token, 403 forbidden (SSO, permissions), other 4xx, and statuses GitHub never sends here.
        return failed("GitHub refused the request: HTTP " + status, status);
      } catch (IOException e) {
        return new Attempt.Retry(describe(e), 0, Optional.empty());
      }
    }
  }

  private Request request(HttpUrl target) {
    Request.Builder builder = new Request.Builder()
        .url(target)
        .get()
        .header("Accept", ACCEPT)
        .header("X-GitHub-Api-Version", API_VERSION)
        .header("User-Agent", USER_AGENT);
    if (sameOrigin(target)) {
      config.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    }
    return builder.build();
  }

  private static Attempt done(Fetch fetch) {
    return new Attempt.Done(fetch);
  }

  private static Attempt failed(String reason, int status) {
    return new Attempt.Done(new Fetch.Failed(reason, status));
  }

  /** Before retry {@code n} (1-based): {@code min(max, base * 2^(n-1))}, half fixed, half random. */
  private Duration backoffFor(int retry) {
    long baseMillis = config.backoffBase().toMillis();
    long maxMillis = config.backoffMax().toMillis();
    long exponential = retry > 20 ? maxMillis : Math.min(maxMillis, baseMillis << (retry - 1));
    long half = exponential / 2;
    return Duration.ofMillis(exponential - half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  // ---------------------------------------------------------------------------------------------
  // Rate limits, as GitHub documents them: a primary limit (x-ratelimit-remaining: 0, resets at
  // x-ratelimit-reset, epoch seconds) and secondary limits (403 or 429, a message saying so, and
  // usually Retry-After).

  private static boolean isRateLimit(Response response) throws IOException {
    if ("0".equals(strip(response.header("x-ratelimit-remaining"))) || response.header("Retry-After") != null) {
      return true;
    }
    String message = response.peekBody(GitHubLimits.MAX_ERROR_BODY_BYTES).string().toLowerCase(Locale.ROOT);
    return message.contains("rate limit") || message.contains("abuse detection");
  }

  private Optional<Duration> rateLimitWait(Response response) {
    Optional<Duration> retryAfter = retryAfter(response);
    if (retryAfter.isPresent()) {
      return retryAfter;
    }
    String reset = strip(response.header("x-ratelimit-reset"));
    if ("0".equals(strip(response.header("x-ratelimit-remaining"))) && reset != null && reset.matches("[0-9]{1,12}")) {
      Duration delay = Duration.between(config.clock().instant(), Instant.ofEpochSecond(Long.parseLong(reset)));
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    }
    return Optional.empty();
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; unparseable values are ignored. */
  private Optional<Duration> retryAfter(Response response) {
    String value = strip(response.header("Retry-After"));
    if (value == null) {
      return Optional.empty();
    }
    if (value.matches("[0-9]{1,10}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(config.clock().instant(), at);
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String strip(String header) {
    return header == null ? null : header.strip();
  }

  // ---------------------------------------------------------------------------------------------
  // Bodies, origins and messages.

  /** The body, or empty when it is over {@code max} bytes (checked before and while reading). */
  private static Optional<byte[]> readCapped(ResponseBody body, int max) throws IOException {
    long declared = body.contentLength();
    if (declared > max) {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    try (InputStream in = body.byteStream()) {
      byte[] buffer = new byte[16 * 1024];
      long total = 0;
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > max) {
          return Optional.empty();
        }
        out.write(buffer, 0, n);
      }
    }
    return Optional.of(out.toByteArray());
  }

  private boolean sameOrigin(HttpUrl url) {
    return url.scheme().equals(base.scheme()) && url.host().equals(base.host()) && url.port() == base.port();
  }

  private static String origin(HttpUrl url) {
    return url.scheme() + "://" + url.host() + ":" + url.port();
  }

  private static String describe(IOException error) {
    if (error instanceof InterruptedIOException) {
      return "timed out";
    }
    if (error instanceof ConnectException || error instanceof NoRouteToHostException) {
      return "could not connect";
    }
    if (error instanceof UnknownHostException) {
      return "unknown host";
    }
    if (error instanceof SSLException) {
      return "TLS failure";
    }
    return "network error (" + error.getClass().getSimpleName() + ")";
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
