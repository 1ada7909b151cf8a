package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.slsa.ArtifactVerifier;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.vsa.VsaIssuer;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.testdata.RealData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/slsa/verify} through the handler: real slsa-github-generator provenance
 * ({@code shared/realdata/slsa_github_generator/}, MANIFEST section 5) verified against the
 * embedded public-good root as {@code hekate verify-artifact} verifies it, and every refusal of a
 * body with its status and code. Asserts codes and check ids, not messages.
 */
class SlsaVerifyApiTest {
  static final String SOURCE = "github.com/slsa-framework/example-package";
  static final String BUILDER =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml";
  static final String PATH = "/v1/slsa/verify";

  private static final JsonLog QUIET = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());

  /** A service whose only use here is the trusted root: npm verdicts are never asked for. */
  static VerdictService service(Optional<ArtifactVerifier> verifier) {
    return service(() -> verifier.orElseThrow(() -> new TrustUnavailableException("none in this test")),
        Optional.empty());
  }

  /** Where {@link #service(Verifiers, Optional)} gets its verifier: a test may fail or break it. */
  @FunctionalInterface
  interface Verifiers {
    ArtifactVerifier get() throws TrustUnavailableException;
  }

  /** As above, its verifier from {@code verifiers}, signing with {@code issuer} when given. */
  static VerdictService service(Verifiers verifiers, Optional<VsaIssuer> issuer) {
    return new VerdictService() {
      @Override
      public Reached verify(PackageSpec spec) {
        throw new AssertionError("no npm verdict is asked for");
      }

      @Override
      public ArtifactVerifier artifactVerifier() throws TrustUnavailableException {
        return verifiers.get();
      }

      @Override
      public Optional<VsaIssuer> summaries() {
        return issuer;
      }

      @Override
      public Health health() {
        return new Health("https://registry.npmjs.org/", false, false, Optional.empty());
      }
    };
  }

  private static final ApiHandler HANDLER =
      new ApiHandler(service(Optional.of(new ArtifactVerifier(EmbeddedTrust.publicGoodTrustedRoot()))), QUIET);

  static Path generic(String file) {
    return RealData.require("slsa_github_generator/gha_generic-v2.1.0/" + file);
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** The request for the branch build of {@code binary-linux-amd64}, the bundle given as an object. */
  static ObjectNode branchBuild() throws Exception {
    ObjectNode body = Json.newObject();
    body.set("provenance", Json.mapper().readTree(
        Files.readAllBytes(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl"))));
    body.put("sourceUri", SOURCE);
    body.put("sourceBranch", "main");
    body.put("builderId", BUILDER);
    body.putArray("artifacts").addObject().put("name", "binary-linux-amd64")
        .put("sha256", sha256(generic("binary-linux-amd64")));
    return body;
  }

  static APIGatewayV2HTTPEvent post(String contentType, String body, boolean base64) {
    return Events.post(PATH, contentType, body, base64);
  }

  private static APIGatewayV2HTTPResponse send(ObjectNode body) {
    return HANDLER.handleRequest(post("application/json", Json.write(body), false), null);
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
    assertEquals("application/json", response.getHeaders().get("Content-Type"));
    return Json.mapper().readTree(response.getBody());
  }

  /** The id and outcome of the first check that neither passed nor was skipped, or "". */
  static String firstProblem(JsonNode result) {
    for (JsonNode check : result.path("checks")) {
      String outcome = check.path("outcome").asText();
      if (!outcome.equals("PASSED") && !outcome.equals("WARNING") && !outcome.equals("NOT_RUN")) {
        return check.path("id").asText() + " " + outcome;
      }
    }
    return "";
  }

  private static void assertRefused(APIGatewayV2HTTPResponse response, int status, String code) throws IOException {
    assertEquals(status, response.getStatusCode(), response.getBody());
    JsonNode body = json(response);
    assertEquals(code, body.path("error").asText(), response.getBody());
    assertFalse(body.has("verified"), response.getBody());
    assertFalse(response.getBody().contains("\tat "), "no stack trace");
  }

  @Test
  void realBranchBuildVerifies() throws Exception {
    APIGatewayV2HTTPResponse response = send(branchBuild());
    assertEquals(200, response.getStatusCode(), response.getBody());
    JsonNode result = json(response);
    assertTrue(result.path("verified").asBoolean(), response.getBody());
    assertEquals("", firstProblem(result));
    assertTrue(result.path("builderId").asText().startsWith(BUILDER), response.getBody());
    assertTrue(result.path("sourceUri").asText().contains("slsa-framework/example-package"), response.getBody());
    assertEquals("no-store", response.getHeaders().get("Cache-Control"));
  }

  @Test
  void provenanceAsBase64AndEventBodyAsBase64Verify() throws Exception {
    ObjectNode body = branchBuild();
    body.put("provenance", Base64.getEncoder().encodeToString(
        Files.readAllBytes(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl"))));
    String encoded = Base64.getEncoder().encodeToString(Json.write(body).getBytes(StandardCharsets.UTF_8));
    APIGatewayV2HTTPResponse response = HANDLER.handleRequest(post("application/json; charset=utf-8", encoded, true),
        null);
    assertEquals(200, response.getStatusCode(), response.getBody());
    assertTrue(json(response).path("verified").asBoolean(), response.getBody());
  }

  @Test
  void wrongSourceIsNotVerified() throws Exception {
    ObjectNode body = branchBuild();
    body.put("sourceUri", "github.com/slsa-framework/example-packageA");
    APIGatewayV2HTTPResponse response = send(body);
    assertEquals(200, response.getStatusCode(), response.getBody());
    JsonNode result = json(response);
    assertFalse(result.path("verified").asBoolean());
    assertEquals("slsa.source FAILED", firstProblem(result));
    assertFalse(result.has("builderId"), "nothing verified is named");
  }

  @Test
  void anArtifactThatIsNotASubjectIsNotVerified() throws Exception {
    ObjectNode body = branchBuild();
    ((ArrayNode) body.get("artifacts")).addObject().put("name", "other").put("sha256", "ab".repeat(32));
    JsonNode result = json(send(body));
    assertFalse(result.path("verified").asBoolean());
    assertEquals("slsa.subject FAILED", firstProblem(result));
  }

  @Test
  void rawDsseIsNotVerifiedOffline() throws Exception {
    Path dir = RealData.require("slsa_github_generator/gha_generic-v2.0.0");
    ObjectNode body = branchBuild();
    body.put("provenance", Base64.getEncoder().encodeToString(
        Files.readAllBytes(dir.resolve("binary-linux-amd64-workflow_dispatch.intoto.jsonl"))));
    body.remove("builderId");
    body.remove("sourceBranch");
    body.putArray("artifacts").addObject().put("sha256", sha256(dir.resolve("binary-linux-amd64")));
    APIGatewayV2HTTPResponse response = send(body);
    assertEquals(200, response.getStatusCode(), response.getBody());
    JsonNode result = json(response);
    assertFalse(result.path("verified").asBoolean());
    assertEquals("slsa.provenance MISSING", firstProblem(result));
  }

  @Test
  void aTamperedBundleIsNotVerified() throws Exception {
    ObjectNode body = branchBuild();
    ObjectNode envelope = (ObjectNode) body.path("provenance").path("dsseEnvelope");
    byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
    String statement = new String(payload, StandardCharsets.UTF_8).replace("example-package", "example-packagE");
    envelope.put("payload", Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8)));
    JsonNode result = json(send(body));
    assertFalse(result.path("verified").asBoolean());
    assertFalse(firstProblem(result).isEmpty());
  }

  @Test
  void bodiesThatAreNotTakenAreRefusedWithTheirCode() throws Exception {
    String sha = "ab".repeat(32);
    String valid = "{\"provenance\":{\"mediaType\":\"x\"},\"sourceUri\":\"" + SOURCE + "\",\"artifacts\":[{\"sha256\":\""
        + sha + "\"}]}";
    Map<String, String> cases = Map.ofEntries(
        Map.entry("{", "invalid_json"),
        Map.entry("", "invalid_json"),
        Map.entry("[1]", "invalid_json"),
        Map.entry(valid + " {}", "invalid_json"),
        Map.entry(valid.replace("{\"provenance\"", "{\"sourceUri\":\"a\",\"provenance\""), "duplicate_key"),
        Map.entry(valid.replace("{\"provenance\"", "{\"extra\":1,\"provenance\""), "unknown_field"),
        Map.entry(valid.replace("{\"sha256\"", "{\"size\":1,\"sha256\""), "unknown_field"),
        Map.entry(valid.replace(sha, "ab".repeat(31)), "invalid_digest"),
        Map.entry(valid.replace(sha, "zz".repeat(32)), "invalid_digest"),
        Map.entry(valid.replace("\"sourceUri\":\"" + SOURCE + "\",", ""), "invalid_request"),
        Map.entry(valid.replace("\"" + SOURCE + "\"", "42"), "invalid_request"),
        Map.entry(valid.replace("{\"mediaType\":\"x\"}", "true"), "invalid_request"),
        Map.entry(valid.replace("{\"mediaType\":\"x\"}", "\"not base64!\""), "invalid_provenance"),
        Map.entry(valid.replace("[{\"sha256\":\"" + sha + "\"}]", "[]"), "invalid_request"),
        Map.entry(valid.replace("\"sourceUri\"", "\"sourceTag\":\"v1\",\"sourceVersionedTag\":\"v1\",\"sourceUri\""),
            "invalid_request"),
        Map.entry(valid.replace("[{\"sha256\":\"" + sha + "\"}]",
            "[" + ("{\"sha256\":\"" + sha + "\"},").repeat(ApiLimits.MAX_ARTIFACTS) + "{\"sha256\":\"" + sha + "\"}]"),
            "too_many_artifacts"));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      APIGatewayV2HTTPResponse response = HANDLER.handleRequest(post("application/json", c.getKey(), false), null);
      assertEquals(400, response.getStatusCode(), c.getValue() + ": " + response.getBody());
      assertEquals(c.getValue(), json(response).path("error").asText(), c.getKey().length() > 200 ? c.getValue()
          : c.getKey());
    }
    // The largest number of artifacts is taken.
    String most = valid.replace("[{\"sha256\":\"" + sha + "\"}]",
        "[" + ("{\"sha256\":\"" + sha + "\"},").repeat(ApiLimits.MAX_ARTIFACTS - 1) + "{\"sha256\":\"" + sha + "\"}]");
    assertEquals(200, HANDLER.handleRequest(post("application/json", most, false), null).getStatusCode());
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String big = "{\"provenance\":\"" + "A".repeat(ApiLimits.MAX_REQUEST_BODY_BYTES) + "\"}";
    assertRefused(HANDLER.handleRequest(post("application/json", big, false), null), 413, "body_too_large");
    String encoded = Base64.getEncoder().encodeToString(big.getBytes(StandardCharsets.UTF_8));
    assertRefused(HANDLER.handleRequest(post("application/json", encoded, true), null), 413, "body_too_large");
  }

  @Test
  void anotherContentTypeIs415() throws Exception {
    String body = Json.write(branchBuild());
    for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
        "application/json; charset=latin1"}) {
      assertRefused(HANDLER.handleRequest(post(type, body, false), null), 415, "unsupported_media_type");
    }
  }

  @Test
  void anEventBodyMarkedBase64ThatIsNotIsInvalidJson() throws Exception {
    assertRefused(HANDLER.handleRequest(post("application/json", "{not base64}", true), null), 400, "invalid_json");
  }

  @Test
  void getAndOtherMethodsAre405WithAllowPost() throws Exception {
    for (String method : new String[] {"GET", "PUT", "DELETE", "HEAD"}) {
      APIGatewayV2HTTPResponse response = HANDLER.handleRequest(Events.of(method, PATH), null);
      assertRefused(response, 405, "method_not_allowed");
      assertEquals("POST", response.getHeaders().get("Allow"));
    }
    assertEquals("GET", HANDLER.handleRequest(Events.of("POST", "/v1/health"), null).getHeaders().get("Allow"));
  }

  @Test
  void withoutTrustMaterialNothingIsVerified() throws Exception {
    ApiHandler handler = new ApiHandler(service(Optional.empty()), QUIET);
    APIGatewayV2HTTPResponse response = handler.handleRequest(post("application/json", Json.write(branchBuild()), false),
        null);
    assertRefused(response, 503, "trust_unavailable");
    assertEquals("30", response.getHeaders().get("Retry-After"));
  }

  @Test
  void aBugInsideTheVerifierIsAnInternalErrorNeverAResult() throws Exception {
    ApiHandler handler = new ApiHandler(service(() -> {
      throw new IllegalStateException("a bug");
    }, Optional.empty()), QUIET);
    PrintStream err = System.err;
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    try {
      APIGatewayV2HTTPResponse response = handler.handleRequest(
          post("application/json", Json.write(branchBuild()), false), null);
      assertRefused(response, 500, "internal_error");
      assertFalse(response.getBody().contains("a bug"));
    } finally {
      System.setErr(err);
    }
  }
}
