package dev.hekate.lambda.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hekate.lambda.RawHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The event the local server builds is the one API Gateway would send, raw path untouched. */
class LocalServerTest {

  private final List<APIGatewayV2HTTPEvent> seen = new CopyOnWriteArrayList<>();

  private LocalServer start() throws IOException {
    return LocalServer.start((event, context) -> {
      seen.add(event);
      return APIGatewayV2HTTPResponse.builder().withStatusCode(201)
          .withHeaders(Map.of("Content-Type", "application/json", "X-Test", "yes")).withBody("{\"ok\":true}").build();
    }, InetAddress.getLoopbackAddress(), 0, 4);
  }

  @Test
  void theEventCarriesTheRawPathQueryMethodAndHeaders() throws IOException {
    try (LocalServer server = start()) {
      RawHttp.Reply reply = RawHttp.send(server.port(), "GET", "/v1/npm/%40scope%2Fname@1.0.0?a=%20b&c");
      assertEquals(201, reply.status());
      assertEquals("{\"ok\":true}", reply.body());
      assertEquals("yes", reply.header("X-Test").orElseThrow());
      APIGatewayV2HTTPEvent event = seen.get(0);
      assertEquals("/v1/npm/%40scope%2Fname@1.0.0", event.getRawPath());
      assertEquals("a=%20b&c", event.getRawQueryString());
      assertEquals("GET", event.getRequestContext().getHttp().getMethod());
      assertEquals("hekate-test", event.getHeaders().get("user-agent"));
      assertEquals("2.0", event.getVersion());
      assertEquals(16, event.getRequestContext().getRequestId().length());
      assertEquals("127.0.0.1", event.getRequestContext().getHttp().getSourceIp());
    }
  }

  @Test
  void aPathStartingWithTwoSlashesIsNotReadAsAHost() throws IOException {
    try (LocalServer server = start()) {
      RawHttp.send(server.port(), "GET", "//v1/npm/x");
      assertEquals("//v1/npm/x", seen.get(0).getRawPath());
      RawHttp.send(server.port(), "GET", "http://elsewhere.example/v1/health?x=1");
      assertEquals("/v1/health", seen.get(1).getRawPath());
      assertEquals("x=1", seen.get(1).getRawQueryString());
    }
  }

  @Test
  void headAnswersWithoutABody() throws IOException {
    try (LocalServer server = start()) {
      RawHttp.Reply reply = RawHttp.send(server.port(), "HEAD", "/v1/health");
      assertEquals(201, reply.status());
      assertEquals("", reply.body());
      assertEquals("HEAD", seen.get(0).getRequestContext().getHttp().getMethod());
    }
  }

  @Test
  void theUrlNamesTheBoundAddress() throws IOException {
    try (LocalServer server = start()) {
      assertTrue(server.url().toString().matches("http://127\\.0\\.0\\.1:[0-9]+"), server.url().toString());
    }
  }
}
