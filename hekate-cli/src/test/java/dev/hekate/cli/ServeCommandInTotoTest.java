package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.testdata.RealData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/in-toto/verify} through {@code hekate serve} over real HTTP on loopback, with the
 * real in-toto-golang data ({@code shared/realdata/in_toto/in-toto-golang/}, MANIFEST section 6):
 * the body reaches the Lambda handler as API Gateway would pass it, and the answer is the very
 * document {@code hekate verify-layout --json} prints for the same files. Nothing is fetched: the
 * registry is unreachable.
 */
class ServeCommandInTotoTest {
  private static final String TIME = "2026-01-01T00:00:00Z";
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

  private static HttpResponse<String> post(byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(serve.server().url() + "/v1/in-toto/verify"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The body docs/api.md's curl example sends: layout and links in base64, the key as PEM text. */
  private static byte[] request(Path root, String layout, List<String> links) throws Exception {
    ObjectNode body = Json.newObject();
    body.put("layout", Base64.getEncoder().encodeToString(Files.readAllBytes(root.resolve(layout))));
    body.putArray("layoutKeys").add(Files.readString(root.resolve("alice.pub")));
    ArrayNode array = body.putArray("links");
    for (String link : links) {
      array.add(Base64.getEncoder().encodeToString(Files.readAllBytes(root.resolve(link))));
    }
    body.put("verificationTime", TIME);
    return Json.write(body).getBytes(StandardCharsets.UTF_8);
  }

  /** What {@code verify-layout --json} prints for the layout, alice's key and the links in {@code root}. */
  private static JsonNode commandLine(Path root, String layout) throws Exception {
    CliRun run = CliRun.of("verify-layout", "--json", "--layout", root.resolve(layout).toString(), "--layout-key",
        root.resolve("alice.pub").toString(), "--link-dir", root.toString(), "--verification-time", TIME);
    return run.jsonLines().get(0);
  }

  @Test
  void theDsseOnlyDemoVerifiesAsOnTheCommandLine() throws Exception {
    Path root = RealData.require("in_toto/in-toto-golang");
    HttpResponse<String> response = post(request(root, "dsse-only.root.layout", List.of("clone-dsse.776a00e2.link",
        "update-version-dsse.776a00e2.link", "package-dsse.2f89b927.link")));
    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = Json.mapper().readTree(response.body());
    assertTrue(result.path("verified").asBoolean(), response.body());
    assertEquals(commandLine(root, "dsse-only.root.layout"), result);
  }

  @Test
  void theDemoWithAnInspectionIsNotVerifiedAsOnTheCommandLineWithoutRunInspections() throws Exception {
    Path root = RealData.require("in_toto/in-toto-golang");
    HttpResponse<String> response = post(request(root, "demo.layout", List.of("write-code.b7d643de.link",
        "package.d3ffd108.link")));
    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = Json.mapper().readTree(response.body());
    assertFalse(result.path("verified").asBoolean(), response.body());
    assertTrue(response.body().contains("\"intoto.inspection\""), response.body());
    assertEquals(commandLine(root, "demo.layout"), result);
  }

  @Test
  void refusalsReachTheClientThroughServe() throws Exception {
    HttpResponse<String> duplicate = post("{\"links\":[],\"links\":[]}".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, duplicate.statusCode(), duplicate.body());
    assertEquals("duplicate_key", Json.mapper().readTree(duplicate.body()).path("error").asText());
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(serve.server().url() + "/v1/in-toto/verify"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode(), get.body());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
  }
}
