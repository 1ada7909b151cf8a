package dev.hekate.testdata.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback front for a registry ({@link FakeRegistry}, {@link SweepFixtureServer}, any HTTP
 * server) that answers like an HTTP/1.0 server or a simple proxy: one request per connection, a
 * {@code HTTP/1.0} status line with a {@code Content-Length} and no {@code Connection} header, then
 * the connection is closed. A client that keeps such a connection for its next request finds it
 * dead; this is the server to prove that it copes.
 *
 * <p>Each request is forwarded to the upstream, over keep-alive connections, and its answer read
 * whole. URLs naming the upstream's origin in JSON bodies (a packument's tarball and attestation
 * URLs) are rewritten to the front's, as registry proxies do, so that a client that follows only
 * same-origin URLs stays on the front. Binds 127.0.0.1 only; requests are served in parallel, each
 * on its own virtual thread.
 *
 * <p>It can also break the answers to chosen paths ({@link #setFault}): a body cut short of its
 * {@code Content-Length}, or reset halfway.
 *
 * <pre>{@code
 * try (FakeRegistry registry = FakeRegistry.start();
 *     ClosingFront front = ClosingFront.start(registry.baseUrl())) {
 *   registry.publish(version);
 *   verify(front.baseUrl(), "name@1.0.0");
 * }
 * }</pre>
 *
 * <p>{@code main} runs it standalone: {@code --upstream URL [--lifetime-seconds S]}; it prints
 * {@code url <front base URL>} on stdout and serves until killed or until its lifetime (default
 * 30 minutes) is over. {@code SweepFixtureServer --close-connections} starts one in front of its
 * registry and prints the front's URL instead.
 */
public final class ClosingFront implements AutoCloseable {

  /** How an answer is broken on its way to the client. */
  public enum Fault {
    /** The whole {@code Content-Length} is declared, half the body sent, then an orderly close. */
    TRUNCATED_BODY,
    /** The whole {@code Content-Length} is declared, half the body sent, then a TCP reset. */
    RESET_MID_BODY
  }

  private static final int MAX_REQUEST_HEAD = 64 * 1024;
  private static final int END_OF_HEAD = ('\r' << 24) | ('\n' << 16) | ('\r' << 8) | '\n';
  /** Hop-by-hop headers, and those the front sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "te", "upgrade", "trailer", "content-length", "host", "expect");

  private final URI upstream;
  private final String upstreamOrigin;
  private final ServerSocket listener;
  private final String origin;
  private final HttpClient client;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();

  private ClosingFront(URI upstream) throws IOException {
    this.upstream = upstream;
    this.upstreamOrigin = upstream.getScheme() + "://" + upstream.getRawAuthority();
    // A deep backlog: load tests open hundreds of connections at once, and each lives for one request.
    this.listener = new ServerSocket(0, 1024, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    this.origin = "http://127.0.0.1:" + listener.getLocalPort();
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    Thread acceptor = new Thread(this::accept, "closing-front-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * A front for {@code upstream}, an http URL whose path (if any) the front's {@link #baseUrl()}
   * keeps.
   *
   * @throws IllegalArgumentException if {@code upstream} is not an absolute http URL
   * @throws UncheckedIOException if no port can be bound
   */
  public static ClosingFront start(URI upstream) {
    Objects.requireNonNull(upstream, "upstream");
    if (!"http".equals(upstream.getScheme()) || upstream.getRawAuthority() == null) {
      throw new IllegalArgumentException("not an absolute http URL: " + upstream);
    }
    try {
      return new ClosingFront(upstream);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1", e);
    }
  }

  /** The upstream's URL with the front's origin, e.g. {@code http://127.0.0.1:40111/}. */
  public URI baseUrl() {
    String path = upstream.getRawPath() == null || upstream.getRawPath().isEmpty() ? "/" : upstream.getRawPath();
    return URI.create(origin + path);
  }

  /** Connections accepted so far: with one request each, the requests answered or broken. */
  public int connections() {
    return connections.get();
  }

  /** Answers to requests whose path contains {@code pathPart} are broken as {@code fault} says. */
  public void setFault(String pathPart, Fault fault) {
    faults.put(Objects.requireNonNull(pathPart, "pathPart"), Objects.requireNonNull(fault, "fault"));
  }

  /** Removes every {@link #setFault} rule. */
  public void clearFaults() {
    faults.clear();
  }

  /** Stops accepting and drops the connections being served. */
  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // Closing a listener that is going away anyway.
    }
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "ClosingFront[" + origin + " -> " + upstreamOrigin + "]";
  }

  // --- serving ---------------------------------------------------------------------------------

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        connections.incrementAndGet();
        threads.submit(() -> serve(socket));
      } catch (IOException e) {
        // The listener was closed.
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      Optional<String> head = readHead(socket.getInputStream());
      if (head.isEmpty()) {
        return;
      }
      List<String> lines = head.get().lines().toList();
      String[] requestLine = lines.get(0).split(" ");
      if (requestLine.length != 3 || !requestLine[1].startsWith("/")) {
        write(socket, 400, List.of(), new byte[0], Optional.empty(), false);
        return;
      }
      String method = requestLine[0];
      String target = requestLine[1];
      Answer answer = forward(method, target, lines.subList(1, lines.size()));
      Optional<Fault> fault = faults.entrySet().stream().filter(e -> target.contains(e.getKey()))
          .map(Map.Entry::getValue).findFirst();
      write(socket, answer.status(), answer.headers(), answer.body(), fault, method.equals("HEAD"));
    } catch (IOException e) {
      // The client went away, or the fault was a reset: nothing more to do for this connection.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The request head, bounded; empty when the client closed first or sent too much. */
  private static Optional<String> readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (int last4 = 0; last4 != END_OF_HEAD; ) {
      int b = in.read();
      if (b == -1 || head.size() >= MAX_REQUEST_HEAD) {
        return Optional.empty();
      }
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    return Optional.of(head.toString(StandardCharsets.ISO_8859_1));
  }

  private record Answer(int status, List<String[]> headers, byte[] body) {}

  private Answer forward(String method, String target, List<String> headerLines) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstreamOrigin + target))
        .timeout(Duration.ofSeconds(60))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (String line : headerLines) {
      int colon = line.indexOf(':');
      if (colon > 0 && !NOT_FORWARDED.contains(line.substring(0, colon).strip().toLowerCase(Locale.ROOT))) {
        request.header(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return new Answer(502, List.of(), "{\"error\":\"upstream unreachable\"}".getBytes(StandardCharsets.UTF_8));
    }
    List<String[]> headers = new ArrayList<>();
    response.headers().map().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        values.forEach(value -> headers.add(new String[] {name, value}));
      }
    });
    byte[] body = response.body();
    boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
    if (json) {
      body = new String(body, StandardCharsets.UTF_8).replace(upstreamOrigin, origin).getBytes(StandardCharsets.UTF_8);
    }
    return new Answer(response.statusCode(), headers, body);
  }

  private static void write(Socket socket, int status, List<String[]> headers, byte[] body, Optional<Fault> fault,
      boolean head) throws IOException {
    StringBuilder text = new StringBuilder("HTTP/1.0 ").append(status).append(status < 400 ? " OK" : " Error")
        .append("\r\n");
    for (String[] header : headers) {
      text.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    text.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(body, 0, fault.isPresent() ? body.length / 2 : body.length);
    }
    out.flush();
    if (fault.orElse(null) == Fault.RESET_MID_BODY) {
      socket.setSoLinger(true, 0);
    }
  }

  // --- standalone ------------------------------------------------------------------------------

  public static void main(String[] args) throws InterruptedException {
    URI upstream = null;
    long lifetimeSeconds = 1800;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--upstream" -> upstream = URI.create(value);
        case "--lifetime-seconds" -> lifetimeSeconds = Long.parseLong(value);
        default -> usage();
      }
    }
    if (upstream == null) {
      usage();
    }
    ClosingFront front = start(upstream);
    System.out.println("url " + front.baseUrl());
    System.out.flush();
    Thread.sleep(Duration.ofSeconds(lifetimeSeconds));
    front.close();
  }

  private static void usage() {
    System.err.println("usage: ClosingFront --upstream URL [--lifetime-seconds S]");
    System.exit(2);
  }
}
