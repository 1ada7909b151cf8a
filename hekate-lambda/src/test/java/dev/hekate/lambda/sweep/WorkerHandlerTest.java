package dev.hekate.lambda.sweep;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hekate.core.json.Json;
import dev.hekate.core.metrics.MetricsLog;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.sweep.SweepEngine;
import dev.hekate.core.sweep.SweepWindow;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.datadog.DatadogApi;
import dev.hekate.datadog.DatadogPublisher;
import dev.hekate.datadog.DatadogSettings;
import dev.hekate.datadog.KeySource;
import dev.hekate.datadog.RetryPolicy;
import dev.hekate.lambda.ClientWiring;
import dev.hekate.lambda.DatadogStub;
import dev.hekate.lambda.TrustMaterial;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.FloodAttack;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.NpmAttack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker against a loopback registry (minted packages: one honest, one whose registry integrity
 * differs, one answering 503) and a Datadog stub (WireMock).
 */
class WorkerHandlerTest {
  private static final String SERIES = DatadogStub.SERIES;
  private static final String EVENTS = DatadogStub.EVENTS;
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String HONEST = "honest-a";
  private static final String INTEGRITY = "victim-int";
  private static final String DOWN = "down-pkg";
  private static final String FLOODED = "flooded";
  /** When {@link #FLOODED}'s regressed 1.0.1 and the 25 versions that bury it were published. */
  private static final Instant FLOOD_START = SIGSTORE.now().minus(Duration.ofDays(2));
  private static final SweepWindow WINDOW = new SweepWindow(Instant.parse("2020-01-01T00:00:00Z"),
      Instant.parse("2030-01-01T00:00:00Z"));

  @RegisterExtension
  static final WireMockExtension datadog = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static FakeRegistry registry;
  private static SweepEngine engine;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream logOut = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  @BeforeAll
  static void publish() throws Exception {
    registry = FakeRegistry.start();
    GeneratedNpm.publishVerified(registry, SIGSTORE, HONEST, "1.0.0", BundleGeneration.V03_DSSE);
    NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, SIGSTORE, INTEGRITY);
    GeneratedNpm.publishVerified(registry, SIGSTORE, DOWN, "1.0.0", BundleGeneration.V02_INTOTO_PROOF);
    registry.setStatus(DOWN, 503);
    FloodAttack.publish(registry, SIGSTORE, FLOODED, 25, FLOOD_START);
    TrustMaterial trust = new TrustMaterial(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    // The Lambda wiring itself, pointed at the loopback registry.
    engine = ClientWiring.sweepEngine(ClientWiring.Profile.SWEEP, registry.baseUrl(),
        new NpmVerifier(trust.trustedRoot(), trust.npmKeys()), false, 4);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @BeforeEach
  void reset() {
    datadog.resetAll();
    datadog.stubFor(post(urlEqualTo(SERIES)).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"errors\":[]}")));
    datadog.stubFor(post(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"status\":\"ok\",\"event\":{\"id\":1}}")));
  }

  private MetricsPublisher publisher(URI base) {
    DatadogSettings settings = DatadogSettings.defaults().withBaseUrl(base)
        .withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
    return new DatadogPublisher(DatadogApi.create(settings, d -> {}), KeySource.of("test-api-key"),
        new MetricsLog(logOut, Clock.systemUTC()));
  }

  private WorkerHandler worker(MetricsPublisher publisher) {
    return new WorkerHandler(engine, publisher, new JsonLog(logOut, Clock.systemUTC()), Clock.systemUTC());
  }

  private static SQSEvent.SQSMessage record(String id, String body) {
    SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
    m.setMessageId(id);
    m.setBody(body);
    return m;
  }

  private static SQSEvent event(SQSEvent.SQSMessage... records) {
    SQSEvent e = new SQSEvent();
    e.setRecords(List.of(records));
    return e;
  }

  private static String body(String... names) {
    return new SweepMessage(List.of(names), WINDOW).toJson();
  }

  private static Set<String> failedIds(SQSBatchResponse response) {
    Set<String> ids = new HashSet<>();
    response.getBatchItemFailures().forEach(f -> ids.add(f.getItemIdentifier()));
    return ids;
  }

  private static List<String> delivered() throws IOException {
    return DatadogStub.series(datadog);
  }

  private static List<JsonNode> deliveredEvents() throws IOException {
    return DatadogStub.events(datadog);
  }

  @Test
  void postsVerdictMetrics_andReportsOnlyTheMessageWithARetryablePackage() throws Exception {
    SQSBatchResponse response = worker(publisher(URI.create(datadog.baseUrl())))
        .handleRequest(event(record("ok", body(HONEST, INTEGRITY)), record("down", body(DOWN))), null);

    assertEquals(Set.of("down"), failedIds(response));
    List<String> series = delivered();
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.verification ")
        && s.contains("package:honest-a") && s.contains("status:verified") && s.endsWith("= 1.0")), series::toString);
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.verification ")
        && s.contains("package:victim-int") && s.contains("status:failed") && s.contains("check:")), series::toString);
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.verification ")
        && s.contains("package:down-pkg") && s.contains("status:error")), series::toString);
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.registry.error ")
        && s.contains("endpoint:packument") && s.contains("http_status:503")), series::toString);
    assertFalse(series.stream().anyMatch(s -> s.startsWith("hekate.sweep.packages")), "the planner's gauge");
    List<JsonNode> events = deliveredEvents();
    assertTrue(events.stream().anyMatch(e -> e.path("title").asText().contains(INTEGRITY)
        && e.path("title").asText().contains("FAILED")), events::toString);
  }

  @Test
  void withPeersTheWorkerAsksTheNetworkAndSendsAgreementAndDissent() throws Exception {
    // Peers from HEKATE_PEERS: one pinned peer on a port that refuses connections.
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String pem = dev.hekate.core.vsa.LocalKeySigner.generate().publicKeyPem().replace("\n", "\\n");
    String peers = "{\"peers\":[{\"id\":\"https://gone.hekate.test/\",\"url\":\"http://127.0.0.1:" + closedPort
        + "/\",\"keys\":[{\"publicKeyPem\":\"" + pem + "\"}]}]}";
    java.util.Optional<dev.hekate.core.vsa.VerifierNetwork> network = dev.hekate.lambda.ClientWiring.verifierNetwork(
        java.util.Map.of("HEKATE_PEERS", peers), Clock.systemUTC());
    WorkerHandler worker = new WorkerHandler(engine, publisher(URI.create(datadog.baseUrl())),
        new JsonLog(logOut, Clock.systemUTC()), Clock.systemUTC(), network);
    SQSBatchResponse response = worker.handleRequest(event(record("ok", body(HONEST))), null);

    assertTrue(response.getBatchItemFailures().isEmpty(), "the network's answer changes nothing of the sweep's");
    List<String> series = delivered();
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.network.agreement ")
        && s.contains("package:honest-a") && s.contains("status:error")), series::toString);
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.network.dissent ")
        && s.contains("reason:unreachable") && s.contains("peer:https://gone.hekate.test/")), series::toString);
    assertTrue(deliveredEvents().stream().anyMatch(e -> e.path("title").asText().contains("verifiers disagree")),
        deliveredEvents()::toString);
    assertThrows(IllegalArgumentException.class, () -> dev.hekate.lambda.ClientWiring.verifierNetwork(
        java.util.Map.of("HEKATE_PEERS", peers, "HEKATE_PEER_THRESHOLD", "2"), Clock.systemUTC()),
        "a threshold above the peers is refused at init");
    assertEquals(java.util.Optional.empty(), dev.hekate.lambda.ClientWiring.verifierNetwork(java.util.Map.of(),
        Clock.systemUTC()));
  }

  @Test
  void aMalformedMessage_isLoggedAndReportedFailed_soItReachesTheDeadLetterQueue() throws Exception {
    SQSBatchResponse response = worker(publisher(URI.create(datadog.baseUrl()))).handleRequest(event(
        record("garbage", "not json"),
        record("bad-name", "{\"packages\":[\"../x\"],\"since\":\"2026-11-24T04:00:00Z\",\"until\":\"2026-11-24T05:00:00Z\"}"),
        record("good", body(HONEST))), null);

    assertEquals(Set.of("garbage", "bad-name"), failedIds(response));
    String log = logBytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, log.lines().filter(l -> l.contains("\"msg\":\"sweep.message_malformed\"")).count(), log);
    assertTrue(delivered().stream().anyMatch(s -> s.contains("package:honest-a") && s.contains("status:verified")));
  }

  @Test
  void datadogDown_theWorkerStillSucceeds_andThePointsAreLogged() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    SQSBatchResponse response = worker(publisher(URI.create("http://127.0.0.1:" + closedPort + "/")))
        .handleRequest(event(record("ok", body(HONEST, INTEGRITY))), null);

    assertTrue(response.getBatchItemFailures().isEmpty());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logBytes.toString(StandardCharsets.UTF_8).lines().toList()) {
      lines.add(Json.mapper().readTree(line));
    }
    assertTrue(lines.stream().anyMatch(l -> l.path("msg").asText().equals("metric.unsent")
        && l.path("metric").asText().equals("hekate.verification")
        && l.path("tags").toString().contains("package:honest-a")), lines::toString);
    assertTrue(lines.stream().anyMatch(l -> l.path("msg").asText().equals("event.unsent")
        && l.path("title").asText().contains(INTEGRITY)), lines::toString);
    assertTrue(lines.stream().anyMatch(l -> l.path("msg").asText().equals("metrics.incomplete")));
  }

  @Test
  void eachMessageRecordsTheTimeFromTheScheduledRunToItsCompletion() throws Exception {
    SweepWindow window = new SweepWindow(Instant.parse("2026-11-24T05:00:00Z"), Instant.parse("2026-11-24T06:00:00Z"));
    Clock ninetySecondsLater = Clock.fixed(window.until().plusSeconds(90), java.time.ZoneOffset.UTC);
    WorkerHandler worker = new WorkerHandler(engine, publisher(URI.create(datadog.baseUrl())),
        new JsonLog(logOut, Clock.systemUTC()), ninetySecondsLater);
    worker.handleRequest(event(record("one", new SweepMessage(List.of(HONEST), window).toJson())), null);

    assertTrue(delivered().contains("hekate.sweep.duration [ecosystem:npm] = 90.0"), () -> {
      try {
        return delivered().toString();
      } catch (IOException e) {
        return e.toString();
      }
    });
  }

  /** The sigstore's npm keys, with the registry-signature key replaced by one whose every use throws: a Hekate bug inside a check. */
  private static dev.hekate.core.trust.TrustedKeys keysWithAThrowingSignatureKey() throws Exception {
    java.security.interfaces.ECPublicKey throwing = new java.security.interfaces.ECPublicKey() {
      private static final long serialVersionUID = 1L;

      @Override
      public java.security.spec.ECPoint getW() {
        throw new IllegalStateException("simulated bug");
      }

      @Override
      public java.security.spec.ECParameterSpec getParams() {
        throw new IllegalStateException("simulated bug");
      }

      @Override
      public String getAlgorithm() {
        return "EC";
      }

      @Override
      public String getFormat() {
        return "X.509";
      }

      @Override
      public byte[] getEncoded() {
        throw new IllegalStateException("simulated bug");
      }
    };
    return new dev.hekate.core.trust.TrustedKeys(TrustedKeys.parse(SIGSTORE.npmKeysJson()).keys().stream()
        .map(k -> k.keyUsage().equals(TrustedKeys.NPM_SIGNATURES)
            ? new dev.hekate.core.trust.TrustedKey(k.keyId(), k.keyUsage(), throwing, k.validity()) : k)
        .toList());
  }

  @Test
  void aCheckThatFailsInsideHekate_isLoggedWithItsStackTrace_andTheMessageComesBack() throws Exception {
    SweepEngine faulty = ClientWiring.sweepEngine(ClientWiring.Profile.SWEEP, registry.baseUrl(),
        new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()), keysWithAThrowingSignatureKey()), false, 4);
    WorkerHandler worker = new WorkerHandler(faulty, publisher(URI.create(datadog.baseUrl())),
        new JsonLog(logOut, Clock.systemUTC()), Clock.systemUTC());

    SQSBatchResponse response = worker.handleRequest(event(record("m1", body(HONEST))), null);

    assertEquals(Set.of("m1"), failedIds(response));
    String log = logBytes.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("\"msg\":\"sweep.internal_error\""), log);
    assertTrue(log.contains(HONEST + "@1.0.0 npm.registry_signature"), log);
    assertTrue(log.contains("simulated bug"), log);
  }

  @Test
  void anEmptyEvent_answersNoFailures() {
    assertTrue(worker(publisher(URI.create(datadog.baseUrl()))).handleRequest(new SQSEvent(), null)
        .getBatchItemFailures().isEmpty());
  }

  @Test
  void aFlood_isLoggedAndRecorded_theRegressionItBuriesIsReported_andTheMessageIsDone() throws Exception {
    SweepWindow window = new SweepWindow(FLOOD_START, FLOOD_START.plus(Duration.ofDays(1)));
    SQSBatchResponse response = worker(publisher(URI.create(datadog.baseUrl()))).handleRequest(
        event(record("flood", new SweepMessage(List.of(FLOODED), window).toJson())), null);

    assertTrue(response.getBatchItemFailures().isEmpty(), "a flood is not retryable: the next receive meets the same");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logBytes.toString(StandardCharsets.UTF_8).lines().toList()) {
      lines.add(Json.mapper().readTree(line));
    }
    assertTrue(lines.stream().anyMatch(l -> l.path("msg").asText().equals("sweep.version_flood")
        && l.path("level").asText().equals("WARN") && l.path("detail").asText().contains("flood")
        && l.path("detail").asText().contains(FLOODED + " published 26 versions")), lines::toString);
    List<String> series = delivered();
    assertTrue(series.contains("hekate.sweep.version_flood [ecosystem:npm, package:flooded] = 1.0"), series::toString);
    assertFalse(series.stream().anyMatch(s -> s.startsWith("hekate.sweep.versions_deferred")),
        "all 26 are under the ceiling: nothing deferred");
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.provenance.regression ")
        && s.contains("package:flooded")), series::toString);
    assertTrue(series.stream().anyMatch(s -> s.startsWith("hekate.verification ")
        && s.contains("package:flooded") && s.contains("status:verified") && s.endsWith("= 25.0")), series::toString);
  }
}
