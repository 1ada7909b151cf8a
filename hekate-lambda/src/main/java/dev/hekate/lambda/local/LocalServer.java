package dev.hekate.lambda.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hekate.core.json.Limits;
import dev.hekate.lambda.ApiLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's HTTP server in front of a Lambda handler: each request becomes the
 * {@link APIGatewayV2HTTPEvent} API Gateway would send (payload 2.0: raw path, raw query, headers
 * lower-cased and joined, method, request id), and the handler's response is written back as is.
 * So a local run takes exactly the Lambda code path.
 *
 * <p>Requests are handled on a fixed pool of {@value #DEFAULT_THREADS} threads; more wait in
 * line. A request body is passed on as API Gateway passes it, base64 ({@code isBase64Encoded}), up
 * to one byte over {@link ApiLimits#MAX_REQUEST_BODY_BYTES} (so the handler refuses it as too large);
 * past that up to {@value Limits#MAX_LOCAL_REQUEST_BODY_BYTES} more bytes are read and dropped. A request-target that is not a valid URI (a raw backslash or control character)
 * is refused by the JDK server itself with a plain 400 before any handler runs.
 */
public final class LocalServer implements AutoCloseable {
  public static final int DEFAULT_THREADS = 32;

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService executor;
  private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
  private final SecureRandom random = new SecureRandom();

  private LocalServer(HttpServer server, ExecutorService executor,
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    this.server = server;
    this.executor = executor;
    this.handler = handler;
  }

  /**
   * Binds and starts serving.
   *
   * @param port 0 for any free port
   * @throws IOException if the address cannot be bound
   */
  public static LocalServer start(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
      InetAddress bind, int port, int threads) throws IOException {
    Objects.requireNonNull(handler, "handler");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 256);
    AtomicInteger count = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hekate-serve-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    LocalServer local = new LocalServer(server, executor, handler);
    server.createContext("/", local::exchange);
    server.setExecutor(executor);
    server.start();
    return local;
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:8080}. */
  public URI url() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting, lets requests in progress finish for up to a second, and stops the threads. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = body(exchange.getRequestBody());
      APIGatewayV2HTTPResponse response = handler.handleRequest(event(exchange, body), null);
      write(exchange, response);
    }
  }

  /** The event API Gateway would build for this request. */
  APIGatewayV2HTTPEvent event(HttpExchange exchange) {
    return event(exchange, new byte[0]);
  }

  /** The event API Gateway would build for this request and body (base64, so every byte arrives as sent). */
  APIGatewayV2HTTPEvent event(HttpExchange exchange, byte[] body) {
    // The request-target as received: URI.getRawPath() would read "//x" as an authority.
    URI uri = exchange.getRequestURI();
    String target = uri.isAbsolute() ? rawTarget(uri) : uri.toString();
    int question = target.indexOf('?');
    String rawPath = question < 0 ? target : target.substring(0, question);
    String rawQuery = question < 0 ? "" : target.substring(question + 1);

    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
    }
    Instant now = Instant.now();
    String method = exchange.getRequestMethod();
    APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
        .withMethod(method)
        .withPath(rawPath)
        .withProtocol(exchange.getProtocol())
        .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
        .withUserAgent(headers.getOrDefault("user-agent", ""))
        .build();
    APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
        .withRequestId(requestId())
        .withRouteKey("$default")
        .withStage("$default")
        .withDomainName(headers.getOrDefault("host", "localhost"))
        .withTime(REQUEST_TIME.format(now))
        .withTimeEpoch(now.toEpochMilli())
        .withHttp(http)
        .build();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(rawPath)
        .withRawQueryString(rawQuery)
        .withHeaders(headers)
        .withRequestContext(context)
        .withBody(body.length == 0 ? null : Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(body.length > 0)
        .build();
  }

  private static String rawTarget(URI uri) {
    String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private String requestId() {
    // API Gateway's ids are 16 base64 characters; these look alike.
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
    if (response.getHeaders() != null) {
      response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    }
    if (response.getMultiValueHeaders() != null) {
      response.getMultiValueHeaders().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
    }
    byte[] body = response.getBody() == null ? new byte[0]
        : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
        : response.getBody().getBytes(StandardCharsets.UTF_8);
    boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(response.getStatusCode(), head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * The body's first {@link ApiLimits#MAX_REQUEST_BODY_BYTES} + 1 bytes (one more than the handler
   * takes, so it can say the body is too large); the rest, up to
   * {@value Limits#MAX_LOCAL_REQUEST_BODY_BYTES} more, is read and dropped so the client can read
   * the answer.
   */
  private static byte[] body(InputStream body) throws IOException {
    byte[] kept = body.readNBytes(ApiLimits.MAX_REQUEST_BODY_BYTES + 1);
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n; total <= Limits.MAX_LOCAL_REQUEST_BODY_BYTES && (n = body.read(buffer)) > 0; ) {
      total += n;
    }
    return kept;
  }
}
