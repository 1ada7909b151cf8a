package dev.hekate.core.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.hekate.core.http.Loopback.assertBetween;
import static dev.hekate.core.http.Loopback.requests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hekate.core.http.HttpPolicy;
import dev.hekate.core.http.Loopback;
import dev.hekate.core.json.Limits;
import dev.hekate.core.registry.RegistryException.Endpoint;
import dev.hekate.core.registry.RegistryException.Kind;
import dev.hekate.testdata.RealData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry client against WireMock on loopback. Nothing here reaches the network. */
class RegistryClientTest {
  private static final String BASE_PATH = "/api/npm/remote";
  private static final String PACKUMENT_PATH = BASE_PATH + "/@playwright%2fcli";

  @RegisterExtension
  static final WireMockExtension registry = Loopback.server();

  /** Another origin: the client must never send it anything. */
  @RegisterExtension
  static final WireMockExtension elsewhere = Loopback.server();

  @RegisterExtension
  static final WireMockExtension plain = Loopback.uncompressedServer();

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private RegistryConfig config() {
    return RegistryConfig.defaults()
        .withBaseUrl(URI.create(registry.baseUrl() + BASE_PATH))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10))
        .withSleeper(sleeps::add);
  }

  private RegistryConfig configFor(WireMockExtension server) {
    return config().withBaseUrl(URI.create(server.baseUrl() + BASE_PATH));
  }

  private RegistryClient client() {
    return RegistryClient.create(config());
  }

  /** Serves the fixture packument, tarball and attestation URLs on {@code origin}. */
  private static ObjectNode servePackument(String origin) {
    ObjectNode packument = Fixtures.packument(origin);
    registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(json(packument)));
    return packument;
  }

  private static ResponseDefinitionBuilder json(ObjectNode document) {
    return okJson(new String(Fixtures.bytes(document), StandardCharsets.UTF_8));
  }

  private static RegistryException assertRegistryFailure(Kind kind, Endpoint endpoint, int status, Call call) {
    RegistryException e = assertThrows(RegistryException.class, call::run);
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(endpoint, e.endpoint());
    assertEquals(status, e.httpStatus());
    return e;
  }

  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  @Nested
  class Packuments {
    @Test
    void fetchesTheFullPackumentUnderABaseUrlWithAPath() throws Exception {
      servePackument(registry.baseUrl() + BASE_PATH);
      Packument p = client().packument("@playwright/cli");
      assertEquals(Fixtures.NAME, p.name());
      assertEquals(Fixtures.INTEGRITY, p.latest().orElseThrow().dist().integrity().orElseThrow());
      registry.verify(1, getRequestedFor(urlEqualTo(PACKUMENT_PATH))
          .withHeader("Accept", equalTo("application/json"))
          .withHeader("User-Agent", matching("hekate/.+"))
          .withoutHeader("Authorization"));
      // The raw request line, before any decoding: the scope separator travels as %2f.
      assertEquals(PACKUMENT_PATH, registry.getAllServeEvents().get(0).getRequest().getUrl());
    }

    @Test
    void aTrailingSlashOnTheBaseUrlMakesNoDifference() throws Exception {
      servePackument(registry.baseUrl());
      RegistryClient withSlash = RegistryClient.create(config().withBaseUrl(URI.create(registry.baseUrl() + BASE_PATH + "/")));
      withSlash.packument(PackageSpec.parse("@playwright/cli@0.1.1"));
      client().packument("@playwright/cli");
      registry.verify(2, getRequestedFor(urlEqualTo(PACKUMENT_PATH)));
    }

    @Test
    void anUnscopedNameIsOnePathSegment() throws Exception {
      ObjectNode packument = Fixtures.packument(registry.baseUrl());
      packument.put("name", "JSONStream");
      packument.remove("versions");
      packument.remove("dist-tags");
      registry.stubFor(get(urlEqualTo("/JSONStream")).willReturn(json(packument)));
      RegistryClient atRoot = RegistryClient.create(config().withBaseUrl(URI.create(registry.baseUrl())));
      assertEquals("JSONStream", atRoot.packument("JSONStream").name());
      registry.verify(1, getRequestedFor(urlEqualTo("/JSONStream")));
    }

    @Test
    void notFoundIsNotFound() {
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(aResponse().withStatus(404).withBody("{\"error\":\"Not found\"}")));
      assertRegistryFailure(Kind.NOT_FOUND, Endpoint.PACKUMENT, 404, () -> client().packument("@playwright/cli"));
      assertEquals(1, requests(registry));
      assertTrue(sleeps.isEmpty());
    }

    @Test
    void malformedJsonIsAnInvalidResponseAndIsNotRetried() {
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(okJson("{\"name\":\"@playwright/cli\",\"versions\":{")));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.PACKUMENT, 200, () -> client().packument("@playwright/cli"));
      assertEquals(1, requests(registry));
    }

    @Test
    void wrongTypesAreAnInvalidResponse() {
      ObjectNode packument = Fixtures.packument(registry.baseUrl());
      packument.putArray("versions");
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(json(packument)));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.PACKUMENT, 200, () -> client().packument("@playwright/cli"));
    }

    @Test
    void anotherPackagesPackumentIsAnInvalidResponse() {
      ObjectNode packument = Fixtures.packument(registry.baseUrl());
      packument.put("name", "@playwright/test");
      packument.remove("versions");
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(json(packument)));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.PACKUMENT, 200, () -> client().packument("@playwright/cli"));
    }

    @Test
    void anInvalidNameIsRefusedBeforeAnyRequest() {
      for (String name : List.of("../../etc/passwd", "@scope/../x", "%2e%2e", "a/b", "re\u0430ct", "")) {
        assertThrows(IllegalArgumentException.class, () -> client().packument(name));
      }
      assertEquals(0, requests(registry));
    }

    @Test
    void anOversizedBodyWithAContentLengthIsRefusedUnread() {
      plain.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json").withBody(new byte[64 * 1024])));
      RegistryClient small = RegistryClient.create(configFor(plain).withMaxPackumentBytes(1024));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.PACKUMENT, 200, () -> small.packument("@playwright/cli"));
    }

    @Test
    void anOversizedStreamedBodyIsAbandonedAtTheCap() {
      // 1 MiB, chunked without a Content-Length, dribbled out over 20 s: reading it whole takes 20 s.
      byte[] big = new byte[1 << 20];
      Arrays.fill(big, (byte) ' ');
      plain.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json").withBody(big).withChunkedDribbleDelay(200, 20_000)));
      RegistryClient small = RegistryClient.create(configFor(plain).withMaxPackumentBytes(16 * 1024));
      long start = System.nanoTime();
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.PACKUMENT, 200, () -> small.packument("@playwright/cli"));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
      assertEquals(1, requests(plain));
    }

    @Test
    void aCompressedBodyIsBoundedAfterDecompression() {
      // The registry server compresses: 4 MiB of spaces travel as a few KiB of gzip.
      byte[] big = new byte[4 << 20];
      Arrays.fill(big, (byte) ' ');
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json").withBody(big)));
      RegistryClient small = RegistryClient.create(config().withMaxPackumentBytes(64 * 1024));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.PACKUMENT, 200, () -> small.packument("@playwright/cli"));
      registry.verify(getRequestedFor(urlEqualTo(PACKUMENT_PATH)).withHeader("Accept-Encoding", equalTo("gzip")));
    }

    @Test
    void aBearerTokenIsSentButNeverShown() throws Exception {
      servePackument(registry.baseUrl() + BASE_PATH);
      RegistryConfig withToken = config().withToken("npm_s3cr3tT0ken");
      RegistryClient.create(withToken).packument("@playwright/cli");
      registry.verify(getRequestedFor(urlEqualTo(PACKUMENT_PATH)).withHeader("Authorization", equalTo("Bearer npm_s3cr3tT0ken")));
      assertFalse(withToken.toString().contains("s3cr3t"));

      registry.stubFor(get(urlEqualTo("/api/npm/remote/sigstore")).willReturn(aResponse().withStatus(403)));
      RegistryException e = assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.PACKUMENT, 403,
          () -> RegistryClient.create(withToken).packument("sigstore"));
      assertFalse(e.getMessage().contains("s3cr3t"));
    }

    @Test
    void aRefusalIsUnavailableAndNotRetried() {
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(aResponse().withStatus(401)));
      assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.PACKUMENT, 401, () -> client().packument("@playwright/cli"));
      assertEquals(1, requests(registry));
    }

    @Test
    void concurrentCallsForOnePackumentShareOneRequestAndKeepNothing() throws Exception {
      ObjectNode packument = Fixtures.packument(registry.baseUrl() + BASE_PATH);
      // Slow enough that all 32 calls ask while the first request is still open.
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(json(packument).withFixedDelay(500)));
      RegistryClient shared = client();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<Packument>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          results.add(pool.submit(() -> shared.packument("@playwright/cli")));
        }
        Packument first = results.get(0).get();
        for (Future<Packument> result : results) {
          assertEquals(Fixtures.NAME, result.get().name());
        }
        registry.verify(1, getRequestedFor(urlEqualTo(PACKUMENT_PATH)));
        // Answered, nothing is kept: the next call asks the registry again.
        assertEquals(first.name(), shared.packument("@playwright/cli").name());
        registry.verify(2, getRequestedFor(urlEqualTo(PACKUMENT_PATH)));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class Retries {
    @Test
    void twoServiceUnavailablesThenSuccess() throws Exception {
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
          .willReturn(aResponse().withStatus(503)).willSetStateTo("once"));
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).inScenario("flaky").whenScenarioStateIs("once")
          .willReturn(aResponse().withStatus(503)).willSetStateTo("twice"));
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).inScenario("flaky").whenScenarioStateIs("twice")
          .willReturn(json(Fixtures.packument(registry.baseUrl()))));
      assertEquals(Fixtures.NAME, client().packument("@playwright/cli").name());
      assertEquals(3, requests(registry));
      // Exponential backoff with jitter: retry n waits between half and all of 250 ms * 2^(n-1).
      assertEquals(2, sleeps.size());
      assertBetween(Duration.ofMillis(125), Duration.ofMillis(250), sleeps.get(0));
      assertBetween(Duration.ofMillis(250), Duration.ofMillis(500), sleeps.get(1));
    }

    @Test
    void retryAfterInSecondsIsHonoured() throws Exception {
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).inScenario("limited").whenScenarioStateIs(STARTED)
          .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("ok"));
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).inScenario("limited").whenScenarioStateIs("ok")
          .willReturn(json(Fixtures.packument(registry.baseUrl()))));
      client().packument("@playwright/cli");
      assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredByTheInjectedClock() {
      Instant now = Instant.parse("2026-03-01T12:00:00Z");
      String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(5).atOffset(ZoneOffset.UTC));
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH))
          .willReturn(aResponse().withStatus(503).withHeader("Retry-After", inFiveSeconds)));
      RegistryClient clocked = RegistryClient.create(config().withClock(Clock.fixed(now, ZoneOffset.UTC)));
      assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.PACKUMENT, 503, () -> clocked.packument("@playwright/cli"));
      assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), sleeps);
    }

    @Test
    void retryAfterIsCapped() {
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH))
          .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
      assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.PACKUMENT, 429, () -> client().packument("@playwright/cli"));
      assertEquals(List.of(HttpPolicy.DEFAULT_MAX_RETRY_AFTER, HttpPolicy.DEFAULT_MAX_RETRY_AFTER), sleeps);
    }

    @Test
    void serverErrorsForeverAreUnavailableAfterTheLastAttempt() {
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(aResponse().withStatus(500)));
      RegistryException e = assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.PACKUMENT, 500,
          () -> client().packument("@playwright/cli"));
      assertTrue(e.retryable());
      assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS, requests(registry));
      assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS - 1, sleeps.size());

      registry.resetRequests();
      RegistryClient fiveTries = RegistryClient.create(config().withMaxAttempts(5));
      assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.PACKUMENT, 500, () -> fiveTries.packument("@playwright/cli"));
      assertEquals(5, requests(registry));
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
      RegistryClient nowhere = RegistryClient.create(config().withBaseUrl(Loopback.refusingUrl()));
      assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.PACKUMENT, 0, () -> nowhere.packument("sigstore"));
      assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS - 1, sleeps.size());
    }

    @Test
    void aReadTimeoutIsUnavailable() {
      registry.stubFor(get(urlEqualTo(PACKUMENT_PATH)).willReturn(okJson("{}").withFixedDelay(3_000)));
      RegistryClient impatient = RegistryClient.create(config()
          .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(5))
          .withMaxAttempts(2));
      assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.PACKUMENT, 0, () -> impatient.packument("@playwright/cli"));
      assertEquals(2, requests(registry));
    }

    @Test
    void constructionOpensNoConnection() throws Exception {
      Loopback.assertOpensNoConnection(url -> RegistryClient.create(config().withBaseUrl(url)));
    }
  }

  @Nested
  class Tarballs {
    @Test
    void theTarballIsDigestedAsServed() throws Exception {
      byte[] tarball = new byte[300_000];
      new Random(42).nextBytes(tarball);
      Packument p = serveAndFetch(registry.baseUrl());
      registry.stubFor(get(urlEqualTo("/@playwright/cli/-/cli-0.1.1.tgz"))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream").withBody(tarball)));
      TarballDigests digests = client().tarball(p.latest().orElseThrow());
      assertArrayEquals(MessageDigest.getInstance("SHA-512").digest(tarball), digests.sha512());
      assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(tarball), digests.sha1());
      assertEquals(tarball.length, digests.size());
      registry.verify(getRequestedFor(urlEqualTo("/@playwright/cli/-/cli-0.1.1.tgz"))
          .withHeader("Accept-Encoding", equalTo("identity")));
    }

    @Test
    void theRealTarballMatchesTheRegistrysIntegrityAndShasum() throws Exception {
      byte[] tarball = Files.readAllBytes(
          RealData.require("npm_attestations/sigstore-dotnet-playwright-cli/playwright-cli-0.1.1.tgz"));
      Packument p = serveAndFetch(registry.baseUrl());
      registry.stubFor(get(urlEqualTo("/@playwright/cli/-/cli-0.1.1.tgz"))
          .willReturn(aResponse().withStatus(200).withBody(tarball).withChunkedDribbleDelay(5, 50)));
      VersionDocument latest = p.latest().orElseThrow();
      TarballDigests digests = client().tarball(latest);
      assertEquals(latest.dist().integrity().orElseThrow(), digests.sha512Integrity());
      assertEquals(latest.dist().shasum(), digests.sha1Hex());
    }

    @Test
    void aTarballOverTheCapIsRefused() throws Exception {
      Packument p = serveAndFetch(registry.baseUrl());
      registry.stubFor(get(urlEqualTo("/@playwright/cli/-/cli-0.1.1.tgz"))
          .willReturn(aResponse().withStatus(200).withBody(new byte[5000])));
      registry.stubFor(get(urlEqualTo("/@playwright/cli/-/cli-0.1.0.tgz"))
          .willReturn(aResponse().withStatus(200).withBody(new byte[5000]).withChunkedDribbleDelay(10, 100)));
      RegistryClient capped = RegistryClient.create(config().withMaxTarballBytes(1000));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.TARBALL, 200, () -> capped.tarball(p.latest().orElseThrow()));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.TARBALL, 200, () -> capped.tarball(p.version("0.1.0").orElseThrow()));
    }

    @Test
    void aMissingTarballIsNotFound() throws Exception {
      Packument p = serveAndFetch(registry.baseUrl());
      registry.stubFor(get(urlEqualTo("/@playwright/cli/-/cli-0.1.1.tgz")).willReturn(aResponse().withStatus(404)));
      assertRegistryFailure(Kind.NOT_FOUND, Endpoint.TARBALL, 404, () -> client().tarball(p.latest().orElseThrow()));
    }

    @Test
    void aTarballOnAnotherOriginIsNeverFetched() throws Exception {
      Packument p = serveAndFetch(elsewhere.baseUrl());
      int before = requests(registry);
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.TARBALL, 0, () -> client().tarball(p.latest().orElseThrow()));
      assertEquals(0, requests(elsewhere));
      assertEquals(before, requests(registry));
    }

    @Test
    void anotherSchemeOnTheSameHostAndPortIsAnotherOrigin() throws Exception {
      Packument p = serveAndFetch(registry.baseUrl().replace("http://", "https://"));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.TARBALL, 0, () -> client().tarball(p.latest().orElseThrow()));
      assertEquals(1, requests(registry));
    }

    @Test
    void aSameOriginRedirectIsFollowed() throws Exception {
      byte[] tarball = "not really a tarball".getBytes(StandardCharsets.UTF_8);
      Packument p = serveAndFetch(registry.baseUrl());
      registry.stubFor(get(urlEqualTo("/@playwright/cli/-/cli-0.1.1.tgz"))
          .willReturn(aResponse().withStatus(302).withHeader("Location", "/blobs/cli-0.1.1.tgz")));
      registry.stubFor(get(urlEqualTo("/blobs/cli-0.1.1.tgz")).willReturn(aResponse().withStatus(200).withBody(tarball)));
      assertEquals(tarball.length, client().tarball(p.latest().orElseThrow()).size());
    }

    @Test
    void aRedirectToAnotherOriginIsRefused() throws Exception {
      Packument p = serveAndFetch(registry.baseUrl());
      registry.stubFor(get(urlEqualTo("/@playwright/cli/-/cli-0.1.1.tgz"))
          .willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere.baseUrl() + "/cli-0.1.1.tgz")));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.TARBALL, 302, () -> client().tarball(p.latest().orElseThrow()));
      assertEquals(0, requests(elsewhere));
    }

    @Test
    void aRedirectLoopIsCutShort() throws Exception {
      Packument p = serveAndFetch(registry.baseUrl());
      registry.stubFor(get(urlEqualTo("/@playwright/cli/-/cli-0.1.1.tgz"))
          .willReturn(aResponse().withStatus(301).withHeader("Location", "/@playwright/cli/-/cli-0.1.1.tgz")));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.TARBALL, 301, () -> client().tarball(p.latest().orElseThrow()));
      assertEquals(1 + 1 + Limits.MAX_REDIRECTS, requests(registry));
    }

    private Packument serveAndFetch(String origin) throws Exception {
      servePackument(origin);
      return client().packument("@playwright/cli");
    }
  }

  @Nested
  class Attestations {
    private static final String FALLBACK = BASE_PATH + "/-/npm/v1/attestations/@playwright%2fcli@0.1.1";

    @Test
    void theUrlInDistIsUsedWhenPresent() throws Exception {
      byte[] body = Fixtures.attestations();
      String path = "/custom/attestations/cli-0.1.1";
      registry.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(body)));
      Dist dist = withAttestationsUrl(registry.baseUrl() + path);
      Optional<byte[]> fetched = client().attestations(PackageSpec.parse("@playwright/cli@0.1.1"), dist);
      assertArrayEquals(body, fetched.orElseThrow());
      registry.verify(1, getRequestedFor(urlEqualTo(path)).withHeader("Accept", equalTo("application/json")));
      registry.verify(0, getRequestedFor(urlEqualTo(FALLBACK)));
    }

    @Test
    void theFallbackPathIsUsedWithoutOne() throws Exception {
      byte[] body = Fixtures.attestations();
      registry.stubFor(get(urlEqualTo(FALLBACK)).willReturn(aResponse().withStatus(200).withBody(body)));
      Optional<byte[]> fetched = client().attestations(PackageSpec.parse("@playwright/cli@0.1.1"), withoutAttestations());
      assertArrayEquals(body, fetched.orElseThrow());
      registry.verify(1, getRequestedFor(urlEqualTo(FALLBACK)));
    }

    @Test
    void theRealResponseComesBackByteForByte() throws Exception {
      byte[] body = Files.readAllBytes(RealData.require(
          "npm_attestations/sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-attestations.json"));
      registry.stubFor(get(urlEqualTo(FALLBACK)).willReturn(okJson(new String(body, StandardCharsets.UTF_8))));
      assertArrayEquals(body, client().attestations(PackageSpec.parse("@playwright/cli@0.1.1"), withoutAttestations()).orElseThrow());
    }

    @Test
    void aVersionDocumentCarriesItsOwnUrl() throws Exception {
      servePackument(registry.baseUrl());
      registry.stubFor(get(urlEqualTo("/-/npm/v1/attestations/@playwright%2fcli@0.1.1"))
          .willReturn(aResponse().withStatus(200).withBody(Fixtures.attestations())));
      VersionDocument latest = client().packument("@playwright/cli").latest().orElseThrow();
      assertTrue(client().attestations(latest).isPresent());
      registry.verify(1, getRequestedFor(urlEqualTo("/-/npm/v1/attestations/@playwright%2fcli@0.1.1")));
    }

    @Test
    void noAttestationsIsEmpty() throws Exception {
      registry.stubFor(get(urlEqualTo(FALLBACK)).willReturn(aResponse().withStatus(404)));
      assertEquals(Optional.empty(), client().attestations(PackageSpec.parse("@playwright/cli@0.1.1"), withoutAttestations()));
      assertEquals(1, requests(registry));
    }

    @Test
    void anotherOriginsUrlIsNeverFetched() throws Exception {
      Dist dist = withAttestationsUrl(elsewhere.baseUrl() + "/-/npm/v1/attestations/@playwright%2fcli@0.1.1");
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.ATTESTATIONS, 0,
          () -> client().attestations(PackageSpec.parse("@playwright/cli@0.1.1"), dist));
      assertEquals(0, requests(elsewhere));
      assertEquals(0, requests(registry));
    }

    @Test
    void malformedOrOversizedResponsesAreInvalid() throws Exception {
      PackageSpec spec = PackageSpec.parse("@playwright/cli@0.1.1");
      registry.stubFor(get(urlEqualTo(FALLBACK)).willReturn(okJson("[\"not\",\"an\",\"object\"]")));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.ATTESTATIONS, 200, () -> client().attestations(spec, withoutAttestations()));
      registry.stubFor(get(urlEqualTo(FALLBACK)).willReturn(aResponse().withStatus(200)
          .withBody(new byte[Limits.MAX_ATTESTATIONS_BYTES + 1])));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.ATTESTATIONS, 200, () -> client().attestations(spec, withoutAttestations()));
    }

    @Test
    void aSpecWithoutAVersionIsAProgrammingError() {
      assertThrows(IllegalArgumentException.class,
          () -> client().attestations(PackageSpec.parse("@playwright/cli"), withoutAttestations()));
    }

    private static Dist withoutAttestations() {
      return new Dist(Optional.of(Fixtures.INTEGRITY), Fixtures.SHASUM, "http://unused.invalid/x.tgz",
          Optional.empty(), Optional.empty(), List.of());
    }

    private static Dist withAttestationsUrl(String url) {
      return new Dist(Optional.of(Fixtures.INTEGRITY), Fixtures.SHASUM, "http://unused.invalid/x.tgz",
          Optional.of(url), Optional.of(Fixtures.SLSA_V1), List.of());
    }
  }

  @Nested
  class Keys {
    private static final String KEYS = BASE_PATH + "/-/npm/v1/keys";

    @Test
    void theKeysDocumentIsFetched() throws Exception {
      String json = "{\"keys\":[{\"expires\":null,\"keyid\":\"" + Fixtures.KEYID
          + "\",\"keytype\":\"ecdsa-sha2-nistp256\",\"scheme\":\"ecdsa-sha2-nistp256\",\"key\":\"MFkw\"}]}";
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(okJson(json)));
      assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), client().keys());
    }

    @Test
    void anOversizedKeysDocumentIsInvalid() {
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(aResponse().withStatus(200)
          .withBody(new byte[Limits.MAX_NPM_KEYS_BYTES + 1])));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.KEYS, 200, () -> client().keys());
    }

    @Test
    void missingKeysAreNotFound() {
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(aResponse().withStatus(404)));
      assertRegistryFailure(Kind.NOT_FOUND, Endpoint.KEYS, 404, () -> client().keys());
    }

    @Test
    void aRegistryServingKeysPublishesThemAndIsAskedOnce() throws Exception {
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(okJson("{\"keys\":[{\"keyid\":\"" + Fixtures.KEYID + "\"}]}")));
      RegistryClient client = client();

      assertEquals(RegistryKeys.PUBLISHED, client.signingKeys());
      assertEquals(RegistryKeys.PUBLISHED, client.signingKeys());
      assertEquals(1, requests(registry));
    }

    @Test
    void aRegistryWithoutAKeysEndpointPublishesNoneAndIsAskedOnce() throws Exception {
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(aResponse().withStatus(404)));
      RegistryClient client = client();

      assertEquals(RegistryKeys.NOT_PUBLISHED, client.signingKeys());
      assertEquals(RegistryKeys.NOT_PUBLISHED, client.signingKeys());
      assertEquals(1, requests(registry));
    }

    @Test
    void aKeysDocumentListingNoKeyPublishesNone() throws Exception {
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(okJson("{\"keys\":[]}")));
      assertEquals(RegistryKeys.NOT_PUBLISHED, client().signingKeys());
    }

    @Test
    void aKeysEndpointThatKeepsFailingIsUnavailableAndNotRemembered() throws Exception {
      // 503 outlasting the retries: could not look. The next call asks again, and may get an answer.
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(aResponse().withStatus(503)));
      RegistryClient client = client();

      assertRegistryFailure(Kind.UNAVAILABLE, Endpoint.KEYS, 503, client::signingKeys);
      int afterFailure = requests(registry);
      assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS, afterFailure);
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(okJson("{\"keys\":[{\"keyid\":\"k\"}]}")));
      assertEquals(RegistryKeys.PUBLISHED, client.signingKeys());
      assertEquals(afterFailure + 1, requests(registry));
    }

    @Test
    void aKeysAnswerThatIsNotJsonIsInvalidNotAnAnswer() {
      registry.stubFor(get(urlEqualTo(KEYS)).willReturn(aResponse().withStatus(200).withBody("<html>")));
      assertRegistryFailure(Kind.INVALID_RESPONSE, Endpoint.KEYS, 200, () -> client().signingKeys());
    }
  }

  @Test
  void endpointTagsAreLowerCase() {
    assertEquals(List.of("packument", "attestations", "tarball", "keys"),
        Arrays.stream(Endpoint.values()).map(Endpoint::tag).toList());
  }
}
