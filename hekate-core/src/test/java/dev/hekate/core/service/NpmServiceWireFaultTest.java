package dev.hekate.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.http.ScriptedServer;
import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.RegistryFailure;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.Verdicts;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.registry.RegistryException;
import dev.hekate.core.registry.RegistryException.Endpoint;
import dev.hekate.core.registry.RegistryException.Kind;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.ClosingFront;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a verdict says when the registry misbehaves on the wire, through {@link NpmService} and
 * {@link RegistryClient} against real loopback servers: a {@link FakeRegistry} behind a {@link
 * ClosingFront} (HTTP/1.0, every connection closed, bodies broken on chosen paths), or a {@link
 * ScriptedServer} for the packument itself. Every fault that is not an answer is ERROR with the
 * endpoint and status of the request that failed, never FAILED, MISSING or "no such package"; a
 * connection closed behind the client's back is no fault at all.
 */
class NpmServiceWireFaultTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String NAME = "wire-fault";
  private static final String SPEC = NAME + "@1.0.0";

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private FakeRegistry registry;
  private ClosingFront front;

  @BeforeEach
  void start() {
    registry = FakeRegistry.start();
    front = ClosingFront.start(registry.baseUrl());
    GeneratedNpm.publishVerified(registry, SIGSTORE, NAME, "1.0.0", BundleGeneration.V03_DSSE);
  }

  @AfterEach
  void stop() {
    front.close();
    registry.close();
  }

  private RegistryConfig config(URI base) {
    return RegistryConfig.defaults().withBaseUrl(base)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withMaxAttempts(2)
        .withSleeper(sleeps::add);
  }

  private static NpmService service(RegistryConfig config, boolean fetchTarball) throws Exception {
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    return new NpmService(RegistryClient.create(config), verifier, Optional.empty(), fetchTarball);
  }

  private static void assertRegistryError(String endpoint, int status, Verdict verdict) {
    assertEquals(Status.ERROR, verdict.status(), () -> Verdicts.describe(verdict));
    assertEquals(Optional.of(new RegistryFailure(endpoint, status)), verdict.registryFailure(),
        () -> Verdicts.describe(verdict));
  }

  // --- through the closing front -----------------------------------------------------------------

  @Test
  void aRegistryClosingEveryConnectionIsVerifiedWithOneAttemptPerRequest() throws Exception {
    NpmService service = service(config(front.baseUrl()).withMaxAttempts(1), true);
    for (int i = 0; i < 3; i++) {
      Verdict verdict = service.verify(PackageSpec.parse(SPEC));
      assertEquals(Status.VERIFIED, verdict.status(), () -> Verdicts.describe(verdict));
    }
    assertEquals(List.of(), sleeps);
  }

  @Test
  void truncatedAttestationsAreAnErrorOfTheAttestationsRequestNeverAnAnswer() throws Exception {
    front.setFault("-/npm/v1/attestations/", ClosingFront.Fault.TRUNCATED_BODY);

    assertRegistryError("attestations", 0, service(config(front.baseUrl()), false).verify(PackageSpec.parse(SPEC)));
    // Could not read, so retried and retryable: not an invalid answer, which would not be.
    RegistryClient client = RegistryClient.create(config(front.baseUrl()));
    var document = client.packument(NAME).resolve(PackageSpec.parse(SPEC)).orElseThrow();
    RegistryException e = assertThrows(RegistryException.class, () -> client.attestations(document));
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertEquals(Endpoint.ATTESTATIONS, e.endpoint());
    assertTrue(e.retryable());
  }

  @Test
  void aTarballResetHalfwayIsAnErrorOfTheTarballRequest() throws Exception {
    front.setFault(".tgz", ClosingFront.Fault.RESET_MID_BODY);

    assertRegistryError("tarball", 0, service(config(front.baseUrl()), true).verify(PackageSpec.parse(SPEC)));
    assertEquals(1, sleeps.size(), "two attempts, one backoff");
  }

  // --- the packument from a scripted server ------------------------------------------------------

  @Test
  void aPackumentCutShortIsAnErrorNotAPackageWithoutThatVersion() throws Exception {
    // What arrives is a whole packument without the version; its Content-Length says it is not all.
    byte[] partial = ("{\"name\":\"" + NAME + "\",\"versions\":{},\"time\":{}}").getBytes(StandardCharsets.UTF_8);
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + (partial.length + 4096)
          + "\r\n\r\n");
      c.write(partial);
    })) {
      assertRegistryError("packument", 0, service(config(server.baseUrl()), false).verify(PackageSpec.parse(SPEC)));
      assertEquals(2, server.requests());
    }
  }

  @Test
  void garbageJsonInA200IsAnInvalidAnswerAndNotRetried() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      while (c.readRequest().isPresent()) {
        c.respond("HTTP/1.1 200 OK", "", "{\"name\":\"wire-fault\",\"versions\":{\"1.0.0\":".getBytes(StandardCharsets.UTF_8));
      }
    })) {
      assertRegistryError("packument", 200, service(config(server.baseUrl()), false).verify(PackageSpec.parse(SPEC)));
      RegistryException e = assertThrows(RegistryException.class,
          () -> RegistryClient.create(config(server.baseUrl())).packument(NAME));
      assertEquals(Kind.INVALID_RESPONSE, e.kind());
      assertEquals(2, server.requests(), "one request for the verdict, one for the client: no retry");
    }
  }

  @Test
  void aStormOf429And503IsAnErrorWithTheLastStatusAfterTheAttemptsWithoutSleepingForReal() throws Exception {
    AtomicInteger answered = new AtomicInteger();
    try (ScriptedServer server = ScriptedServer.start(c -> {
      while (c.readRequest().isPresent()) {
        boolean first = answered.getAndIncrement() % 2 == 0;
        c.respond(first ? "HTTP/1.1 429 Too Many Requests" : "HTTP/1.1 503 Service Unavailable",
            "Retry-After: 30\r\n", new byte[0]);
      }
    })) {
      RegistryConfig config = config(server.baseUrl()).withMaxAttempts(4)
          .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(3));
      assertRegistryError("packument", 503, service(config, false).verify(PackageSpec.parse(SPEC)));
      assertEquals(4, server.requests());
      assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3)), sleeps);
    }
  }

  @Test
  void aRedirectLoopIsAnInvalidAnswer() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      while (c.readRequest().isPresent()) {
        c.respond("HTTP/1.1 307 Temporary Redirect", "Location: /" + NAME + "\r\n", new byte[0]);
      }
    })) {
      assertRegistryError("packument", 307, service(config(server.baseUrl()), false).verify(PackageSpec.parse(SPEC)));
      assertEquals(Limits.MAX_REDIRECTS + 1, server.requests(), "one attempt: a loop is not retried");
    }
  }

  @Test
  void aRegistryDribblingBytesIsAnErrorWhenTheTimeoutsEndIt() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
      for (int i = 0; i < 100_000; i++) {
        c.write(" ");
        Thread.sleep(100);
      }
    })) {
      RegistryConfig impatient = config(server.baseUrl())
          .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(700));
      long start = System.nanoTime();
      Verdict verdict = service(impatient, false).verify(PackageSpec.parse(SPEC));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertRegistryError("packument", 0, verdict);
      assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "two attempts of 0.7 s took " + took);
      RegistryException e = assertThrows(RegistryException.class,
          () -> RegistryClient.create(impatient.withMaxAttempts(1)).packument(NAME));
      assertInstanceOf(InterruptedIOException.class, e.getCause());
    }
  }

  @Test
  void headersOverTheLimitAreAnError() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.readRequest();
      c.write("HTTP/1.1 200 OK\r\n");
      for (int i = 0; i < 64; i++) {
        c.write("X-Filler-" + i + ": " + "h".repeat(8192) + "\r\n");
      }
      c.write("Content-Length: 2\r\n\r\n{}");
    })) {
      assertRegistryError("packument", 0, service(config(server.baseUrl()), false).verify(PackageSpec.parse(SPEC)));
    }
  }
}
