package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.lambda.ApiLimits;
import dev.hekate.testdata.RealData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/slsa/verify} through {@code hekate serve} over real HTTP on loopback, with the
 * embedded public-good root: the body reaches the Lambda handler as API Gateway would pass it, and
 * real slsa-github-generator provenance ({@code shared/realdata/slsa_github_generator/}) verifies
 * as {@code hekate verify-artifact} verifies it. Nothing is fetched: the registry is unreachable.
 */
class ServeCommandSlsaTest {
  private static final String SOURCE = "github.com/slsa-framework/example-package";
  private static Serve serve;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    serve = Serve.start("--registry", "http://127.0.0.1:9/", "--no-github");
  }

  @AfterAll
  static void stop() {
    serve.close();
  }

  private static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(serve.server().url() + "/v1/slsa/verify"))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] request(String sourceUri) throws Exception {
    Path dir = RealData.require("slsa_github_generator/gha_generic-v2.1.0");
    ObjectNode body = Json.newObject();
    body.set("provenance", Json.mapper().readTree(
        Files.readAllBytes(dir.resolve("binary-linux-amd64-workflow_dispatch.intoto.jsonl"))));
    body.put("sourceUri", sourceUri);
    body.put("sourceBranch", "main");
    body.putArray("artifacts").addObject().put("name", "binary-linux-amd64").put("sha256", HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("binary-linux-amd64")))));
    return Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void realProvenanceVerifiesThroughServe() throws Exception {
    HttpResponse<String> response = post("application/json", request(SOURCE));
    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = Json.mapper().readTree(response.body());
    assertTrue(result.path("verified").asBoolean(), response.body());
    assertTrue(result.path("checks").size() > 4, response.body());
  }

  @Test
  void anotherSourceIsNotVerifiedThroughServe() throws Exception {
    HttpResponse<String> response = post("application/json", request("github.com/slsa-framework/example-packageA"));
    assertEquals(200, response.statusCode(), response.body());
    assertFalse(Json.mapper().readTree(response.body()).path("verified").asBoolean(), response.body());
  }

  @Test
  void refusalsReachTheClientThroughServe() throws Exception {
    HttpResponse<String> big = post("application/json", new byte[ApiLimits.MAX_REQUEST_BODY_BYTES + 10]);
    assertEquals(413, big.statusCode(), big.body());
    assertEquals("body_too_large", Json.mapper().readTree(big.body()).path("error").asText());
    HttpResponse<String> text = post("text/plain", request(SOURCE));
    assertEquals(415, text.statusCode(), text.body());
    HttpResponse<String> duplicate = post("application/json", "{\"sourceUri\":\"a\",\"sourceUri\":\"b\"}".getBytes());
    assertEquals(400, duplicate.statusCode(), duplicate.body());
    assertEquals("duplicate_key", Json.mapper().readTree(duplicate.body()).path("error").asText());
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(serve.server().url() + "/v1/slsa/verify"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode(), get.body());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
  }
}
