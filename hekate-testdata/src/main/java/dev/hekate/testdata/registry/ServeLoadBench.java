package dev.hekate.testdata.registry;

import dev.hekate.testdata.RealData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many concurrent requests through {@code hekate serve}, against a loopback registry serving real
 * package versions, keep-alive or closing every connection ({@link ClosingFront}), for
 * scripts/bench-load. Reports each answer's HTTP status and verdict, latency percentiles, and how
 * many requests the registry received per distinct package version.
 *
 * <p>The versions: every distinct real case of {@link RealNpmCases} (name and version; the first
 * whose expected outcome is VERIFIED where several share them), then, for each real package in
 * turn, a later patch version published without provenance — MISSING, with a regression where an
 * earlier version had provenance — until there are {@code --versions} of them.
 *
 * <p>{@code main}: {@code --hekate PATH --requests N --versions N --connections keep-alive|close
 * [--serve-timeout-seconds S]}. Starts the registry (and its front), then {@code PATH serve --port 0
 * --no-github --registry URL} as a separate process, waits for it to listen, fires every request at
 * once (each on its own thread, released together), and prints the report. Exits 0 when every
 * request was answered with a verdict that is not ERROR, none with a 5xx, and the registry was
 * asked at most {@value #MAX_REQUESTS_PER_VERSION} times per distinct version; else 1.
 */
public final class ServeLoadBench {
  /** The target: registry requests per distinct package version. */
  public static final int MAX_REQUESTS_PER_VERSION = 3;

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+?)/? ");
  private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");

  private ServeLoadBench() {}

  /** One package version served, and what a correct verifier says of it. */
  public record Served(String name, String version, String kind) {
    String path() {
      return "/v1/npm/" + name + "@" + version;
    }
  }

  /** One answer: HTTP status, the verdict's status (or what went wrong), and the time it took. */
  record Answer(int httpStatus, String verdict, long millis) {}

  /** Publishes the real cases and the later versions without provenance; returns them in order. */
  public static List<Served> publish(FakeRegistry registry, int versions) {
    Map<String, RealNpmCase> chosen = new LinkedHashMap<>();
    for (RealNpmCase c : RealNpmCases.allCases()) {
      String key = c.packageName() + "@" + c.version();
      RealNpmCase before = chosen.get(key);
      if (before == null || (before.expected() != ExpectedOutcome.VERIFIED && c.expected() == ExpectedOutcome.VERIFIED)) {
        chosen.put(key, c);
      }
    }
    List<Served> served = new ArrayList<>();
    Map<String, Instant> latest = new LinkedHashMap<>();
    Map<String, int[]> highest = new LinkedHashMap<>();
    for (RealNpmCase c : chosen.values()) {
      if (served.size() == versions) {
        break;
      }
      registry.publish(c);
      served.add(new Served(c.packageName(), c.version(), "real case " + c.id() + ", expected " + c.expected()));
      latest.merge(c.packageName(), c.publishedAt(), (a, b) -> a.isAfter(b) ? a : b);
      highest.merge(c.packageName(), semver(c.version()), (a, b) -> compare(a, b) >= 0 ? a : b);
    }
    List<String> names = new ArrayList<>(latest.keySet());
    for (int i = 0; served.size() < versions; i++) {
      String name = names.get(i % names.size());
      int[] next = highest.get(name).clone();
      next[2] += 1;
      highest.put(name, next);
      String version = next[0] + "." + next[1] + "." + next[2];
      Instant at = latest.get(name).plus(Duration.ofDays(1));
      latest.put(name, at);
      registry.publish(PackageVersion.builder(name, version)
          .tarball(("a tarball of " + name + "@" + version).getBytes(StandardCharsets.UTF_8))
          .noAttestations()
          .publishedAt(at)
          .build());
      served.add(new Served(name, version, "later version without provenance, expected MISSING"));
    }
    return served;
  }

  private static int[] semver(String version) {
    String core = version.split("[-+]", 2)[0];
    int[] parts = Arrays.stream(core.split("\\.")).mapToInt(Integer::parseInt).toArray();
    return new int[] {parts[0], parts[1], parts[2]};
  }

  private static int compare(int[] a, int[] b) {
    return Arrays.compare(a, b);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String hekate = options.getOrDefault("--hekate", "./hekate");
    int requests = Integer.parseInt(options.getOrDefault("--requests", "500"));
    int versions = Integer.parseInt(options.getOrDefault("--versions", "20"));
    boolean closing = switch (options.getOrDefault("--connections", "close")) {
      case "close" -> true;
      case "keep-alive" -> false;
      default -> throw new IllegalArgumentException("--connections must be close or keep-alive");
    };
    int serveTimeout = Integer.parseInt(options.getOrDefault("--serve-timeout-seconds", "180"));
    RealData.require();
    // Exit only once serve is stopped: System.exit skips finally blocks, and an orphaned serve would
    // keep the caller's pipe open.
    System.exit(run(hekate, requests, versions, closing, serveTimeout) ? 0 : 1);
  }

  private static boolean run(String hekate, int requests, int versions, boolean closing, int serveTimeout)
      throws Exception {
    try (FakeRegistry registry = FakeRegistry.start();
        ClosingFront front = closing ? ClosingFront.start(registry.baseUrl()) : null) {
      List<Served> served = publish(registry, versions);
      URI registryUrl = closing ? front.baseUrl() : registry.baseUrl();
      Process serve = new ProcessBuilder(hekate, "serve", "--port", "0", "--no-github", "--registry",
          registryUrl.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        URI api = listening(serve, serveTimeout);
        int before = registry.requestCount();
        long start = System.nanoTime();
        List<Answer> answers = fire(api, served, requests);
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        List<RecordedRequest> asked = registry.requests().subList(before, registry.requestCount());
        return report(served, answers, asked, wallMillis, closing, requests);
      } finally {
        serve.destroy();
        if (!serve.waitFor(10, TimeUnit.SECONDS)) {
          serve.destroyForcibly();
        }
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs: --name value");
    }
    return options;
  }

  /** The API's base URL from serve's first lines; its log lines are read and dropped from then on. */
  private static URI listening(Process serve, int timeoutSeconds) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<URI> url = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (!url.isDone() && m.find()) {
            url.complete(URI.create(m.group(1)));
          }
        }
        url.completeExceptionally(new IOException("hekate serve ended before listening"));
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
    });
    return url.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** Every request on its own thread, released at once; request {@code i} asks for version {@code i % n}. */
  private static List<Answer> fire(URI api, List<Served> served, int requests) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Answer>> answers = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(requests)) {
      for (int i = 0; i < requests; i++) {
        URI target = URI.create(api + served.get(i % served.size()).path());
        answers.add(CompletableFuture.supplyAsync(() -> ask(client, target, go), threads));
      }
      go.countDown();
      List<Answer> all = new ArrayList<>();
      for (CompletableFuture<Answer> answer : answers) {
        all.add(answer.get(5, TimeUnit.MINUTES));
      }
      return all;
    }
  }

  private static Answer ask(HttpClient client, URI target, CountDownLatch go) {
    try {
      go.await();
      long start = System.nanoTime();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      Matcher m = STATUS.matcher(response.body());
      return new Answer(response.statusCode(), m.find() ? m.group(1) : "(no verdict)", millis);
    } catch (IOException e) {
      return new Answer(0, "(client: " + e.getClass().getSimpleName() + ")", 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "(client interrupted)", 0);
    }
  }

  private static boolean report(List<Served> served, List<Answer> answers, List<RecordedRequest> asked,
      long wallMillis, boolean closing, int requests) {
    Map<String, Integer> byVerdict = new TreeMap<>();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    answers.forEach(a -> {
      byVerdict.merge(a.verdict(), 1, Integer::sum);
      byStatus.merge(a.httpStatus(), 1, Integer::sum);
    });
    long[] millis = answers.stream().filter(a -> a.httpStatus() > 0).mapToLong(Answer::millis).sorted().toArray();
    Map<String, Integer> byEndpoint = new TreeMap<>();
    asked.forEach(r -> byEndpoint.merge(endpoint(r.path()), 1, Integer::sum));
    long errors = answers.stream().filter(a -> !List.of("VERIFIED", "FAILED", "MISSING").contains(a.verdict())).count();
    long fiveHundreds = answers.stream().filter(a -> a.httpStatus() >= 500 || a.httpStatus() == 0).count();
    double perVersion = (double) asked.size() / served.size();

    System.out.println("Load through hekate serve: " + requests + " concurrent requests for " + served.size()
        + " package versions; the registry " + (closing ? "answers HTTP/1.0 and closes every connection"
            : "keeps connections alive"));
    served.stream().sorted(Comparator.comparing(Served::name)).forEach(s ->
        System.out.println("  " + s.name() + "@" + s.version() + "  (" + s.kind() + ")"));
    System.out.println("answers:   HTTP " + byStatus + "; verdicts " + byVerdict);
    System.out.println("latency:   p50 " + percentile(millis, 50) + " ms, p99 " + percentile(millis, 99) + " ms, max "
        + (millis.length == 0 ? 0 : millis[millis.length - 1]) + " ms; all answered in " + wallMillis + " ms");
    System.out.printf("registry:  %d requests %s for %d versions: %.2f per version (target <= %d)%n", asked.size(),
        byEndpoint, served.size(), perVersion, MAX_REQUESTS_PER_VERSION);
    boolean ok = errors == 0 && fiveHundreds == 0 && perVersion <= MAX_REQUESTS_PER_VERSION;
    System.out.println(ok ? "result:    PASS (0 ERROR, 0 5xx)"
        : "result:    FAIL (" + errors + " without a decided verdict, " + fiveHundreds + " 5xx or unanswered)");
    return ok;
  }

  private static String endpoint(String path) {
    if (path.contains("-/npm/v1/attestations/")) {
      return "attestations";
    }
    if (path.contains("-/npm/v1/keys")) {
      return "keys";
    }
    return path.endsWith(".tgz") ? "tarball" : "packument";
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
