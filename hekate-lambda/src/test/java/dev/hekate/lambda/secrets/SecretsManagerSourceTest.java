package dev.hekate.lambda.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** GetSecretValue through the real SDK client against a loopback stand-in for Secrets Manager. */
class SecretsManagerSourceTest {
  private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hekate/github-AbCdEf";

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Amz-Target") + " " + body
          + " signed=" + exchange.getRequestHeaders().getFirst("Authorization").startsWith("AWS4-HMAC-SHA256"));
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SecretsManagerSource source() {
    return new SecretsManagerSource(Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
        Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example-secret-key"))));
  }

  @Test
  void readsTheSecretString() throws SecretUnavailableException {
    answer = "{\"ARN\":\"" + ARN + "\",\"Name\":\"hekate/github\",\"SecretString\":\"ghp_stub\",\"VersionId\":\"v1\"}";
    assertEquals("ghp_stub", source().read(ARN));
    assertEquals(1, requests.size());
    String request = requests.get(0);
    assertTrue(request.startsWith("POST secretsmanager.GetSecretValue "), request);
    assertTrue(request.contains("\"SecretId\":\"" + ARN + "\""), request);
    assertTrue(request.endsWith("signed=true"), request);
  }

  @Test
  void aRefusalIsUnavailableWithoutTheSecret() {
    status = 400;
    answer = "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform GetSecretValue\"}";
    SecretUnavailableException e = assertThrows(SecretUnavailableException.class, () -> source().read(ARN));
    assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
  }

  @Test
  void aBinarySecretIsUnavailable() {
    answer = "{\"ARN\":\"" + ARN + "\",\"Name\":\"hekate/github\",\"SecretBinary\":\"AAEC\"}";
    SecretUnavailableException e = assertThrows(SecretUnavailableException.class, () -> source().read(ARN));
    assertTrue(e.getMessage().contains("binary"));
  }

  @Test
  void aNonSecretsManagerArnIsRefusedWithoutARequest() {
    assertThrows(SecretUnavailableException.class, () -> source().read("arn:aws:s3:::bucket"));
    assertFalse(requests.size() > 0);
  }
}
