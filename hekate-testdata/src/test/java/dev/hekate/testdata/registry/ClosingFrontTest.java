package dev.hekate.testdata.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The closing front, read byte by byte from a socket: what an HTTP/1.0 server sends and that it
 * closes, the upstream's URLs rewritten to the front's, and the faults it can inject.
 */
class ClosingFrontTest {
  private static final byte[] TARBALL = "not really a tarball, but bytes".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ATTESTATIONS = "{\"attestations\":[]}".getBytes(StandardCharsets.UTF_8);

  private FakeRegistry registry;
  private ClosingFront front;

  @BeforeEach
  void start() {
    registry = FakeRegistry.start("/npm/");
    front = ClosingFront.start(registry.baseUrl());
    registry.publish(PackageVersion.builder("left-pad", "1.0.0").tarball(TARBALL).attestations(ATTESTATIONS).build());
  }

  @AfterEach
  void stop() {
    front.close();
    registry.close();
  }

  /** The whole reply to one GET, read until the server closes the connection. */
  private byte[] exchange(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", front.baseUrl().getPort())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      in.transferTo(reply);  // returns only at the end of the stream: the front closed the connection
      return reply.toByteArray();
    }
  }

  private static String head(byte[] reply) {
    String text = new String(reply, StandardCharsets.ISO_8859_1);
    return text.substring(0, text.indexOf("\r\n\r\n"));
  }

  private static byte[] body(byte[] reply) {
    String text = new String(reply, StandardCharsets.ISO_8859_1);
    return Arrays.copyOfRange(reply, text.indexOf("\r\n\r\n") + 4, reply.length);
  }

  private static long contentLength(String head) {
    return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElseThrow();
  }

  @Test
  void answersLikeAnHttp10ServerAndClosesEvenWhenAskedToKeepAlive() throws Exception {
    byte[] reply = exchange("/npm/left-pad/-/left-pad-1.0.0.tgz");
    String head = head(reply);

    assertTrue(head.startsWith("HTTP/1.0 200 "), head);
    assertFalse(head.toLowerCase(Locale.ROOT).contains("connection:"), head);
    assertEquals(TARBALL.length, contentLength(head));
    assertArrayEquals(TARBALL, body(reply));
    assertEquals(1, front.connections());
  }

  @Test
  void keepsTheUpstreamsPathAndPutsItsOwnOriginInTheUrlsItServes() throws Exception {
    URI base = front.baseUrl();
    assertEquals("/npm/", base.getPath());
    assertNotEquals(registry.baseUrl().getPort(), base.getPort());

    String packument = new String(body(exchange("/npm/left-pad")), StandardCharsets.UTF_8);
    assertTrue(packument.contains("\"" + base + "left-pad/-/left-pad-1.0.0.tgz\""), packument);
    assertTrue(packument.contains("\"" + base + "-/npm/v1/attestations/left-pad@1.0.0\""), packument);
    assertFalse(packument.contains(":" + registry.port() + "/"), packument);
  }

  @Test
  void upstreamStatusesPassThrough() throws Exception {
    assertTrue(head(exchange("/npm/right-pad")).startsWith("HTTP/1.0 404 "));
    registry.failNext(1, 503);
    assertTrue(head(exchange("/npm/left-pad")).startsWith("HTTP/1.0 503 "));
  }

  @Test
  void aTruncatedBodyDeclaresMoreThanItSends() throws Exception {
    front.setFault("/-/npm/v1/attestations/", ClosingFront.Fault.TRUNCATED_BODY);
    byte[] reply = exchange("/npm/-/npm/v1/attestations/left-pad@1.0.0");

    assertEquals(ATTESTATIONS.length, contentLength(head(reply)));
    assertArrayEquals(Arrays.copyOf(ATTESTATIONS, ATTESTATIONS.length / 2), body(reply));
    assertArrayEquals(TARBALL, body(exchange("/npm/left-pad/-/left-pad-1.0.0.tgz")), "other paths are untouched");
  }

  @Test
  void aResetBodyEndsInAResetNotAnOrderlyClose() {
    front.setFault("left-pad-1.0.0.tgz", ClosingFront.Fault.RESET_MID_BODY);
    assertThrows(SocketException.class, () -> exchange("/npm/left-pad/-/left-pad-1.0.0.tgz"));

    front.clearFaults();
    byte[] whole = assertDoesNotThrow(() -> exchange("/npm/left-pad/-/left-pad-1.0.0.tgz"));
    assertArrayEquals(TARBALL, body(whole));
  }
}
