package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hekate.testdata.FakeNpmKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An npm registry on loopback, for tests, benchmarks and the local demo. It serves what
 * registry.npmjs.org serves for provenance verification:
 *
 * <ul>
 *   <li>{@code GET <base><name>}: the full packument ({@code @scope%2fname}, {@code %40scope%2fname}
 *       and {@code @scope/name} all work);
 *   <li>{@code GET <base>-/npm/v1/attestations/<name>@<version>} (name raw or encoded): the
 *       attestations response, 404 {@code {"error":"not found"}} when the version has none;
 *   <li>{@code GET <base><name>/-/<basename>-<version>.tgz}: the tarball;
 *   <li>{@code GET <base>-/npm/v1/keys}: the keys document set with {@link #setKeys}, else 404;
 *   <li>{@code GET <base>-/ping}: {@code {}}.
 * </ul>
 *
 * Anything else is 404 JSON; methods other than GET and HEAD are 405. {@code <base>} is
 * {@link #baseUrl()}, which may carry a path prefix ({@link #start(String)}), as an Artifactory
 * remote repository does.
 *
 * <p>The server binds 127.0.0.1 on an ephemeral port and nothing else. It is thread-safe: packages
 * can be published while requests are served, and handlers run on a cached pool of daemon threads,
 * so hundreds of concurrent requests (each delayed by {@link #setLatency}) are answered in parallel.
 * Every request is recorded ({@link #requests()}) before latency and failure injection apply.
 *
 * <pre>{@code
 * try (FakeRegistry registry = FakeRegistry.start()) {
 *   registry.publish(PackageVersion.builder("name", "1.0.0").tarball(bytes).attestations(json).build());
 *   verify(registry.baseUrl(), "name@1.0.0");
 * }
 * }</pre>
 *
 * <p>One file on purpose: every route reads the same published packages, and every request passes
 * through the same recording and latency and failure injection, so splitting the routes out would
 * spread one server's state over several classes.
 */
public final class FakeRegistry implements AutoCloseable {

  /** Requests recorded in full; beyond this (long benchmarks) they are only counted. */
  public static final int MAX_RECORDED = 100_000;

  private static final byte[] LOOPBACK = {127, 0, 0, 1};
  private static final String JSON = "application/json";
  private static final String KEYS_PATH = "-/npm/v1/keys";
  private static final String ATTESTATIONS_PREFIX = "-/npm/v1/attestations/";
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final String basePath;
  private final URI baseUrl;

  private final Map<String, Packument> packages = new ConcurrentHashMap<>();
  private final Map<String, PackageVersion> tarballs = new ConcurrentHashMap<>();
  private final AtomicReference<Optional<byte[]>> keys = new AtomicReference<>(Optional.empty());

  private volatile Duration latency = Duration.ZERO;
  private volatile boolean down;
  private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
  private final Map<String, Integer> statusByPrefix = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requestCount = new AtomicInteger();

  private FakeRegistry(String basePath) throws IOException {
    this.basePath = basePath;
    InetAddress loopback = InetAddress.getByAddress(LOOPBACK);
    // A deep backlog: load tests open a couple of hundred connections at once.
    this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 512);
    ThreadFactory daemons = r -> {
      Thread t = new Thread(r, "fake-registry-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newCachedThreadPool(daemons);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
  }

  /**
   * A registry at {@code http://127.0.0.1:<ephemeral port>/}.
   *
   * @throws UncheckedIOException if no port can be bound
   */
  public static FakeRegistry start() {
    return start("/");
  }

  /**
   * A registry serving everything under {@code pathPrefix}, e.g. {@code /api/npm/remote/}; a
   * missing leading or trailing slash is added. Requests outside the prefix get 404.
   *
   * @throws IllegalArgumentException if the prefix has a query, a fragment, {@code ..} or an escape
   * @throws UncheckedIOException if no port can be bound
   */
  public static FakeRegistry start(String pathPrefix) {
    String p = Objects.requireNonNull(pathPrefix, "pathPrefix");
    if (p.contains("?") || p.contains("#") || p.contains("%") || p.contains("..") || p.contains("//")) {
      throw new IllegalArgumentException("not a plain path prefix: " + pathPrefix);
    }
    p = (p.startsWith("/") ? "" : "/") + p;
    p = p.endsWith("/") ? p : p + "/";
    try {
      return new FakeRegistry(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1", e);
    }
  }

  /** The registry's base URL, ending with {@code /}, e.g. {@code http://127.0.0.1:45123/}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The port bound on 127.0.0.1. */
  public int port() {
    return server.getAddress().getPort();
  }

  // --- content ------------------------------------------------------------------------------

  /**
   * Publishes a version (replacing one with the same number, which the real registry would refuse)
   * and tags it {@code latest}, as {@code npm publish} does.
   */
  public void publish(PackageVersion version) {
    Objects.requireNonNull(version, "version");
    // The tarball first, so that no client sees a packument naming a tarball not yet served.
    tarballs.put(Packument.tarballPath(version.name(), version.version()), version);
    packages.compute(version.name(), (name, old) -> (old == null ? Packument.empty(name) : old).with(version));
  }

  /**
   * Publishes one recorded real case under its real name and version.
   *
   * @throws UncheckedIOException if its files cannot be read (see {@link RealNpmCase#toPackageVersion()})
   */
  public void publish(RealNpmCase realCase) {
    publish(realCase.toPackageVersion());
  }

  /** Points {@code tag} of {@code name} at a published version. */
  public void setDistTag(String name, String tag, String version) {
    packages.compute(name, (n, old) -> {
      if (old == null) {
        throw new IllegalArgumentException("no package " + name);
      }
      return old.withTag(tag, version);
    });
  }

  /** A published version, if any. */
  public Optional<PackageVersion> version(String name, String version) {
    return Optional.ofNullable(packages.get(name)).flatMap(p -> p.version(version));
  }

  /** Every published version of a package, in publication order; empty for an unknown package. */
  public List<PackageVersion> versions(String name) {
    List<PackageVersion> all = new ArrayList<>();
    Optional.ofNullable(packages.get(name)).ifPresent(p -> p.versions().forEach(all::add));
    return all;
  }

  /** The URL the registry serves a version's tarball at, as its packument names it. */
  public String tarballUrl(String name, String version) {
    return baseUrl + Packument.tarballPath(name, version);
  }

  /** The body of {@code GET /-/npm/v1/keys}, served as is; until set the endpoint answers 404. */
  public void setKeys(byte[] keysJson) {
    keys.set(Optional.of(keysJson.clone()));
  }

  /**
   * The {@code /-/npm/v1/keys} document for one registry key (usage-free, as npm serves it):
   * {@code {"keys":[{"expires":…,"keyid":…,"keytype":"ecdsa-sha2-nistp256","scheme":"ecdsa-sha2-nistp256","key":<base64 SPKI>}]}},
   * {@code expires} being the end of the key's validity or {@code null}.
   */
  public static byte[] keysDocument(FakeNpmKey key) {
    ObjectNode root = RegistryJson.object();
    ArrayNode list = root.putArray("keys");
    ObjectNode k = list.addObject();
    key.validity().end().ifPresentOrElse(
        end -> k.put("expires", RegistryJson.time(end)), () -> k.putNull("expires"));
    k.put("keyid", key.keyId());
    k.put("keytype", "ecdsa-sha2-nistp256");
    k.put("scheme", "ecdsa-sha2-nistp256");
    k.put("key", Base64.getEncoder().encodeToString(key.publicKey().getEncoded()));
    return RegistryJson.compact(root);
  }

  // --- behaviour ----------------------------------------------------------------------------

  /** Delay added to every response, failures included (default zero). */
  public void setLatency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("negative latency " + latency);
    }
    this.latency = latency;
  }

  /** The next {@code n} requests, whatever they ask for, answer {@code status} (queued after earlier failNext calls). */
  public void failNext(int n, int status) {
    checkStatus(status);
    for (int i = 0; i < n; i++) {
      failures.add(status);
    }
  }

  /** While down, every request answers 503. */
  public void setDown(boolean down) {
    this.down = down;
  }

  /**
   * Requests whose path, relative to the base URL, starts with {@code pathPrefix} (as sent or
   * decoded; a leading {@code /} is ignored) answer {@code status}, e.g.
   * {@code setStatus("-/npm/v1/attestations/", 500)}.
   *
   * @throws IllegalArgumentException for a status outside 100–599 or a malformed percent escape
   */
  public void setStatus(String pathPrefix, int status) {
    checkStatus(status);
    RegistryJson.percentDecode(pathPrefix);  // a malformed escape fails here, not in a handler
    statusByPrefix.put(stripSlash(pathPrefix), status);
  }

  /** Removes a {@link #setStatus} rule. */
  public void clearStatus(String pathPrefix) {
    statusByPrefix.remove(stripSlash(pathPrefix));
  }

  /** Removes every injected failure and the latency; content and recorded requests stay. */
  public void resetBehaviour() {
    latency = Duration.ZERO;
    down = false;
    failures.clear();
    statusByPrefix.clear();
  }

  private static void checkStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
  }

  private static String stripSlash(String prefix) {
    return prefix.startsWith("/") ? prefix.substring(1) : prefix;
  }

  // --- recording ----------------------------------------------------------------------------

  /** Every request received so far, in arrival order (the first {@link #MAX_RECORDED}). */
  public List<RecordedRequest> requests() {
    return List.copyOf(new ArrayList<>(requests));
  }

  /** How many requests have been received. */
  public int requestCount() {
    return requestCount.get();
  }

  /** Forgets the recorded requests and resets the count. */
  public void clearRequests() {
    requests.clear();
    requestCount.set(0);
  }

  /** Stops the server at once and its threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "FakeRegistry[" + baseUrl + "]";
  }

  // --- serving ------------------------------------------------------------------------------

  private record Response(int status, String contentType, byte[] body) {
    static Response json(int status, byte[] body) {
      return new Response(status, JSON, body);
    }

    static Response error(int status, String message) {
      return json(status, RegistryJson.error(message));
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      String rawPath = uri.getRawPath();
      String shown = uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery();
      if (requestCount.incrementAndGet() <= MAX_RECORDED) {
        requests.add(new RecordedRequest(method, shown, exchange.getRequestHeaders()));
      }
      Response response;
      try {
        delay();
        response = respond(method, rawPath);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        response = Response.error(503, "shutting down");
      } catch (RuntimeException e) {
        response = Response.error(500, "fake registry failed: " + e);
      }
      send(exchange, method, response);
    }
  }

  private void delay() throws InterruptedException {
    Duration d = latency;
    if (!d.isZero()) {
      Thread.sleep(d);
    }
  }

  private Response respond(String method, String rawPath) {
    if (down) {
      return Response.error(503, "service unavailable");
    }
    Integer injected = failures.poll();
    if (injected != null) {
      return Response.error(injected, "injected failure");
    }
    if (!rawPath.startsWith(basePath)) {
      return Response.error(404, "not found");
    }
    String raw = rawPath.substring(basePath.length());
    String path;
    try {
      path = RegistryJson.percentDecode(raw);
    } catch (IllegalArgumentException e) {
      return Response.error(400, "bad request");
    }
    for (Map.Entry<String, Integer> rule : statusByPrefix.entrySet()) {
      if (raw.startsWith(rule.getKey()) || path.startsWith(RegistryJson.percentDecode(rule.getKey()))) {
        return Response.error(rule.getValue(), "injected status");
      }
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Response.error(405, "method not allowed");
    }
    if (path.equals("-/ping")) {
      return Response.json(200, "{}".getBytes(StandardCharsets.UTF_8));
    }
    if (path.equals(KEYS_PATH)) {
      return keys.get().map(k -> Response.json(200, k)).orElseGet(() -> Response.error(404, "not found"));
    }
    if (path.startsWith(ATTESTATIONS_PREFIX)) {
      return attestations(path.substring(ATTESTATIONS_PREFIX.length()));
    }
    PackageVersion tarball = tarballs.get(path);
    if (tarball != null) {
      return tarball.servedTarball()
          .map(bytes -> new Response(200, "application/octet-stream", bytes))
          .orElseGet(() -> Response.error(404, "not found"));
    }
    Packument packument = packages.get(path);
    if (packument != null) {
      return Response.json(200, packument.render(baseUrl.toString()));
    }
    return Response.error(404, "not found");
  }

  private Response attestations(String spec) {
    // The last '@' after the first character: a scoped name starts with one of its own.
    int at = spec.lastIndexOf('@');
    if (at <= 0) {
      return Response.error(404, "not found");
    }
    return version(spec.substring(0, at), spec.substring(at + 1))
        .flatMap(PackageVersion::attestations)
        .map(body -> Response.json(200, body))
        .orElseGet(() -> Response.error(404, "not found"));
  }

  private static void send(HttpExchange exchange, String method, Response response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    if (method.equals("HEAD")) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
  }
}
