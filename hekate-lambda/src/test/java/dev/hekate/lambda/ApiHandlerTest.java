package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.lambda.http.Responses;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.lambda.secrets.SecretUnavailableException;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.NpmAttack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The handler as Lambda calls it: an API Gateway payload 2.0 event in, a response out, against a
 * loopback registry serving packages minted by hekate-testdata's fake Sigstore (whose trust
 * material the wiring is given).
 */
class ApiHandlerTest {
  static final FakeSigstore SIGSTORE = FakeSigstore.create();

  private FakeRegistry registry;
  private ByteArrayOutputStream logBytes;

  @BeforeEach
  void start() {
    registry = FakeRegistry.start();
    logBytes = new ByteArrayOutputStream();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  static TrustMaterial fakeTrust() {
    try {
      return new TrustMaterial(TrustedRootParser.parse(SIGSTORE.trustedRootJson()), TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonLog log() {
    return new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), Clock.systemUTC());
  }

  private ApiHandler handler(Settings settings, Supplier<TrustMaterial> trust) {
    return new ApiHandler(HekateRuntime.create(settings, trust, () -> arn -> {
      throw new SecretUnavailableException("no secrets in this test");
    }, log(), Clock.systemUTC()), log());
  }

  private ApiHandler handler() {
    return handler(settings(registry.baseUrl()), ApiHandlerTest::fakeTrust);
  }

  static Settings settings(URI registryUrl) {
    return Settings.defaults().withRegistryUrl(registryUrl).withGithubCheck(false).withFetchTarball(true);
  }

  private List<JsonNode> logLines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logBytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.mapper().readTree(line));
      }
    }
    return lines;
  }

  static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
    return Json.mapper().readTree(response.getBody());
  }

  @TestFactory
  Stream<DynamicTest> malformedRequestsGetA4xxJsonErrorAndFetchNothing() {
    List<MalformedRequests> all = new ArrayList<>(MalformedRequests.overHttp());
    all.addAll(MalformedRequests.handlerOnly());
    assertTrue(all.size() >= 30, "at least 30 malformed requests, not " + all.size());
    return all.stream().map(bad -> DynamicTest.dynamicTest(bad.toString(), () -> {
      APIGatewayV2HTTPResponse response = handler().handleRequest(Events.of(bad.method(), bad.target()), null);
      assertEquals(bad.status(), response.getStatusCode(), response.getBody());
      assertEquals("application/json", response.getHeaders().get("Content-Type"));
      JsonNode body = body(response);
      assertEquals(bad.error(), body.path("error").asText(), response.getBody());
      assertFalse(body.path("message").asText().isEmpty());
      assertTrue(body.path("requestId").asText().startsWith("req-"));
      if (bad.status() == 405) {
        assertEquals("GET", response.getHeaders().get("Allow"));
      }
      assertEquals(0, registry.requestCount(), "nothing may be fetched for a refused request");
    }));
  }

  @Test
  void aVerifiedVersionIs200WithTheVerdictAndCachedForLong() throws IOException {
    GeneratedNpm.publishVerified(registry, SIGSTORE, "honest", "1.4.2", BundleGeneration.V03_DSSE);
    APIGatewayV2HTTPResponse response = handler().handleRequest(Events.get("/v1/npm/honest@1.4.2"), null);
    assertEquals(200, response.getStatusCode(), response.getBody());
    JsonNode verdict = body(response);
    assertEquals("VERIFIED", verdict.path("status").asText());
    assertEquals("honest", verdict.path("package").asText());
    assertEquals("1.4.2", verdict.path("version").asText());
    assertEquals(GeneratedNpm.repositoryOf("honest"), verdict.at("/evidence/sourceRepository").asText());
    assertEquals(Responses.CACHE_IMMUTABLE, response.getHeaders().get("Cache-Control"));
    assertEquals("application/json", response.getHeaders().get("Content-Type"));
  }

  @Test
  void theLatestVersionIsCachedBriefly() throws IOException {
    GeneratedNpm.publishVerified(registry, SIGSTORE, "moving", "1.0.0", BundleGeneration.V03_DSSE);
    GeneratedNpm.publishVerified(registry, SIGSTORE, "moving", "1.1.0", BundleGeneration.V03_DSSE);
    APIGatewayV2HTTPResponse response = handler().handleRequest(Events.get("/v1/npm/moving"), null);
    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("1.1.0", body(response).path("version").asText());
    assertEquals("VERIFIED", body(response).path("status").asText());
    assertEquals(Responses.CACHE_SHORT, response.getHeaders().get("Cache-Control"));
  }

  @Test
  void scopedNamesWorkRawAndPercentEncoded() throws IOException {
    GeneratedNpm.publishVerified(registry, SIGSTORE, "@acme/tool", "2.0.0", BundleGeneration.V02_INTOTO_PROOF);
    for (String target : List.of("/v1/npm/@acme/tool@2.0.0", "/v1/npm/%40acme%2Ftool@2.0.0", "/v1/npm/%40acme%2ftool%402.0.0",
        "/v1/npm/@acme%2Ftool@2.0.0?cachebust=1")) {
      APIGatewayV2HTTPResponse response = handler().handleRequest(Events.get(target), null);
      assertEquals(200, response.getStatusCode(), target + ": " + response.getBody());
      assertEquals("@acme/tool", body(response).path("package").asText(), target);
      assertEquals("VERIFIED", body(response).path("status").asText(), target);
    }
  }

  @Test
  void aFailedVerdictIs200AndNamesTheCheck() throws IOException {
    NpmAttack.AttackedPackage attacked = NpmAttack.TAMPERED_TARBALL.publish(registry, SIGSTORE, "victim");
    APIGatewayV2HTTPResponse response = handler().handleRequest(
        Events.get("/v1/npm/" + attacked.name() + "@" + attacked.version()), null);
    assertEquals(200, response.getStatusCode());
    JsonNode verdict = body(response);
    assertEquals("FAILED", verdict.path("status").asText());
    assertEquals(Responses.CACHE_IMMUTABLE, response.getHeaders().get("Cache-Control"));
    JsonNode line = logLines().get(logLines().size() - 1);
    assertEquals("FAILED", line.path("status").asText());
    assertEquals(NpmAttack.TAMPERED_TARBALL.check(), line.path("failedCheck").asText());
  }

  @Test
  void aMissingVerdictIs200AndCachedBriefly() throws IOException {
    NpmAttack.AttackedPackage attacked = NpmAttack.NO_ATTESTATIONS.publish(registry, SIGSTORE, "unbuilt");
    APIGatewayV2HTTPResponse response = handler().handleRequest(
        Events.get("/v1/npm/" + attacked.name() + "@" + attacked.version()), null);
    assertEquals(200, response.getStatusCode());
    assertEquals("MISSING", body(response).path("status").asText());
    assertEquals(Responses.CACHE_SHORT, response.getHeaders().get("Cache-Control"));
  }

  @Test
  void hekateTrustExcludeFromTheEnvironmentExceptsTheDowngrade() throws IOException {
    NpmAttack.AttackedPackage attacked = NpmAttack.NEW_MAJOR_WITHOUT_PROVENANCE.publish(registry, SIGSTORE, "majors");
    String path = "/v1/npm/" + attacked.name() + "@" + attacked.version();
    Settings excepting = Settings.fromEnvironment(java.util.Map.of(
        Settings.REGISTRY_URL, registry.baseUrl().toString(), Settings.GITHUB_CHECK, "false",
        Settings.TRUST_EXCLUDE, "other, " + attacked.name() + "@" + attacked.version()));
    Settings otherOnly = Settings.fromEnvironment(java.util.Map.of(
        Settings.REGISTRY_URL, registry.baseUrl().toString(), Settings.GITHUB_CHECK, "false",
        Settings.TRUST_EXCLUDE, attacked.name() + "x," + attacked.name() + "@1.0.0"));

    JsonNode excepted = body(handler(excepting, ApiHandlerTest::fakeTrust).handleRequest(Events.get(path), null));
    JsonNode regressed = body(handler(otherOnly, ApiHandlerTest::fakeTrust).handleRequest(Events.get(path), null));

    assertEquals("MISSING", excepted.path("status").asText());
    assertFalse(excepted.path("regression").asBoolean());
    assertEquals(List.of("trust_downgrade_excepted"), findingTypes(excepted));
    assertTrue(regressed.path("regression").asBoolean());
    assertEquals(List.of("trust_downgrade", "provenance_regression"), findingTypes(regressed));
  }

  private static List<String> findingTypes(JsonNode verdict) {
    List<String> types = new ArrayList<>();
    verdict.path("findings").forEach(f -> types.add(f.path("type").asText()));
    return types;
  }

  @Test
  void anUnknownPackageOrVersionIs404() throws IOException {
    GeneratedNpm.publishVerified(registry, SIGSTORE, "known", "1.0.0", BundleGeneration.V03_DSSE);
    APIGatewayV2HTTPResponse noPackage = handler().handleRequest(Events.get("/v1/npm/unknown@1.0.0"), null);
    assertEquals(404, noPackage.getStatusCode());
    assertEquals("package_not_found", body(noPackage).path("error").asText());
    assertEquals("unknown", body(noPackage).path("package").asText());
    APIGatewayV2HTTPResponse noVersion = handler().handleRequest(Events.get("/v1/npm/known@9.9.9"), null);
    assertEquals(404, noVersion.getStatusCode());
    assertEquals("9.9.9", body(noVersion).path("version").asText());
    assertEquals("application/json", noVersion.getHeaders().get("Content-Type"));
  }

  @Test
  void legacyNamesAreLookedUp() {
    // JSONStream breaks the rules for new names but is a real package: asked for, not refused.
    APIGatewayV2HTTPResponse response = handler().handleRequest(Events.get("/v1/npm/JSONStream@1.3.5"), null);
    assertEquals(404, response.getStatusCode());
    assertEquals(1, registry.requestCount());
    assertEquals("/JSONStream", registry.requests().get(0).path());
  }

  @Test
  void aRegistryThatIsDownGives502WithAnErrorVerdictAndRetryAfter() throws IOException {
    GeneratedNpm.publishVerified(registry, SIGSTORE, "honest", "1.0.0", BundleGeneration.V03_DSSE);
    registry.setDown(true);
    APIGatewayV2HTTPResponse response = handler().handleRequest(Events.get("/v1/npm/honest@1.0.0"), null);
    assertEquals(502, response.getStatusCode());
    JsonNode verdict = body(response);
    assertEquals("ERROR", verdict.path("status").asText());
    assertTrue(verdict.path("error").asText().contains("503"), verdict.toString());
    assertEquals(String.valueOf(Responses.RETRY_AFTER_SECONDS), response.getHeaders().get("Retry-After"));
    assertEquals(Responses.CACHE_ERROR, response.getHeaders().get("Cache-Control"));
  }

  @Test
  void anUnreachableRegistryGives502() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ApiHandler handler = handler(settings(URI.create("http://127.0.0.1:" + closedPort + "/")), ApiHandlerTest::fakeTrust);
    APIGatewayV2HTTPResponse response = handler.handleRequest(Events.get("/v1/npm/anything@1.0.0"), null);
    assertEquals(502, response.getStatusCode());
    assertEquals("ERROR", body(response).path("status").asText());
    assertTrue(response.getHeaders().containsKey("Retry-After"));
  }

  @Test
  void trustMaterialThatCannotBeLoadedGives503AndNothingIsFetched() throws IOException {
    ApiHandler handler = handler(settings(registry.baseUrl()), () -> {
      throw new IllegalStateException("trusted_root.json is missing from the jar");
    });
    APIGatewayV2HTTPResponse response = handler.handleRequest(Events.get("/v1/npm/honest@1.0.0"), null);
    assertEquals(503, response.getStatusCode());
    JsonNode verdict = body(response);
    assertEquals("ERROR", verdict.path("status").asText());
    assertEquals("honest", verdict.path("package").asText());
    assertTrue(verdict.path("error").asText().contains("trusted_root.json"));
    assertTrue(response.getHeaders().containsKey("Retry-After"));
    assertEquals(0, registry.requestCount());
    APIGatewayV2HTTPResponse health = handler.handleRequest(Events.get("/v1/health"), null);
    assertEquals(503, health.getStatusCode());
    assertEquals("unavailable", body(health).path("status").asText());
  }

  @Test
  void buildingTheWiringOpensNoConnection() throws IOException {
    // What SnapStart snapshots must hold no socket: init may build clients, never connect.
    try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(300);
      URI url = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
      ApiHandler handler = handler(settings(url).withGithubCheck(true).withGithubApiUrl(url), ApiHandlerTest::fakeTrust);
      assertEquals(200, handler.handleRequest(Events.get("/v1/health"), null).getStatusCode());
      assertThrows(java.net.SocketTimeoutException.class, listener::accept, "nothing may connect during init");
    }
  }

  @Test
  void healthReportsTheConfigurationWithoutAskingTheRegistry() throws IOException {
    APIGatewayV2HTTPResponse response = handler().handleRequest(Events.get("/v1/health"), null);
    assertEquals(200, response.getStatusCode());
    JsonNode body = body(response);
    assertEquals("ok", body.path("status").asText());
    assertEquals(registry.baseUrl().toString(), body.path("registry").asText());
    assertFalse(body.path("githubCheck").asBoolean());
    assertTrue(body.path("fetchTarball").asBoolean());
    assertEquals(Responses.CACHE_NONE, response.getHeaders().get("Cache-Control"));
    assertEquals(0, registry.requestCount());
  }

  @Test
  void aBugIsA500JsonErrorNotAVerdict() throws IOException {
    VerdictService broken = new VerdictService() {
      @Override
      public Reached verify(dev.hekate.core.registry.PackageSpec spec) {
        throw new IllegalStateException("boom");
      }

      @Override
      public Health health() {
        return new Health("x", false, false, java.util.Optional.empty());
      }
    };
    APIGatewayV2HTTPResponse response = new ApiHandler(broken, log()).handleRequest(Events.get("/v1/npm/a@1.0.0"), null);
    assertEquals(500, response.getStatusCode());
    assertEquals("internal_error", body(response).path("error").asText());
    assertFalse(response.getBody().contains("boom"), "exception text stays in the log");
    JsonNode line = logLines().get(0);
    assertEquals("ERROR", line.path("level").asText());
    assertTrue(line.path("detail").asText().contains("boom"));
  }

  @Test
  void aCheckThatFailedInsideHekateIsA500ErrorVerdictWithTheCauseOnlyInTheLog() throws IOException {
    dev.hekate.core.npm.VerdictCheck bug = new dev.hekate.core.npm.VerdictCheck(dev.hekate.core.npm.VerdictCheck.PACKAGE,
        dev.hekate.core.result.CheckResult.error(dev.hekate.core.result.CheckId.NPM_REGISTRY_SIGNATURE,
            "internal error while checking npm.registry_signature (IllegalStateException)",
            new IllegalStateException("kaboom")));
    VerdictService faulty = new VerdictService() {
      @Override
      public Reached verify(dev.hekate.core.registry.PackageSpec spec) {
        return Reached.here(dev.hekate.core.npm.Verdict.of(spec.name(), spec.version().orElseThrow(), false,
            List.of(bug), List.of(), dev.hekate.core.npm.Evidence.none()));
      }

      @Override
      public Health health() {
        return new Health("x", false, false, java.util.Optional.empty());
      }
    };

    APIGatewayV2HTTPResponse response = new ApiHandler(faulty, log()).handleRequest(Events.get("/v1/npm/a@1.0.0"), null);

    assertEquals(500, response.getStatusCode());
    assertEquals(null, response.getHeaders().get("Retry-After"));
    assertEquals(Responses.CACHE_NONE, response.getHeaders().get("Cache-Control"));
    JsonNode verdict = body(response);
    assertEquals("ERROR", verdict.path("status").asText());
    assertEquals("ERROR", verdict.path("checks").get(0).path("outcome").asText());
    assertFalse(response.getBody().contains("kaboom"), "exception text stays in the log");
    JsonNode line = logLines().get(0);
    assertEquals("ERROR", line.path("level").asText());
    assertTrue(line.path("detail").asText().contains("kaboom"), line.toString());
  }

  @Test
  void anEmptyEventIsA404NotACrash() throws IOException {
    APIGatewayV2HTTPResponse response = handler().handleRequest(new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent(), null);
    assertEquals(404, response.getStatusCode());
    assertEquals("not_found", body(response).path("error").asText());
    APIGatewayV2HTTPResponse nothing = handler().handleRequest(null, null);
    assertEquals(404, nothing.getStatusCode());
  }

  @Test
  void eachRequestLogsOneJsonLineWithoutTheQuery() throws IOException {
    GeneratedNpm.publishVerified(registry, SIGSTORE, "honest", "1.0.0", BundleGeneration.V03_DSSE);
    ApiHandler handler = handler();
    handler.handleRequest(Events.get("/v1/npm/honest@1.0.0?token=s3cr3t"), null);
    handler.handleRequest(Events.get("/v1/npm/%2e%2e"), null);
    List<JsonNode> lines = logLines();
    assertEquals(2, lines.size(), logBytes.toString(StandardCharsets.UTF_8));
    JsonNode ok = lines.get(0);
    assertEquals("request", ok.path("msg").asText());
    assertEquals("honest", ok.path("package").asText());
    assertEquals("1.0.0", ok.path("version").asText());
    assertEquals("VERIFIED", ok.path("status").asText());
    assertEquals(200, ok.path("httpStatus").asInt());
    assertTrue(ok.path("requestId").asText().startsWith("req-"));
    assertTrue(ok.has("durationMs"));
    assertEquals("token=s3cr3t".length(), ok.path("queryLength").asInt());
    assertFalse(logBytes.toString(StandardCharsets.UTF_8).contains("s3cr3t"), "the query is never logged");
    JsonNode refused = lines.get(1);
    assertEquals(400, refused.path("httpStatus").asInt());
    assertEquals("invalid_path", refused.path("error").asText());
  }
}
