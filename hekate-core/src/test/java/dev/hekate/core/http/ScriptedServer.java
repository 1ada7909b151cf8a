package dev.hekate.core.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server whose every connection is served by a {@link Script}, for the faults an
 * HTTP server library will not make: a response that claims HTTP/1.0 and closes, an idle connection
 * closed behind the client's back, a body cut short or reset, bytes dribbled one at a time,
 * headers over any sane size. Counts connections and requests, so that a test can tell a retry
 * on a new connection from one on the same.
 */
public final class ScriptedServer implements AutoCloseable {
  private static final int END_OF_HEAD = ('\r' << 24) | ('\n' << 16) | ('\r' << 8) | '\n';

  /** What the server does with one accepted connection. */
  @FunctionalInterface
  public interface Script {
    void serve(Connection connection) throws IOException, InterruptedException;
  }

  private final ServerSocket listener;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  private ScriptedServer(Script script) throws IOException {
    listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    threads.submit(() -> accept(script));
  }

  public static ScriptedServer start(Script script) {
    try {
      return new ScriptedServer(script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Request heads read so far, over all connections. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }

  private Void accept(Script script) {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        connections.incrementAndGet();
        threads.submit(() -> {
          try (Connection connection = new Connection(socket)) {
            script.serve(connection);
          }
          return null;
        });
      } catch (IOException e) {
        // The listener was closed: the test is over.
      }
    }
    return null;
  }

  /** One accepted connection, as a script sees it. */
  public final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /**
     * Reads one request head (a GET has no body) and returns its request line, such as
     * {@code GET /thing HTTP/1.1}; empty when the client closed the connection first.
     */
    public Optional<String> readRequest() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int last4 = 0;
      while (last4 != END_OF_HEAD) {
        int b = in.read();
        if (b == -1) {
          return Optional.empty();
        }
        head.write(b);
        last4 = (last4 << 8) | b;
      }
      requests.incrementAndGet();
      String text = head.toString(StandardCharsets.ISO_8859_1);
      return Optional.of(text.substring(0, text.indexOf("\r\n")));
    }

    /** The path of a request line. */
    public String path(String requestLine) {
      return requestLine.split(" ")[1];
    }

    public void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** A status line, {@code Content-Length} and {@code headers} (each ending in CRLF), then the body. */
    public void respond(String statusLine, String headers, byte[] body) throws IOException {
      write(statusLine + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
          + headers + "\r\n");
      write(body);
    }

    /** Sets how long a read waits, 0 for ever. */
    public void readTimeout(int millis) throws IOException {
      socket.setSoTimeout(millis);
    }

    /** Ends the connection with a TCP reset instead of an orderly close. */
    public void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
