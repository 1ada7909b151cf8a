package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.lambda.MalformedRequests;
import dev.hekate.lambda.RawHttp;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate serve} over real HTTP on loopback, in front of a loopback registry: verdicts,
 * every malformed request of the catalogue refused with a 4xx JSON error and nothing fetched, a
 * registry that is down answered with 502 and an ERROR verdict.
 */
class ServeCommandTest {
  static final FakeSigstore SIGSTORE = ServeOptions.SIGSTORE;

  @TempDir
  static Path dir;
  static FakeRegistry registry;
  static Serve serve;

  @BeforeAll
  static void start() throws Exception {
    registry = FakeRegistry.start();
    GeneratedNpm.publishVerified(registry, SIGSTORE, "@acme/tool", "2.0.0", BundleGeneration.V03_DSSE);
    serve = Serve.start(ServeOptions.of(registry, "--no-github", "--tarball"));
  }

  @AfterAll
  static void stop() {
    serve.close();
    registry.close();
  }

  @Test
  void itPrintsWhereItListens() {
    assertTrue(serve.printed().startsWith("Hekate API listening on " + serve.server().url() + "/"), serve.printed());
    assertTrue(serve.printed().contains("GitHub check off, tarball on"), serve.printed());
  }

  @Test
  void aVersionIsVerifiedThroughTheLambdaHandler() throws Exception {
    for (String target : List.of("/v1/npm/@acme/tool@2.0.0", "/v1/npm/%40acme%2Ftool@2.0.0", "/v1/npm/@acme%2ftool")) {
      RawHttp.Reply reply = RawHttp.send(serve.port(), "GET", target);
      assertEquals(200, reply.status(), target + " " + reply.body());
      assertEquals("application/json", reply.header("Content-Type").orElseThrow());
      JsonNode verdict = Json.mapper().readTree(reply.body());
      assertEquals("VERIFIED", verdict.path("status").asText(), reply.body());
      assertEquals("@acme/tool", verdict.path("package").asText());
      assertEquals(target.endsWith("@2.0.0") ? "public, max-age=86400, immutable" : "public, max-age=300",
          reply.header("Cache-Control").orElseThrow(), target);
    }
  }

  @Test
  void healthAnswersWithoutAskingTheRegistry() throws Exception {
    int before = registry.requestCount();
    RawHttp.Reply reply = RawHttp.send(serve.port(), "GET", "/v1/health");
    assertEquals(200, reply.status());
    assertEquals("ok", Json.mapper().readTree(reply.body()).path("status").asText());
    assertEquals(before, registry.requestCount());
  }

  @TestFactory
  Stream<DynamicTest> malformedRequestsGetA4xxJsonErrorAndFetchNothing() {
    List<MalformedRequests> all = MalformedRequests.overHttp();
    assertTrue(all.size() >= 30, "at least 30, not " + all.size());
    return all.stream().map(bad -> DynamicTest.dynamicTest(bad.toString(), () -> {
      int before = registry.requestCount();
      RawHttp.Reply reply = RawHttp.send(serve.port(), bad.method(), bad.target());
      assertEquals(bad.status(), reply.status(), reply.body());
      assertEquals("application/json", reply.header("Content-Type").orElseThrow());
      JsonNode body = Json.mapper().readTree(reply.body());
      assertEquals(bad.error(), body.path("error").asText(), reply.body());
      assertFalse(body.path("requestId").asText().isEmpty());
      assertEquals(before, registry.requestCount(), "nothing may be fetched for " + bad);
    }));
  }

  @TestFactory
  Stream<DynamicTest> targetsThatAreNotUrisAreRefusedByTheServerItself() {
    // A raw backslash, control character or broken escape never reaches the handler: the JDK
    // server answers 400 (text/html) on its own. Still 4xx, still nothing fetched.
    return Stream.of("/v1/npm/..\\..\\etc", "/v1/npm/express\u0001", "/v1/npm/%zz", "/v1/npm/a{b}")
        .map(target -> DynamicTest.dynamicTest(target.replaceAll("\\p{Cntrl}", "?"), () -> {
          int before = registry.requestCount();
          RawHttp.Reply reply = RawHttp.send(serve.port(), "GET", target);
          assertEquals(400, reply.status());
          assertEquals(before, registry.requestCount());
        }));
  }

  @Test
  void aRegistryThatIsDownGives502WithAnErrorVerdict() throws Exception {
    try (FakeRegistry down = FakeRegistry.start(); Serve local = Serve.start(ServeOptions.of(down, "--no-github"))) {
      GeneratedNpm.publishVerified(down, SIGSTORE, "honest", "1.0.0", BundleGeneration.V03_DSSE);
      down.setDown(true);
      RawHttp.Reply reply = RawHttp.send(local.port(), "GET", "/v1/npm/honest@1.0.0");
      assertEquals(502, reply.status(), reply.body());
      JsonNode verdict = Json.mapper().readTree(reply.body());
      assertEquals("ERROR", verdict.path("status").asText());
      assertEquals("30", reply.header("Retry-After").orElseThrow());
    }
  }

  @Test
  void aRegistryThatIsUnreachableGives502() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (Serve local = Serve.start("--no-github", "--registry", "http://127.0.0.1:" + closed + "/")) {
      RawHttp.Reply reply = RawHttp.send(local.port(), "GET", "/v1/npm/sigstore@2.3.1");
      assertEquals(502, reply.status(), reply.body());
      assertEquals("ERROR", Json.mapper().readTree(reply.body()).path("status").asText());
    }
  }

  @Test
  void usageErrorsExitWith2() {
    assertEquals(2, CliRun.of("serve", "--port", "http").exit());
    assertEquals(2, CliRun.of("serve", "--port", "70000").exit());
    assertEquals(2, CliRun.of("serve", "extra").exit());
    assertEquals(2, CliRun.of("serve", "--github", "--no-github").exit());
    assertEquals(2, CliRun.of("serve", "--registry", "ftp://example.com/").exit());
    assertEquals(2, CliRun.of("serve", "--trusted-root", dir.resolve("absent.json").toString()).exit());
    CliRun taken = CliRun.of("serve", "--port", String.valueOf(serve.port()));
    assertEquals(2, taken.exit());
    assertTrue(taken.err().contains("cannot listen"), taken.err());
    CliRun help = CliRun.of("serve", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("GET /v1/npm/{package}@{version}"));
    assertTrue(CliRun.of("help").out().contains("serve"));
  }
}
