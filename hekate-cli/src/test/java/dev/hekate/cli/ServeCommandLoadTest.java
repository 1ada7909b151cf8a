package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.ClosingFront;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A bounded load on loopback: 200 requests at once to {@code hekate serve}, spread over ten
 * packages of a loopback registry, kept alive or closing every connection. Every one must be
 * answered, none with a 5xx; p50 and p99 are printed. The whole burst must finish within two
 * minutes.
 */
class ServeCommandLoadTest {
  static final int REQUESTS = 200;
  static final int PACKAGES = 10;

  @Test
  void twoHundredConcurrentRequestsAreAllAnsweredWithoutA5xx() throws Exception {
    try (FakeRegistry registry = publish()) {
      burst(ServeOptions.of(registry, "--no-github"), "serve load");
    }
  }

  /**
   * The same burst, the verdict cache off so that every request reaches the registry, through a
   * registry that answers HTTP/1.0 and closes every connection: a connection it closed, found in
   * the pool, must never turn into a 502.
   */
  @Test
  void twoHundredConcurrentRequestsThroughARegistryClosingEveryConnectionAreAllAnswered() throws Exception {
    try (FakeRegistry registry = publish(); ClosingFront front = ClosingFront.start(registry.baseUrl())) {
      burst(ServeOptions.of(front.baseUrl(), "--no-github", "--cache-size", "0"), "serve load, closing registry");
      assertTrue(front.connections() > PACKAGES * 2, "the registry was asked: " + front.connections());
    }
  }

  private static FakeRegistry publish() {
    FakeRegistry registry = FakeRegistry.start();
    for (int i = 0; i < PACKAGES; i++) {
      GeneratedNpm.publishVerified(registry, ServeOptions.SIGSTORE, "load-" + i, "1.0." + i, BundleGeneration.V03_DSSE);
    }
    return registry;
  }

  private static void burst(String[] options, String label) throws Exception {
    try (Serve serve = Serve.start(options)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      URI base = URI.create("http://127.0.0.1:" + serve.port());
      // One request per package first: the burst measures a warm server, as a busy Lambda container is.
      for (int i = 0; i < PACKAGES; i++) {
        HttpResponse<String> warm = client.send(request(base, i), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, warm.statusCode(), warm.body());
      }
      long[] millis = new long[REQUESTS];
      int[] statuses = new int[REQUESTS];
      List<CompletableFuture<Void>> all = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        int n = i;
        long sent = System.nanoTime();
        all.add(client.sendAsync(request(base, n % PACKAGES), HttpResponse.BodyHandlers.ofString())
            .thenAccept(response -> {
              millis[n] = (System.nanoTime() - sent) / 1_000_000;
              statuses[n] = response.statusCode();
            }));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      long wall = (System.nanoTime() - start) / 1_000_000;
      long answered = Arrays.stream(statuses).filter(s -> s > 0).count();
      long serverErrors = Arrays.stream(statuses).filter(s -> s >= 500).count();
      long[] sorted = millis.clone();
      Arrays.sort(sorted);
      long p50 = sorted[REQUESTS / 2 - 1];
      long p99 = sorted[(int) Math.ceil(REQUESTS * 0.99) - 1];
      System.out.printf("%s: %d concurrent requests, %d answered, %d 5xx, p50 %d ms, p99 %d ms, max %d ms,"
          + " wall %d ms (%d cores)%n", label, REQUESTS, answered, serverErrors, p50, p99, sorted[REQUESTS - 1], wall,
          Runtime.getRuntime().availableProcessors());
      assertEquals(REQUESTS, answered);
      assertEquals(0, serverErrors);
      assertTrue(Arrays.stream(statuses).allMatch(s -> s == 200), Arrays.toString(statuses));
    }
  }

  private static HttpRequest request(URI base, int i) {
    return HttpRequest.newBuilder(base.resolve("/v1/npm/load-" + i + "@1.0." + i))
        .timeout(Duration.ofSeconds(60)).GET().build();
  }
}
