package dev.hekate.testdata.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.FakeSigstore;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fake registry's endpoints, encodings, prefix, latency, failure injection and concurrency, over real HTTP. */
class FakeRegistryTest {

  private static final byte[] TARBALL = "not really a tarball\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ATTESTATIONS = ("{\"attestations\":["
      + "{\"predicateType\":\"https://github.com/npm/attestation/tree/main/specs/publish/v0.1\",\"bundle\":{}},"
      + "{\"predicateType\":\"https://slsa.dev/provenance/v1\",\"bundle\":{}}]}").getBytes(StandardCharsets.UTF_8);
  private static final Instant T1 = Instant.parse("2025-03-01T10:00:00.123Z");
  private static final Instant T2 = Instant.parse("2025-04-01T10:00:00Z");

  private FakeRegistry registry;

  @BeforeEach
  void start() {
    registry = FakeRegistry.start();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private static PackageVersion.Builder version(String name, String version) {
    return PackageVersion.builder(name, version)
        .tarball(TARBALL)
        .attestations(ATTESTATIONS)
        .publishedAt(T1)
        .gitHead("0123456789abcdef0123456789abcdef01234567")
        .repositoryUrl("git+https://github.com/o/r.git");
  }

  private static String sri(byte[] bytes) throws Exception {
    return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
  }

  @Test
  void bindsLoopbackOnAnEphemeralPort() throws Exception {
    URI base = registry.baseUrl();
    assertEquals("http", base.getScheme());
    assertEquals("127.0.0.1", base.getHost());
    assertTrue(InetAddress.getByName(base.getHost()).isLoopbackAddress());
    assertEquals(registry.port(), base.getPort());
    assertEquals("/", base.getPath());
    try (FakeRegistry other = FakeRegistry.start()) {
      assertNotEquals(registry.port(), other.port());
    }
  }

  @Test
  void servesTheFullPackument() throws Exception {
    registry.publish(version("left-pad", "1.0.0").build());
    registry.publish(version("left-pad", "1.1.0").publishedAt(T2).noAttestations().build());

    HttpResponse<byte[]> r = Http.get(registry.baseUrl(), "left-pad");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    JsonNode p = Http.json(r);
    assertEquals("left-pad", p.path("name").asText());
    assertEquals("1.1.0", p.at("/dist-tags/latest").asText());
    assertEquals(List.of("1.0.0", "1.1.0"), fieldNames(p.path("versions")));

    JsonNode v = p.at("/versions/1.0.0");
    assertEquals("left-pad", v.path("name").asText());
    assertEquals("1.0.0", v.path("version").asText());
    assertEquals("0123456789abcdef0123456789abcdef01234567", v.path("gitHead").asText());
    assertEquals("git", v.at("/repository/type").asText());
    assertEquals("git+https://github.com/o/r.git", v.at("/repository/url").asText());
    assertEquals("hekate-test", v.at("/_npmUser/name").asText());
    JsonNode dist = v.path("dist");
    assertEquals(sri(TARBALL), dist.path("integrity").asText());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(TARBALL)),
        dist.path("shasum").asText());
    assertEquals(registry.baseUrl() + "left-pad/-/left-pad-1.0.0.tgz", dist.path("tarball").asText());
    assertEquals(registry.baseUrl() + "-/npm/v1/attestations/left-pad@1.0.0", dist.at("/attestations/url").asText());
    assertEquals("https://slsa.dev/provenance/v1", dist.at("/attestations/provenance/predicateType").asText());
    assertTrue(p.at("/versions/1.1.0/dist/attestations").isMissingNode(), "no attestations, none advertised");

    assertEquals("2025-03-01T10:00:00.123Z", p.at("/time/created").asText());
    assertEquals("2025-04-01T10:00:00.000Z", p.at("/time/modified").asText());
    assertEquals("2025-03-01T10:00:00.123Z", p.at("/time/1.0.0").asText());
    assertEquals("2025-04-01T10:00:00.000Z", p.at("/time/1.1.0").asText());
    assertEquals("git+https://github.com/o/r.git", p.at("/repository/url").asText());

    HttpResponse<byte[]> tarball = Http.get(URI.create(dist.path("tarball").asText()));
    assertEquals(200, tarball.statusCode());
    assertEquals("application/octet-stream", tarball.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(TARBALL, tarball.body());
    HttpResponse<byte[]> attestations = Http.get(URI.create(dist.at("/attestations/url").asText()));
    assertEquals(200, attestations.statusCode());
    assertArrayEquals(ATTESTATIONS, attestations.body());
  }

  @Test
  void notFoundIsJson() {
    registry.publish(version("pkg", "1.0.0").noAttestations().build());
    for (String path : List.of("nope", "-/npm/v1/attestations/pkg@1.0.0", "-/npm/v1/attestations/pkg@9.9.9",
        "-/npm/v1/attestations/nope@1.0.0", "-/npm/v1/attestations/nothing", "-/npm/v1/keys",
        "pkg/-/pkg-9.9.9.tgz", "")) {
      HttpResponse<byte[]> r = Http.get(registry.baseUrl(), path);
      assertEquals(404, r.statusCode(), path);
      assertEquals("not found", Http.json(r).path("error").asText(), path);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"@scope%2fname", "@scope%2Fname", "%40scope%2fname", "@scope/name"})
  void scopedPackumentInEveryEncoding(String path) {
    registry.publish(version("@scope/name", "2.0.0").build());
    HttpResponse<byte[]> r = Http.get(registry.baseUrl(), path);
    assertEquals(200, r.statusCode());
    JsonNode p = Http.json(r);
    assertEquals("@scope/name", p.path("name").asText());
    JsonNode dist = p.at("/versions/2.0.0/dist");
    assertEquals(registry.baseUrl() + "@scope/name/-/name-2.0.0.tgz", dist.path("tarball").asText());
    assertEquals(registry.baseUrl() + "-/npm/v1/attestations/@scope%2fname@2.0.0", dist.at("/attestations/url").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"%40scope%2fname@2.0.0", "@scope%2fname@2.0.0", "@scope/name@2.0.0", "%40scope%2Fname%402.0.0"})
  void scopedAttestationsInEveryEncoding(String spec) {
    registry.publish(version("@scope/name", "2.0.0").build());
    HttpResponse<byte[]> r = Http.get(registry.baseUrl(), "-/npm/v1/attestations/" + spec);
    assertEquals(200, r.statusCode());
    assertArrayEquals(ATTESTATIONS, r.body());
  }

  @Test
  void scopedTarballEitherEncoding() {
    registry.publish(version("@scope/name", "2.0.0").build());
    assertArrayEquals(TARBALL, Http.get(registry.baseUrl(), "@scope/name/-/name-2.0.0.tgz").body());
    assertArrayEquals(TARBALL, Http.get(registry.baseUrl(), "@scope%2fname/-/name-2.0.0.tgz").body());
  }

  @Test
  void pathPrefixServesEverythingUnderIt() {
    try (FakeRegistry artifactory = FakeRegistry.start("api/npm/remote")) {
      artifactory.publish(version("@scope/name", "1.0.0").build());
      URI base = artifactory.baseUrl();
      assertEquals("/api/npm/remote/", base.getPath());
      JsonNode p = Http.json(Http.get(base, "@scope%2fname"));
      JsonNode dist = p.at("/versions/1.0.0/dist");
      assertEquals(base + "@scope/name/-/name-1.0.0.tgz", dist.path("tarball").asText());
      assertArrayEquals(TARBALL, Http.get(URI.create(dist.path("tarball").asText())).body());
      assertArrayEquals(ATTESTATIONS, Http.get(URI.create(dist.at("/attestations/url").asText())).body());

      URI root = URI.create("http://127.0.0.1:" + artifactory.port() + "/");
      assertEquals(404, Http.get(root, "@scope%2fname").statusCode());
      assertEquals(404, Http.get(root, "-/npm/v1/attestations/@scope%2fname@1.0.0").statusCode());
    }
  }

  @Test
  void rejectsPrefixesThatAreNotPlainPaths() {
    for (String bad : List.of("/a/../b/", "/a?x=1", "/a%2f/", "//a/")) {
      assertThrows(IllegalArgumentException.class, () -> FakeRegistry.start(bad), bad);
    }
  }

  @Test
  void keysDocumentWhenConfigured() {
    FakeSigstore sigstore = FakeSigstore.create();
    registry.setKeys(FakeRegistry.keysDocument(sigstore.npmKey()));
    JsonNode keys = Http.json(Http.get(registry.baseUrl(), "-/npm/v1/keys"));
    JsonNode k = keys.at("/keys/0");
    assertEquals(sigstore.npmKey().keyId(), k.path("keyid").asText());
    assertEquals("ecdsa-sha2-nistp256", k.path("keytype").asText());
    assertEquals("ecdsa-sha2-nistp256", k.path("scheme").asText());
    assertTrue(k.path("expires").isNull());
    assertArrayEquals(sigstore.npmKey().publicKey().getEncoded(), Base64.getDecoder().decode(k.path("key").asText()));
  }

  @Test
  void overridesBreakTheAgreementOnPurpose() throws Exception {
    byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
    registry.publish(version("tampered", "1.0.0").tarballOverride(other).build());
    registry.publish(version("lying", "1.0.0").integrityOverride(sri(other)).build());

    JsonNode tampered = Http.json(Http.get(registry.baseUrl(), "tampered")).at("/versions/1.0.0/dist");
    assertEquals(sri(TARBALL), tampered.path("integrity").asText());
    assertArrayEquals(other, Http.get(URI.create(tampered.path("tarball").asText())).body());

    JsonNode lying = Http.json(Http.get(registry.baseUrl(), "lying")).at("/versions/1.0.0/dist");
    assertEquals(sri(other), lying.path("integrity").asText());
    assertArrayEquals(TARBALL, Http.get(URI.create(lying.path("tarball").asText())).body());
  }

  @Test
  void withoutTarballBytesTheIntegrityIsServedAndTheDownloadIs404() {
    registry.publish(PackageVersion.builder("unrecorded", "1.0.0").integrityOverride("sha512-AAAA").build());
    JsonNode dist = Http.json(Http.get(registry.baseUrl(), "unrecorded")).at("/versions/1.0.0/dist");
    assertEquals("sha512-AAAA", dist.path("integrity").asText());
    assertEquals(PackageVersion.UNKNOWN_SHASUM, dist.path("shasum").asText());
    assertEquals(404, Http.get(URI.create(dist.path("tarball").asText())).statusCode());
  }

  @Test
  void latencyIsAddedToEveryResponse() {
    registry.setLatency(Duration.ofMillis(150));
    long start = System.nanoTime();
    assertEquals(404, Http.get(registry.baseUrl(), "nope").statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 150);
    assertThrows(IllegalArgumentException.class, () -> registry.setLatency(Duration.ofMillis(-1)));
  }

  @Test
  void failNextAnswersTheNextRequestsWithTheStatus() {
    registry.publish(version("pkg", "1.0.0").build());
    registry.failNext(2, 500);
    registry.failNext(1, 429);
    assertEquals(500, Http.get(registry.baseUrl(), "pkg").statusCode());
    assertEquals(500, Http.get(registry.baseUrl(), "pkg").statusCode());
    HttpResponse<byte[]> third = Http.get(registry.baseUrl(), "pkg");
    assertEquals(429, third.statusCode());
    assertEquals("injected failure", Http.json(third).path("error").asText());
    assertEquals(200, Http.get(registry.baseUrl(), "pkg").statusCode());
  }

  @Test
  void downMeans503ForEverything() {
    registry.publish(version("pkg", "1.0.0").build());
    registry.setDown(true);
    for (String path : List.of("pkg", "-/npm/v1/attestations/pkg@1.0.0", "pkg/-/pkg-1.0.0.tgz", "-/ping")) {
      assertEquals(503, Http.get(registry.baseUrl(), path).statusCode(), path);
    }
    registry.setDown(false);
    assertEquals(200, Http.get(registry.baseUrl(), "pkg").statusCode());
  }

  @Test
  void statusByPathPrefix() {
    registry.publish(version("@scope/name", "1.0.0").build());
    registry.setStatus("/-/npm/v1/attestations/", 502);
    registry.setStatus("@scope/name/-/", 403);
    assertEquals(200, Http.get(registry.baseUrl(), "@scope%2fname").statusCode());
    assertEquals(502, Http.get(registry.baseUrl(), "-/npm/v1/attestations/@scope%2fname@1.0.0").statusCode());
    assertEquals(403, Http.get(registry.baseUrl(), "@scope%2fname/-/name-1.0.0.tgz").statusCode());
    registry.clearStatus("-/npm/v1/attestations/");
    assertEquals(200, Http.get(registry.baseUrl(), "-/npm/v1/attestations/@scope%2fname@1.0.0").statusCode());
    registry.resetBehaviour();
    assertEquals(200, Http.get(registry.baseUrl(), "@scope%2fname/-/name-1.0.0.tgz").statusCode());
  }

  @Test
  void recordsEveryRequest() {
    HttpRequest request = Http.request(URI.create(registry.baseUrl() + "@scope%2fname?write=true"))
        .header("Authorization", "Bearer secret-token")
        .header("Accept", "application/json")
        .GET().build();
    Http.send(request);
    Http.send(Http.request(URI.create(registry.baseUrl() + "x")).method("DELETE", HttpRequest.BodyPublishers.noBody()).build());

    assertEquals(2, registry.requestCount());
    List<RecordedRequest> seen = registry.requests();
    assertEquals("GET /@scope%2fname?write=true", seen.get(0).line());
    assertEquals("Bearer secret-token", seen.get(0).header("authorization").orElseThrow());
    assertEquals("application/json", seen.get(0).header("Accept").orElseThrow());
    assertEquals("DELETE /x", seen.get(1).toString());
    registry.clearRequests();
    assertEquals(0, registry.requestCount());
    assertTrue(registry.requests().isEmpty());
  }

  @Test
  void onlyGetAndHead() {
    registry.publish(version("pkg", "1.0.0").build());
    HttpResponse<byte[]> post = Http.send(Http.request(URI.create(registry.baseUrl() + "pkg"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertEquals(405, post.statusCode());
    HttpResponse<byte[]> head = Http.send(Http.request(URI.create(registry.baseUrl() + "pkg"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, head.statusCode());
    assertEquals(0, head.body().length);
  }

  @Test
  void distTagsAndRepublishing() {
    registry.publish(version("pkg", "1.0.0").build());
    registry.publish(version("pkg", "2.0.0-beta.1").build());
    registry.setDistTag("pkg", "latest", "1.0.0");
    registry.setDistTag("pkg", "next", "2.0.0-beta.1");
    JsonNode tags = Http.json(Http.get(registry.baseUrl(), "pkg")).path("dist-tags");
    assertEquals("1.0.0", tags.path("latest").asText());
    assertEquals("2.0.0-beta.1", tags.path("next").asText());
    assertThrows(IllegalArgumentException.class, () -> registry.setDistTag("pkg", "latest", "9.9.9"));
    assertThrows(IllegalArgumentException.class, () -> registry.setDistTag("nope", "latest", "1.0.0"));
    assertTrue(registry.version("pkg", "1.0.0").isPresent());
    assertFalse(registry.version("pkg", "3.0.0").isPresent());
  }

  @Test
  void answersTwoHundredConcurrentRequests() {
    registry.publish(version("@scope/name", "1.0.0").build());
    registry.setLatency(Duration.ofMillis(50));
    List<CompletableFuture<HttpResponse<byte[]>>> pending = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      String path = switch (i % 3) {
        case 0 -> "@scope%2fname";
        case 1 -> "-/npm/v1/attestations/@scope%2fname@1.0.0";
        default -> "@scope/name/-/name-1.0.0.tgz";
      };
      pending.add(Http.CLIENT.sendAsync(Http.request(URI.create(registry.baseUrl() + path)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (CompletableFuture<HttpResponse<byte[]>> f : pending) {
      assertEquals(200, f.join().statusCode());
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(200, registry.requestCount());
    // Served one after the other they would take 10 s.
    assertTrue(elapsed.compareTo(Duration.ofSeconds(5)) < 0, "took " + elapsed);
  }

  @Test
  void signsWhatItServes() throws Exception {
    FakeSigstore sigstore = FakeSigstore.create();
    registry.publish(version("signed", "1.0.0").signedBy(sigstore.npmKey()).build());
    JsonNode dist = Http.json(Http.get(registry.baseUrl(), "signed")).at("/versions/1.0.0/dist");
    JsonNode sig = dist.at("/signatures/0");
    assertEquals(sigstore.npmKey().keyId(), sig.path("keyid").asText());
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(sigstore.npmKey().publicKey());
    verifier.update(("signed@1.0.0:" + dist.path("integrity").asText()).getBytes(StandardCharsets.UTF_8));
    assertTrue(verifier.verify(Base64.getDecoder().decode(sig.path("sig").asText())));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (var property : node.properties()) {
      names.add(property.getKey());
    }
    return names;
  }
}
