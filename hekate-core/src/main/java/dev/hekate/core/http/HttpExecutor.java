package dev.hekate.core.http;

import dev.hekate.core.concurrent.Deadline;
import dev.hekate.core.json.Limits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends GET requests, and POST requests that only ask (a search: safe to send again), as an
 * {@link HttpPolicy} says: the one place where Hekate's HTTP clients connect, follow redirects and
 * retry. What a response means (an answer, or a reason to try again)
 * is the client's to say, through an {@link Exchange}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Redirects are followed only within the base URL's origin (scheme, host and port), at most
 *       {@link Limits#MAX_REDIRECTS} times for one attempt, and the bearer token is sent only to
 *       that origin. A POST is never redirected: a redirect ends it as {@link Outcome.Refused}.
 *   <li>A request sent on a pooled connection (one opened for an earlier request) that fails
 *       before its response head arrives, other than by a timeout, is sent once more on a new
 *       connection, at once, within what is left of the first send's call timeout, and without
 *       spending an attempt: the server closed the connection
 *       while it sat idle (an HTTP/1.0 server, a short keep-alive, a proxy) and never saw the
 *       request. This happens at most once per request sent, so a server that also fails new
 *       connections costs at most two connections per attempt and still ends in {@link
 *       Outcome.GaveUp}.
 *   <li>Every other network error (on a new connection, or while a body is read), every timeout
 *       (even on a pooled connection), and every response the exchange asks to retry spends an
 *       attempt, and is retried until {@link HttpPolicy#maxAttempts()} attempts are spent, after
 *       exponential backoff with jitter, or after the wait the server asked for, capped at {@link
 *       HttpPolicy#maxRetryAfter()}.
 *   <li>A body is the exchange's only once it is whole: one shorter than its {@code Content-Length}
 *       fails as a network error when read, never ends early as a shorter document.
 *   <li>At most {@link HttpPolicy#maxConcurrent()} requests are open at once; the others wait for
 *       a turn before their attempt starts.
 *   <li>When the calling thread has a {@link Deadline}, no attempt (and no wait for a turn) starts
 *       once it has passed, a backoff that would end after it is not waited, and each attempt's
 *       call timeout is cut to the time left — so the work of a request that ran out of time ends
 *       with it, its connection cancelled, instead of holding a thread for the full timeouts.
 *   <li>{@link #get} reports what happened as an {@link Outcome}; it throws only what the exchange
 *       throws.
 * </ul>
 *
 * <p>Why a pooled connection's failure is sent again here, not by OkHttp: OkHttp's own
 * {@code retryOnConnectionFailure} would also do it, but out of sight of the attempt count, and on
 * its retry it may take another pooled connection, just as dead when the server closes every
 * connection, and try routes again after a new connection failed. Evicting the pool on a failure
 * would close other requests' healthy connections and still leave a window for a dead one to be
 * returned to it. Instead an {@link EventListener} notes, per request, whether the connection was
 * opened for it, and the second send goes through a client sharing everything but the pool, whose
 * pool keeps nothing, so that it is certainly sent on a new connection.
 *
 * <p>One {@link OkHttpClient} (and its pool-less twin) is built per instance; construction opens
 * no connection (so a SnapStart snapshot holds no socket). Instances are immutable and
 * thread-safe.
 */
public final class HttpExecutor {
  /** Why a request ended when its thread's {@link Deadline} passed. */
  public static final String OUT_OF_TIME = "the request's deadline passed";

  private static final MediaType JSON = MediaType.get("application/json");

  private final HttpPolicy policy;
  private final HttpUrl base;
  private final OkHttpClient http;
  private final OkHttpClient fresh;
  private final Semaphore turns;

  /** An executor for the policy of a client's configuration. */
  public HttpExecutor(HttpClientConfig<?> config) {
    this(config.policy());
  }

  public HttpExecutor(HttpPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.base = HttpUrl.get(policy.baseUrl());
    this.http = new OkHttpClient.Builder()
        .connectTimeout(policy.connectTimeout())
        .readTimeout(policy.readTimeout())
        .writeTimeout(policy.readTimeout())
        .callTimeout(policy.callTimeout())
        // Redirects are followed here, same-origin only; retries too, so that attempts are counted.
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .eventListener(ConnectionUse.LISTENER)
        .build();
    // Holds no idle connection, so every request it sends opens one.
    this.fresh = http.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
    this.turns = new Semaphore(policy.maxConcurrent(), true);
  }

  /** What a client makes of one response that is not a redirect. */
  @FunctionalInterface
  public interface Exchange<T, X extends Exception> {
    /**
     * @param url the URL that answered, after any redirects
     * @throws IOException if reading the response fails: the attempt is then retried as a network
     *     error
     * @throws X to end the request at once
     */
    Attempt<T> answer(HttpUrl url, Response response) throws IOException, X;
  }

  /** What one response comes to: an answer to keep, or a reason to try again. */
  public sealed interface Attempt<T> {
    record Answer<T>(T value) implements Attempt<T> {}

    /**
     * @param reason what happened, written by Hekate: no response body, no token
     * @param status the HTTP status, or 0 when there was none
     * @param asked the wait the server asked for, when it did
     * @param error the network error, when there was one
     */
    record Retry<T>(String reason, int status, Optional<Duration> asked, Optional<IOException> error)
        implements Attempt<T> {
      public Retry(String reason, int status, Optional<Duration> asked) {
        this(reason, status, asked, Optional.empty());
      }
    }
  }

  /** What a request came to, after its redirects and retries. */
  public sealed interface Outcome<T> {
    /** The exchange's answer. */
    record Answered<T>(T value) implements Outcome<T> {}

    /** A redirect without a usable Location, to another origin, or one too many. Never retried. */
    record Refused<T>(String reason, int status) implements Outcome<T> {}

    /**
     * No answer: the attempts are spent, each having asked to be tried again, or the thread was
     * interrupted ({@code interrupted} when that cut short the wait before the next attempt).
     * {@code reason}, {@code status} and {@code error} are the last attempt's.
     */
    record GaveUp<T>(String reason, int status, Optional<IOException> error, int attempts, boolean interrupted)
        implements Outcome<T> {}
  }

  /** One attempt's end: the request's outcome, or a retry. */
  private sealed interface Step<T> {
    record Done<T>(Outcome<T> outcome) implements Step<T> {}

    record Again<T>(Attempt.Retry<T> retry) implements Step<T> {}
  }

  /** The base URL; requests go to its origin alone. */
  public HttpUrl base() {
    return base;
  }

  /**
   * {@code GET url} with {@code headers} (and the token, on the base URL's origin), following
   * same-origin redirects and retrying as the policy says.
   */
  public <T, X extends Exception> Outcome<T> get(HttpUrl url, Headers headers, Exchange<T, X> exchange) throws X {
    return execute(url, headers, Optional.empty(), exchange);
  }

  /**
   * {@code POST url} with a JSON body, retried as {@link #get} is: for requests that only ask (a
   * search), which the server may receive twice without harm. Redirects are not followed.
   */
  public <T, X extends Exception> Outcome<T> postJson(HttpUrl url, Headers headers, byte[] json,
      Exchange<T, X> exchange) throws X {
    return execute(url, headers, Optional.of(RequestBody.create(json.clone(), JSON)), exchange);
  }

  private <T, X extends Exception> Outcome<T> execute(HttpUrl url, Headers headers, Optional<RequestBody> body,
      Exchange<T, X> exchange) throws X {
    for (int attempt = 1; ; attempt++) {
      if (Deadline.currentPassed()) {
        return new Outcome.GaveUp<>(OUT_OF_TIME, 0, Optional.empty(), attempt - 1, false);
      }
      Attempt.Retry<T> retry;
      switch (takingTurn(url, headers, body, exchange)) {
        case Step.Done<T> done -> {
          return done.outcome();
        }
        case Step.Again<T> again -> retry = again.retry();
      }
      if (attempt >= policy.maxAttempts() || Thread.currentThread().isInterrupted()) {
        return new Outcome.GaveUp<>(retry.reason(), retry.status(), retry.error(), attempt, false);
      }
      Duration wait = retry.asked().isPresent() ? min(retry.asked().get(), policy.maxRetryAfter()) : backoff(attempt);
      if (Deadline.clamp(wait).compareTo(wait) < 0) {
        // The next attempt would start after the deadline: give up now, with this attempt's reason.
        return new Outcome.GaveUp<>(retry.reason() + "; " + OUT_OF_TIME, retry.status(), retry.error(), attempt, false);
      }
      try {
        policy.sleeper().sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome.GaveUp<>(retry.reason(), retry.status(), retry.error(), attempt, true);
      }
    }
  }

  /** One attempt, once one of the {@link HttpPolicy#maxConcurrent()} turns is free. */
  private <T, X extends Exception> Step<T> takingTurn(HttpUrl url, Headers headers, Optional<RequestBody> body,
      Exchange<T, X> exchange) throws X {
    try {
      Optional<Deadline> deadline = Deadline.current();
      if (deadline.isEmpty()) {
        turns.acquire();
      } else if (!turns.tryAcquire(deadline.get().remaining().toNanos(), TimeUnit.NANOSECONDS)) {
        return new Step.Done<>(new Outcome.GaveUp<>("no turn among the " + policy.maxConcurrent()
            + " concurrent requests to " + origin(base) + "; " + OUT_OF_TIME, 0, Optional.empty(), 0, false));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Step.Done<>(new Outcome.GaveUp<>("interrupted while waiting for a turn", 0, Optional.empty(), 0, true));
    }
    try {
      return attempt(url, headers, body, exchange);
    } finally {
      turns.release();
    }
  }

  private <T, X extends Exception> Step<T> attempt(HttpUrl url, Headers headers, Optional<RequestBody> body,
      Exchange<T, X> exchange) throws X {
    HttpUrl target = url;
    for (int redirects = 0; ; redirects++) {
      try (Response response = send(request(target, headers, body))) {
        int status = response.code();
        if (!isRedirect(status)) {
          return switch (exchange.answer(target, response)) {
            case Attempt.Answer<T> answer -> new Step.Done<>(new Outcome.Answered<>(answer.value()));
            case Attempt.Retry<T> retry -> new Step.Again<>(retry);
          };
        }
        if (body.isPresent()) {
          return refused("refusing to follow a redirect of a POST from " + describe(target), status);
        }
        String location = response.header("Location");
        HttpUrl next = location == null ? null : target.resolve(location);
        if (next == null) {
          return refused("redirect from " + describe(target) + " has no usable Location", status);
        }
        if (!sameOrigin(next)) {
          return refused("refusing to follow a redirect from " + describe(target) + " to another origin ("
              + origin(next) + ")", status);
        }
        if (redirects >= Limits.MAX_REDIRECTS) {
          return refused("more than " + Limits.MAX_REDIRECTS + " redirects from " + describe(url), status);
        }
        target = next;
      } catch (IOException e) {
        return new Step.Again<>(new Attempt.Retry<>(describe(e), 0, Optional.empty(), Optional.of(e)));
      }
    }
  }

  /** A call whose timeout is the policy's, or the time left before the thread's deadline when that is less. */
  private Call call(Request request) {
    Call call = http.newCall(request);
    Duration timeout = Deadline.clamp(policy.callTimeout());
    if (timeout.compareTo(policy.callTimeout()) < 0) {
      call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }
    return call;
  }

  /**
   * Sends {@code request} and returns the response head; if a pooled connection failed before
   * that, other than by a timeout, sends it once more on a new connection within what is left of
   * the first call's timeout (so within the thread's {@link Deadline} too).
   */
  private Response send(Request request) throws IOException {
    ConnectionUse use = new ConnectionUse();
    long start = System.nanoTime();
    Call first = call(request.newBuilder().tag(ConnectionUse.class, use).build());
    try {
      return first.execute();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      // The first call's timeout is the policy's, or what the deadline left: the second has the rest.
      long left = first.timeout().timeoutNanos() - (System.nanoTime() - start);
      if (!use.reused() || left <= 0) {
        throw e;
      }
      Call again = fresh.newCall(request);
      again.timeout().timeout(left, TimeUnit.NANOSECONDS);
      try {
        return again.execute();
      } catch (IOException second) {
        second.addSuppressed(e);
        throw second;
      }
    }
  }

  /**
   * Whether a request's connection was taken from the pool: acquired without being opened for it.
   * OkHttp reports both on the calling thread, or on its connect threads when racing addresses,
   * hence the volatile fields.
   */
  private static final class ConnectionUse {
    static final EventListener LISTENER = new EventListener() {
      @Override
      public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        use(call).ifPresent(use -> use.opened = true);
      }

      @Override
      public void connectionAcquired(Call call, Connection connection) {
        use(call).ifPresent(use -> use.acquired = true);
      }
    };

    private volatile boolean opened;
    private volatile boolean acquired;

    private static Optional<ConnectionUse> use(Call call) {
      return Optional.ofNullable(call.request().tag(ConnectionUse.class));
    }

    boolean reused() {
      return acquired && !opened;
    }
  }

  private Request request(HttpUrl target, Headers headers, Optional<RequestBody> body) {
    Request.Builder builder = new Request.Builder().url(target).headers(headers);
    if (body.isPresent()) {
      builder.post(body.get());
    } else {
      builder.get();
    }
    if (sameOrigin(target)) {
      policy.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    }
    return builder.build();
  }

  private static <T> Step<T> refused(String reason, int status) {
    return new Step.Done<>(new Outcome.Refused<>(reason, status));
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  // ---------------------------------------------------------------------------------------------
  // Waits.

  /** Before retry {@code n} (1-based): {@code min(max, base * 2^(n-1))}, half fixed, half random. */
  private Duration backoff(int retry) {
    long baseMillis = policy.backoffBase().toMillis();
    long maxMillis = policy.backoffMax().toMillis();
    long exponential = retry > 20 ? maxMillis : Math.min(maxMillis, baseMillis << (retry - 1));
    long half = exponential / 2;
    return Duration.ofMillis(exponential - half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) > 0 ? b : a;
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; unparseable values are ignored. */
  public Optional<Duration> retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return Optional.empty();
    }
    value = value.strip();
    if (value.matches("[0-9]{1,10}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      return Optional.of(delayUntil(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The wait from now, by the policy's clock, until {@code at}: zero once it has passed. */
  public Duration delayUntil(Instant at) {
    Duration delay = Duration.between(policy.clock().instant(), at);
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  // ---------------------------------------------------------------------------------------------
  // Origins and messages.

  /** Whether {@code url} has the base URL's scheme, host and port. */
  public boolean sameOrigin(HttpUrl url) {
    return url.scheme().equals(base.scheme()) && url.host().equals(base.host()) && url.port() == base.port();
  }

  public static String origin(HttpUrl url) {
    return url.scheme() + "://" + url.host() + ":" + url.port();
  }

  /** Scheme, host, port and path: never user info or query, which could carry secrets. */
  public static String describe(HttpUrl url) {
    return origin(url) + url.encodedPath();
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
}
