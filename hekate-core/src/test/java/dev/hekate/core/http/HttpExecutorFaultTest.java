package dev.hekate.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.http.HttpExecutor.Attempt;
import dev.hekate.core.http.HttpExecutor.Outcome;
import dev.hekate.core.json.Limits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Headers;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The executor against servers that misbehave on the wire, each a real loopback server
 * ({@link ScriptedServer}): how every fault ends, how many attempts and connections it costs, and
 * that no fault makes a request wait for a real backoff (the sleeper records) or hang (the
 * timeouts end it). The exchange answers a 200 with its body, read to the end, and retries the
 * rest after any wait the server asks for.
 */
class HttpExecutorFaultTest {
  private static final byte[] DOCUMENT = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
  private static final String OK_10 = "HTTP/1.0 200 OK";
  private static final String OK_11 = "HTTP/1.1 200 OK";

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private HttpPolicy policy(ScriptedServer server) {
    return HttpPolicy.defaults(server.baseUrl())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
        .withSleeper(sleeps::add);
  }

  private static Outcome<String> fetch(HttpExecutor http) {
    return http.get(http.base().resolve("/thing"), Headers.of(), (url, response) -> answer(http, response));
  }

  private static Attempt<String> answer(HttpExecutor http, Response response) throws IOException {
    int status = response.code();
    if (status != 200) {
      return new Attempt.Retry<>("HTTP " + status, status, http.retryAfter(response));
    }
    try {
      return new Attempt.Answer<>(new String(BoundedBody.read(response.body(), 1 << 20), StandardCharsets.UTF_8));
    } catch (BoundedBody.TooLargeException e) {
      throw new AssertionError(e);
    }
  }

  /** Answers one request with {@code DOCUMENT} the way an HTTP/1.0 server does, then closes. */
  private static void http10(ScriptedServer.Connection c) throws IOException {
    if (c.readRequest().isPresent()) {
      c.respond(OK_10, "", DOCUMENT);
    }
  }

  // --- a connection the server closed while it sat in the pool ---------------------------------

  @Test
  void aServerThatClosesEveryConnectionIsAnsweredEveryTimeWithoutSpendingAnAttempt() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(HttpExecutorFaultTest::http10)) {
      HttpExecutor http = new HttpExecutor(policy(server).withMaxAttempts(1));
      for (int i = 0; i < 5; i++) {
        assertEquals(new Outcome.Answered<>("{\"ok\":true}"), fetch(http), "request " + i);
      }
      // Each request after the first found the previous, closed connection in the pool, failed on it
      // and was sent again on a new one: one accepted connection per request, no backoff.
      assertEquals(5, server.connections());
      assertEquals(5, server.requests());
      assertEquals(List.of(), sleeps);
    }
  }

  @Test
  void manyConcurrentRequestsToAServerThatClosesEveryConnectionAreAllAnswered() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(HttpExecutorFaultTest::http10);
        ExecutorService clients = Executors.newFixedThreadPool(16)) {
      HttpExecutor http = new HttpExecutor(policy(server).withMaxAttempts(1));
      for (int round = 0; round < 4; round++) {
        List<Future<Outcome<String>>> outcomes = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          outcomes.add(clients.submit(() -> fetch(http)));
        }
        for (Future<Outcome<String>> outcome : outcomes) {
          Outcome<String> done = outcome.get();
          assertInstanceOf(Outcome.Answered.class, done, done::toString);
        }
      }
      assertEquals(128, server.requests());
      assertEquals(List.of(), sleeps);
    }
  }

  @Test
  void aKeepAliveConnectionClosedAfterAShortIdleTimeIsReplacedWithoutSpendingAnAttempt() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      // HTTP/1.1 keep-alive, but a connection idle for 100 ms is closed.
      c.readTimeout(100);
      try {
        while (c.readRequest().isPresent()) {
          c.respond(OK_11, "", DOCUMENT);
        }
      } catch (SocketTimeoutException idle) {
        // closed by the script's end
      }
    })) {
      HttpExecutor http = new HttpExecutor(policy(server).withMaxAttempts(1));
      assertInstanceOf(Outcome.Answered.class, fetch(http));
      assertInstanceOf(Outcome.Answered.class, fetch(http));
      assertEquals(1, server.connections(), "back to back, the connection is reused");
      Thread.sleep(400);

      assertInstanceOf(Outcome.Answered.class, fetch(http));
      assertEquals(2, server.connections());
      assertEquals(List.of(), sleeps);
    }
  }

  @Test
  void aServerThatResetsEveryNewConnectionTooEndsAfterThePolicysAttempts() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ScriptedServer server = ScriptedServer.start(c -> {
      if (accepted.incrementAndGet() == 1) {
        // The first connection answers once and stays open, then resets the next request on it.
        c.readRequest();
        c.respond(OK_11, "", DOCUMENT);
      }
      c.readRequest();
      c.reset();
    })) {
      HttpExecutor http = new HttpExecutor(policy(server).withMaxAttempts(3));
      assertInstanceOf(Outcome.Answered.class, fetch(http));

      Outcome.GaveUp<?> gaveUp = assertInstanceOf(Outcome.GaveUp.class, fetch(http));
      assertEquals(3, gaveUp.attempts());
      assertEquals(0, gaveUp.status());
      assertTrue(gaveUp.error().isPresent());
      // The reused connection's reset was sent again once, on a new connection; after that every
      // reset was a new connection's and spent an attempt: 1 + 3 connections, two backoffs.
      assertEquals(4, server.connections());
      assertEquals(2, sleeps.size());
    }
  }

  // --- bodies that end badly ---------------------------------------------------------------------

  @Test
  void aBodyResetHalfwaySpendsAnAttemptAndIsNeverAnswered() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      c.write(OK_11 + "\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(100));
      c.reset();
    })) {
      Outcome.GaveUp<?> gaveUp = assertInstanceOf(Outcome.GaveUp.class,
          fetch(new HttpExecutor(policy(server).withMaxAttempts(2))));
      assertEquals(2, gaveUp.attempts());
      assertTrue(gaveUp.error().isPresent());
      assertEquals(2, server.connections());
      assertEquals(1, sleeps.size());
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthIsNeverAnsweredEvenWhenWhatArrivedIsAWholeDocument() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      // What arrives is valid JSON on its own; the declared length says more was coming.
      c.write(OK_10 + "\r\nContent-Length: " + (DOCUMENT.length + 500) + "\r\n\r\n");
      c.write(DOCUMENT);
    })) {
      Outcome.GaveUp<?> gaveUp = assertInstanceOf(Outcome.GaveUp.class,
          fetch(new HttpExecutor(policy(server).withMaxAttempts(2))));
      assertEquals(2, gaveUp.attempts());
      assertTrue(gaveUp.error().isPresent());
      assertEquals(0, gaveUp.status());
    }
  }

  // --- slow and oversized ------------------------------------------------------------------------

  @Test
  void aServerDribblingItsHeadersIsCutOffByTheCallTimeout() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      // A byte every 100 ms: the read timeout (between two reads) never fires, the call timeout does.
      for (byte b : (OK_11 + "\r\nX-Slow: " + "z".repeat(10_000)).getBytes(StandardCharsets.ISO_8859_1)) {
        c.write(new byte[] {b});
        Thread.sleep(100);
      }
    })) {
      HttpPolicy impatient = policy(server).withMaxAttempts(2)
          .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(800));
      long start = System.nanoTime();
      Outcome.GaveUp<?> gaveUp = assertInstanceOf(Outcome.GaveUp.class, fetch(new HttpExecutor(impatient)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(2, gaveUp.attempts());
      assertInstanceOf(InterruptedIOException.class, gaveUp.error().orElseThrow());
      assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "two attempts of 0.8 s took " + took);
      assertEquals(2, server.connections());
    }
  }

  @Test
  void aTimeoutOnAReusedConnectionSpendsAnAttemptAndIsNotSentAgainForFree() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      c.respond(OK_11, "", DOCUMENT);
      c.readRequest();
      // The second request on this connection gets its body a byte every 100 ms.
      c.write(OK_11 + "\r\nContent-Length: 10000\r\n\r\n");
      for (int i = 0; i < 10_000; i++) {
        c.write("z");
        Thread.sleep(100);
      }
    })) {
      HttpExecutor http = new HttpExecutor(policy(server).withMaxAttempts(1)
          .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(800)));
      assertInstanceOf(Outcome.Answered.class, fetch(http));

      Outcome.GaveUp<?> gaveUp = assertInstanceOf(Outcome.GaveUp.class, fetch(http));
      assertEquals(1, gaveUp.attempts());
      assertInstanceOf(InterruptedIOException.class, gaveUp.error().orElseThrow());
      assertEquals(1, server.connections());
    }
  }

  @Test
  void headersOverOkHttpsLimitEndInAFailureNotInMemory() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      // 64 headers of 8 KiB: 512 KiB of head, twice OkHttp's bound on a response head.
      StringBuilder head = new StringBuilder(OK_11 + "\r\n");
      for (int i = 0; i < 64; i++) {
        head.append("X-Filler-").append(i).append(": ").append("h".repeat(8192)).append("\r\n");
      }
      c.respond(head.toString().stripTrailing(), "", DOCUMENT);
    })) {
      Outcome.GaveUp<?> gaveUp = assertInstanceOf(Outcome.GaveUp.class,
          fetch(new HttpExecutor(policy(server).withMaxAttempts(2))));
      assertEquals(2, gaveUp.attempts());
      assertTrue(gaveUp.error().isPresent());
    }
  }

  // --- answers that are not the answer -----------------------------------------------------------

  @Test
  void aRedirectLoopIsRefusedAfterTheLimitAndNotRetried() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      for (Optional<String> line; (line = c.readRequest()).isPresent(); ) {
        String next = c.path(line.get()).equals("/a") ? "/b" : "/a";
        c.respond("HTTP/1.1 302 Found", "Location: " + next + "\r\n", new byte[0]);
      }
    })) {
      Outcome.Refused<?> refused = assertInstanceOf(Outcome.Refused.class,
          fetch(new HttpExecutor(policy(server).withMaxAttempts(3))));
      assertEquals(302, refused.status());
      assertEquals(Limits.MAX_REDIRECTS + 1, server.requests());
      assertEquals(List.of(), sleeps);
    }
  }

  @Test
  void aStormOf429And503IsRetriedAtTheWaitsAskedForAndThenGivenUp() throws Exception {
    AtomicInteger answered = new AtomicInteger();
    try (ScriptedServer server = ScriptedServer.start(c -> {
      while (c.readRequest().isPresent()) {
        boolean even = answered.getAndIncrement() % 2 == 0;
        c.respond(even ? "HTTP/1.1 429 Too Many Requests" : "HTTP/1.1 503 Service Unavailable",
            "Retry-After: " + (even ? "1" : "120") + "\r\n", new byte[0]);
      }
    })) {
      HttpPolicy policy = policy(server).withMaxAttempts(4)
          .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5));
      Outcome.GaveUp<?> gaveUp = assertInstanceOf(Outcome.GaveUp.class, fetch(new HttpExecutor(policy)));

      assertEquals(4, gaveUp.attempts());
      assertEquals(503, gaveUp.status());
      assertEquals(4, server.requests());
      // 1 s as asked; 120 s capped at the policy's 5 s; and so on. Nothing slept for real.
      assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1)), sleeps);
    }
  }

  @Test
  void garbageInA200IsTheExchangesToJudge() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      c.respond(OK_11, "", "{\"attestations\":[{]".getBytes(StandardCharsets.UTF_8));
    })) {
      // The executor delivers the body as served; RegistryClientTest and NpmServiceWireFaultTest
      // show what the registry client makes of it.
      assertEquals(new Outcome.Answered<>("{\"attestations\":[{]"), fetch(new HttpExecutor(policy(server))));
      assertEquals(1, server.requests());
    }
  }
}
