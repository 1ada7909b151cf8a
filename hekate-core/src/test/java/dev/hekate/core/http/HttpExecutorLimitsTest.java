package dev.hekate.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hekate.core.http.Loopback.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hekate.core.concurrent.Deadline;
import dev.hekate.core.http.HttpExecutor.Attempt;
import dev.hekate.core.http.HttpExecutor.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The executor under a thread's {@link Deadline} and its bound on concurrent requests: work that ran
 * out of time ends with it (not after the full timeouts), and no more requests are open at once
 * than the policy allows.
 */
class HttpExecutorLimitsTest {
  private static final String PATH = "/thing";

  @RegisterExtension
  static final WireMockExtension server = Loopback.server();

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static Outcome<Integer> fetch(HttpExecutor http) {
    return http.get(http.base().resolve(PATH), Headers.of(), (url, response) -> response.code() == 200
        ? new Attempt.Answer<>(200)
        : new Attempt.Retry<>("HTTP " + response.code(), response.code(), http.retryAfter(response)));
  }

  /** A server that accepts connections, reads nothing and never answers. */
  private static final class Silent implements AutoCloseable {
    final ServerSocket socket;
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    Silent() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = Thread.ofPlatform().daemon().start(() -> {
        while (!socket.isClosed()) {
          try {
            accepted.add(socket.accept());
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aSilentServerCostsTheTimeLeftBeforeTheDeadlineNotTheFullTimeouts() throws Exception {
    try (Silent silent = new Silent()) {
      // Alone, this policy would wait 3 attempts of 20 s.
      HttpExecutor http = new HttpExecutor(HttpPolicy.defaults(silent.url()).withSleeper(sleeps::add)
          .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(20)));
      long start = System.nanoTime();
      Outcome<Integer> outcome = Deadline.in(Duration.ofMillis(700)).run(() -> fetch(http));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      Outcome.GaveUp<Integer> gaveUp = assertInstanceOf(Outcome.GaveUp.class, outcome);
      assertTrue(gaveUp.reason().contains(HttpExecutor.OUT_OF_TIME), gaveUp.reason());
      assertTrue(gaveUp.reason().startsWith("timed out"), "the attempt's own reason comes first: " + gaveUp.reason());
      assertEquals(1, gaveUp.attempts(), "no retry once no time is left");
      assertTrue(tookMillis < 5_000, "gave up after " + tookMillis + " ms");
      assertEquals(List.of(), sleeps, "no backoff waited past the deadline");
    }
  }

  @Test
  void noRequestIsSentOnceTheDeadlineHasPassed() throws Exception {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(ok()));
    HttpExecutor http = new HttpExecutor(HttpPolicy.defaults(URI.create(server.baseUrl())));
    Deadline deadline = Deadline.in(Duration.ofMillis(1));
    Thread.sleep(5);
    Outcome<Integer> outcome = deadline.run(() -> fetch(http));
    Outcome.GaveUp<Integer> gaveUp = assertInstanceOf(Outcome.GaveUp.class, outcome);
    assertEquals(0, gaveUp.attempts());
    assertEquals(HttpExecutor.OUT_OF_TIME, gaveUp.reason());
    assertEquals(0, requests(server));
  }

  @Test
  void aBackoffThatWouldEndAfterTheDeadlineIsNotWaited() throws Exception {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "5")));
    HttpExecutor http = new HttpExecutor(HttpPolicy.defaults(URI.create(server.baseUrl())).withSleeper(sleeps::add)
        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)));
    Outcome<Integer> outcome = Deadline.in(Duration.ofSeconds(2)).run(() -> fetch(http));
    Outcome.GaveUp<Integer> gaveUp = assertInstanceOf(Outcome.GaveUp.class, outcome);
    assertEquals(503, gaveUp.status());
    assertEquals("HTTP 503; " + HttpExecutor.OUT_OF_TIME, gaveUp.reason());
    assertEquals(1, requests(server));
    assertEquals(List.of(), sleeps);
  }

  @Test
  void withoutADeadlineNothingChanges() {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(ok()));
    assertEquals(new Outcome.Answered<>(200), fetch(new HttpExecutor(HttpPolicy.defaults(URI.create(server.baseUrl())))));
  }

  @Test
  void noMoreRequestsAreOpenAtOnceThanThePolicyAllows() throws Exception {
    server.stubFor(get(urlEqualTo(PATH)).willReturn(ok().withFixedDelay(150)));
    HttpExecutor http = new HttpExecutor(HttpPolicy.defaults(URI.create(server.baseUrl())).withMaxConcurrent(2));
    List<Future<Outcome<Integer>>> results = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 8; i++) {
      results.add(threads.submit(() -> fetch(http)));
    }
    for (Future<Outcome<Integer>> result : results) {
      assertEquals(new Outcome.Answered<>(200), result.get(30, TimeUnit.SECONDS));
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // Eight requests of 150 ms, two at a time: four rounds. Unbounded they would take one.
    assertTrue(tookMillis >= 4 * 150 - 50, "8 requests two at a time took only " + tookMillis + " ms");
    assertEquals(8, requests(server));
  }

  @Test
  void aRequestWaitingForATurnGivesUpAtItsDeadline() throws Exception {
    try (Silent silent = new Silent()) {
      HttpExecutor http = new HttpExecutor(HttpPolicy.defaults(silent.url()).withMaxConcurrent(1)
          .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(20)));
      Future<Outcome<Integer>> holder = threads.submit(() -> Deadline.in(Duration.ofSeconds(3)).run(() -> fetch(http)));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (silent.accepted.isEmpty() && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      Outcome<Integer> waiting = Deadline.in(Duration.ofMillis(300)).run(() -> fetch(http));
      Outcome.GaveUp<Integer> gaveUp = assertInstanceOf(Outcome.GaveUp.class, waiting);
      assertTrue(gaveUp.reason().startsWith("no turn among the 1 concurrent requests"), gaveUp.reason());
      assertEquals(1, silent.accepted.size(), "the waiting request never connected");
      assertInstanceOf(Outcome.GaveUp.class, holder.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void theFreeSecondSendOnANewConnectionStaysWithinTheDeadline() throws Exception {
    // The first connection answers once and keeps alive; the next request on it finds it closed
    // (before any response byte), so it is sent again on a new connection — which never answers.
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread.ofPlatform().daemon().start(() -> {
        try {
          Socket first = socket.accept();
          var in = new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream(),
              java.nio.charset.StandardCharsets.ISO_8859_1));
          readHead(in);
          first.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          first.getOutputStream().flush();
          readHead(in);
          first.close();
          while (!socket.isClosed()) {
            held.add(socket.accept());
          }
        } catch (IOException e) {
          // the test is over
        }
      });
      URI url = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
      HttpExecutor http = new HttpExecutor(HttpPolicy.defaults(url).withSleeper(sleeps::add)
          .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(20)));
      assertEquals(new Outcome.Answered<>(200), fetch(http));

      long start = System.nanoTime();
      Outcome<Integer> outcome = Deadline.in(Duration.ofMillis(800)).run(() -> fetch(http));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      Outcome.GaveUp<Integer> gaveUp = assertInstanceOf(Outcome.GaveUp.class, outcome);
      assertTrue(gaveUp.reason().contains(HttpExecutor.OUT_OF_TIME), gaveUp.reason());
      assertTrue(tookMillis < 4_000, "gave up after " + tookMillis + " ms; the call timeout is 20 s");
      assertEquals(1, held.size(), "one new connection: the free second send");
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static void readHead(java.io.BufferedReader in) throws IOException {
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      // headers up to the blank line
    }
  }
}
