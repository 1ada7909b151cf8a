package dev.hekate.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Rekor v1 log on loopback, for the online lookup of raw DSSE provenance. It serves the two
 * requests that lookup makes, shaped after rekor.sigstore.dev's answers:
 *
 * <ul>
 *   <li>{@code POST /api/v1/index/retrieve} with {@code {"hash":"sha256:<hex>"}}: a JSON array of
 *       the entry ids indexed under that hash ({@code []} when none);
 *   <li>{@code GET /api/v1/log/entries/<uuid>}: {@code {"<uuid>": {body, integratedTime, logID,
 *       logIndex, verification: {inclusionProof: {checkpoint, hashes, logIndex, rootHash,
 *       treeSize}, signedEntryTimestamp}}}}, hashes in hex, 404 for an unknown id.
 * </ul>
 *
 * Entries come from {@link FakeBundle}s ({@link #add}): the bundle's log entry (SET, proof and
 * checkpoint as the fake log made them), its id the tree id and the leaf hash, as Rekor writes ids.
 * Faults: every request answering one status ({@link #failWith}), the connection closed without
 * an answer ({@link #closeConnections}), a delay before answering ({@link #delay}), and any
 * search answer ({@link #searchAnswer}). Every request is recorded ({@link #requests()}).
 *
 * <p>Binds 127.0.0.1 on an ephemeral port. Thread-safe.
 */
public final class FakeRekor implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final String ENTRIES = "/api/v1/log/entries/";
  private static final String SEARCH = "/api/v1/index/retrieve";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
  private final Map<String, List<String>> index = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failStatus = new AtomicInteger();
  private final AtomicReference<Boolean> closing = new AtomicReference<>(false);
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
  private final AtomicReference<byte[]> searchAnswer = new AtomicReference<>();

  private FakeRekor(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** A log with no entries, listening on loopback. */
  public static FakeRekor start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-rekor-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      FakeRekor rekor = new FakeRekor(server, executor);
      server.createContext("/", rekor::handle);
      server.setExecutor(executor);
      server.start();
      return rekor;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The index key of the bundle's raw envelope: {@code sha256:} and the SHA-256 of its bytes. */
  public static String envelopeKey(FakeBundle bundle) {
    return "sha256:" + Bytes.hex(Bytes.sha256(bundle.rawDsseEnvelope().orElseThrow()));
  }

  /** The index key of an artifact: {@code sha256:} and its SHA-256. */
  public static String artifactKey(byte[] artifact) {
    return "sha256:" + Bytes.hex(Bytes.sha256(artifact));
  }

  /**
   * Logs the bundle's first log entry (a Rekor v1 one) and indexes it under its envelope's hash and,
   * when the bundle has an artifact, the artifact's SHA-256, as Rekor indexes an intoto entry.
   *
   * @return the entry's id
   */
  public String publish(FakeBundle bundle) {
    String uuid = add(bundle);
    index(envelopeKey(bundle), uuid);
    if (bundle.hasArtifact()) {
      index(artifactKey(bundle.artifact()), uuid);
    }
    return uuid;
  }

  /** Logs the bundle's first log entry without indexing it; returns its id. */
  public String add(FakeBundle bundle) {
    JsonNode entry = Json.parse(bundle.json()).at("/verificationMaterial/tlogEntries/0");
    byte[] body = Bytes.decodeB64(entry.get("canonicalizedBody").asText());
    JsonNode proof = entry.get("inclusionProof");
    String checkpoint = proof.at("/checkpoint/envelope").asText();
    String origin = checkpoint.substring(0, checkpoint.indexOf('\n'));
    String treeId = String.format("%016x", Long.parseLong(origin.substring(origin.lastIndexOf(' ') + 1)));
    String uuid = treeId + Bytes.hex(Merkle.leafHash(body));

    ObjectNode answer = Json.object();
    ObjectNode value = answer.putObject(uuid);
    value.put("body", Bytes.b64(body));
    value.put("integratedTime", Long.parseLong(entry.get("integratedTime").asText()));
    value.put("logID", Bytes.hex(Bytes.decodeB64(entry.at("/logId/keyId").asText())));
    value.put("logIndex", Long.parseLong(entry.get("logIndex").asText()));
    ObjectNode verification = value.putObject("verification");
    ObjectNode inclusion = verification.putObject("inclusionProof");
    inclusion.put("checkpoint", checkpoint);
    ArrayNode hashes = inclusion.putArray("hashes");
    for (JsonNode hash : proof.get("hashes")) {
      hashes.add(Bytes.hex(Bytes.decodeB64(hash.asText())));
    }
    inclusion.put("logIndex", Long.parseLong(proof.get("logIndex").asText()));
    inclusion.put("rootHash", Bytes.hex(Bytes.decodeB64(proof.get("rootHash").asText())));
    inclusion.put("treeSize", Long.parseLong(proof.get("treeSize").asText()));
    verification.put("signedEntryTimestamp", entry.at("/inclusionPromise/signedEntryTimestamp").asText());
    entries.put(uuid, Json.compact(answer));
    return uuid;
  }

  /** Adds {@code uuids} to those listed under {@code key} ({@code sha256:<hex>}). */
  public void index(String key, String... uuids) {
    index.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).addAll(List.of(uuids));
  }

  /** Every search answers {@code body} (any bytes), whatever it asks. */
  public void searchAnswer(byte[] body) {
    searchAnswer.set(body.clone());
  }

  /** Every request answers {@code status} with an empty JSON object; 0 turns this off. */
  public void failWith(int status) {
    failStatus.set(status);
  }

  /** Every request has its connection closed without an answer. */
  public void closeConnections(boolean close) {
    closing.set(close);
  }

  /** Every answer waits {@code wait} first. */
  public void delay(Duration wait) {
    delay.set(wait);
  }

  /** Every request received, as {@code METHOD path} (and {@code body} for a POST), in order. */
  public List<String> requests() {
    return new ArrayList<>(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      byte[] request = exchange.getRequestBody().readAllBytes();
      requests.add(method + " " + path + (method.equals("POST") ? " " + new String(request, StandardCharsets.UTF_8) : ""));
      if (closing.get()) {
        // The JDK server drops the connection when a handler fails before answering.
        throw new IOException("fake Rekor: closing the connection without an answer");
      }
      Duration wait = delay.get();
      if (!wait.isZero()) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (failStatus.get() != 0) {
        send(exchange, failStatus.get(), "{}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (method.equals("POST") && path.equals(SEARCH)) {
        byte[] fixed = searchAnswer.get();
        if (fixed != null) {
          send(exchange, 200, fixed);
          return;
        }
        String hash = Json.parse(request).path("hash").asText();
        ArrayNode list = Json.array();
        index.getOrDefault(hash, List.of()).forEach(list::add);
        send(exchange, 200, Json.compact(list));
        return;
      }
      if (method.equals("GET") && path.startsWith(ENTRIES)) {
        Optional<byte[]> entry = Optional.ofNullable(entries.get(path.substring(ENTRIES.length())));
        if (entry.isPresent()) {
          send(exchange, 200, entry.get());
        } else {
          send(exchange, 404, "{\"code\":404,\"message\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
        }
        return;
      }
      send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
