package dev.hekate.core.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Loopback servers and checks for the tests of Hekate's HTTP clients ({@code GitHubClient},
 * {@code RegistryClient}): nothing here reaches the network.
 */
public final class Loopback {
  private Loopback() {}

  /** A WireMock server on a free loopback port, started and reset around each test. */
  public static WireMockExtension server() {
    return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  }

  /** A server that never compresses, so that sizes on the wire are the sizes read. */
  public static WireMockExtension uncompressedServer() {
    return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true)).build();
  }

  /** How many requests {@code server} has received since the last reset. */
  public static int requests(WireMockExtension server) {
    return server.getAllServeEvents().size();
  }

  /** A loopback URL on which nothing listens: connecting to it is refused. */
  public static URI refusingUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }
  }

  /** Asserts that {@code create}, given a listening loopback URL, does not connect to it. */
  public static void assertOpensNoConnection(Consumer<URI> create) throws IOException {
    try (ServerSocket listener = new ServerSocket(0)) {
      create.accept(URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/"));
      listener.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, listener::accept);
    }
  }

  public static void assertBetween(Duration low, Duration high, Duration actual) {
    assertTrue(actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0,
        actual + " not in [" + low + ", " + high + "]");
  }
}
