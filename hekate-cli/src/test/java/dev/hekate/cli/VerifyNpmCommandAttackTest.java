package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.ExpectedOutcome;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.NpmAttack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack catalogue: packages minted by hekate-testdata's fake Sigstore and served by a
 * loopback registry, in every bundle generation, each refused by {@code hekate verify-npm} with
 * the check that names it — and honest packages of every generation verified.
 */
class VerifyNpmCommandAttackTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();

  @TempDir
  static Path trust;

  private static List<String> args(FakeRegistry registry, String spec) throws IOException {
    Path root = trust.resolve("trusted_root.json");
    Path keys = trust.resolve("npm_keys.json");
    if (!Files.exists(root)) {
      Files.write(root, SIGSTORE.trustedRootJson());
      Files.write(keys, SIGSTORE.npmKeysJson());
    }
    return new ArrayList<>(List.of("verify-npm", "--registry", registry.baseUrl().toString(), "--tarball", "--json",
        "--trusted-root", root.toString(), "--npm-keys", keys.toString(), spec));
  }

  @TestFactory
  Stream<DynamicTest> honestPackagesOfEveryGenerationVerify() {
    return Stream.of(BundleGeneration.values()).map(generation -> DynamicTest.dynamicTest(generation.name(), () -> {
      try (FakeRegistry registry = FakeRegistry.start()) {
        GeneratedNpm.publishVerified(registry, SIGSTORE, "@hekate/honest", "2.0.0", generation);
        CliRun run = CliRun.of(args(registry, "@hekate/honest@2.0.0").toArray(String[]::new));
        JsonNode verdict = run.jsonLines().get(0);
        assertEquals("VERIFIED", verdict.path("status").asText(), run.toString());
        assertEquals(0, run.exit());
        assertEquals(GeneratedNpm.repositoryOf("@hekate/honest"), verdict.at("/evidence/sourceRepository").asText());
      }
    }));
  }

  private static JsonNode verify(FakeRegistry registry, String spec) throws IOException {
    CliRun run = CliRun.of(args(registry, spec).toArray(String[]::new));
    return run.jsonLines().get(0);
  }

  /** Histories that must not alarm: the controls of the trust-downgrade attacks. */
  @Test
  void honestHistoriesAreVerifiedWithoutARegression() throws IOException {
    java.time.Instant now = SIGSTORE.now();
    try (FakeRegistry registry = FakeRegistry.start()) {
      // Provenance kept from one version to the next, across a new major line too.
      GeneratedNpm.publishVerified(registry, SIGSTORE, "kept", "1.0.0", BundleGeneration.V03_DSSE,
          now.minus(java.time.Duration.ofDays(60)));
      GeneratedNpm.publishVerified(registry, SIGSTORE, "kept", "1.1.0", BundleGeneration.V03_DSSE,
          now.minus(java.time.Duration.ofDays(30)));
      GeneratedNpm.publishVerified(registry, SIGSTORE, "kept", "2.0.0", BundleGeneration.V03_DSSE, now);
      for (String version : List.of("1.1.0", "2.0.0")) {
        JsonNode verdict = verify(registry, "kept@" + version);
        assertEquals("VERIFIED", verdict.path("status").asText(), verdict.toString());
        assertEquals(false, verdict.path("regression").asBoolean(), verdict.toString());
        assertEquals("provenance", verdict.path("tier").asText());
      }
      // A version published before the package first had provenance is no regression.
      registry.publish(GeneratedNpm.generate(SIGSTORE, "late", "0.1.0", BundleGeneration.V03_DSSE,
          now.minus(java.time.Duration.ofDays(60))).packageVersion().noAttestations().build());
      GeneratedNpm.publishVerified(registry, SIGSTORE, "late", "1.0.0", BundleGeneration.V03_DSSE, now);
      JsonNode before = verify(registry, "late@0.1.0");
      assertEquals("MISSING", before.path("status").asText(), before.toString());
      assertEquals(false, before.path("regression").asBoolean(), before.toString());
      assertEquals("none", before.path("tier").asText());
      // Trusted publishing kept.
      registry.publish(GeneratedNpm.generate(SIGSTORE, "trusted", "1.0.0", BundleGeneration.V03_DSSE,
          now.minus(java.time.Duration.ofDays(30))).packageVersion().trustedPublisher(true).build());
      registry.publish(GeneratedNpm.generate(SIGSTORE, "trusted", "1.1.0", BundleGeneration.V03_DSSE, now)
          .packageVersion().trustedPublisher(true).build());
      JsonNode trusted = verify(registry, "trusted@1.1.0");
      assertEquals("VERIFIED", trusted.path("status").asText(), trusted.toString());
      assertEquals(false, trusted.path("regression").asBoolean(), trusted.toString());
      assertEquals("trusted_publisher", trusted.path("tier").asText());
    }
  }

  /** A version the packument gives no publish time cannot be compared: said so, never a silent "no regression". */
  @Test
  void aVersionWithoutPublishTimeIsNotPlacedAndSaysSo() throws IOException {
    java.time.Instant now = SIGSTORE.now();
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedNpm.publishVerified(registry, SIGSTORE, "timeless", "1.0.0", BundleGeneration.V03_DSSE,
          now.minus(java.time.Duration.ofDays(30)));
      registry.publish(GeneratedNpm.generate(SIGSTORE, "timeless", "1.1.0", BundleGeneration.V03_DSSE, now)
          .packageVersion().noAttestations().withoutPublishTime().build());

      JsonNode verdict = verify(registry, "timeless@1.1.0");

      assertEquals("MISSING", verdict.path("status").asText(), verdict.toString());
      assertEquals(false, verdict.path("regression").asBoolean(), verdict.toString());
      List<String> findings = new ArrayList<>();
      verdict.path("findings").forEach(f -> findings.add(f.path("type").asText()));
      assertTrue(findings.contains("publish_time_unknown"), findings.toString());
      boolean unknown = false;
      for (JsonNode check : verdict.path("checks")) {
        unknown |= check.path("id").asText().equals("trust.history") && check.path("outcome").asText().equals("UNKNOWN");
      }
      assertTrue(unknown, verdict.toString());
    }
  }

  @TestFactory
  Stream<DynamicContainer> everyAttackIsRefusedByTheCheckThatNamesIt() {
    return Stream.of(NpmAttack.values()).map(attack -> DynamicContainer.dynamicContainer(
        attack + " → " + attack.expected() + " (" + attack.check() + ")",
        Stream.of(BundleGeneration.values()).map(generation -> DynamicTest.dynamicTest(generation.name(), () -> {
          try (FakeRegistry registry = FakeRegistry.start()) {
            NpmAttack.AttackedPackage target = attack.publish(registry, SIGSTORE, "victim", generation);
            CliRun run = CliRun.of(args(registry, target.name() + "@" + target.version()).toArray(String[]::new));
            JsonNode verdict = run.jsonLines().get(0);
            assertEquals(attack.expected().name(), verdict.path("status").asText(), run.toString());
            assertEquals(attack.regression(), verdict.path("regression").asBoolean(), run.toString());
            if (attack.expected() == ExpectedOutcome.FAILED) {
              assertEquals(attack.check(), CliRun.firstFailure(verdict), run.toString());
              assertEquals(1, run.exit());
            }
            List<String> findings = new ArrayList<>();
            verdict.path("findings").forEach(f -> findings.add(f.path("type").asText()));
            assertTrue(findings.containsAll(attack.findings()), attack.findings() + " in " + run);
          }
        }))));
  }

  @Test
  void aRegistryThatIsDownIsAnErrorNotAFailure() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedNpm.publishVerified(registry, SIGSTORE, "up-then-down", "1.0.0", BundleGeneration.V03_DSSE);
      registry.setDown(true);
      CliRun run = CliRun.of(args(registry, "up-then-down@1.0.0").toArray(String[]::new));
      JsonNode verdict = run.jsonLines().get(0);
      assertEquals("ERROR", verdict.path("status").asText(), run.toString());
      assertEquals(3, run.exit());
      assertEquals("packument", verdict.at("/registryError/endpoint").asText(), run.toString());
      assertEquals(503, verdict.at("/registryError/httpStatus").asInt(), run.toString());
    }
  }

  @Test
  void anAttestationsEndpointThatFailsIsAnErrorNamingIt() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedNpm.publishVerified(registry, SIGSTORE, "flaky", "1.0.0", BundleGeneration.V03_DSSE);
      registry.setStatus("/-/npm/v1/attestations/", 500);
      CliRun run = CliRun.of(args(registry, "flaky@1.0.0").toArray(String[]::new));
      JsonNode verdict = run.jsonLines().get(0);
      assertEquals("ERROR", verdict.path("status").asText(), run.toString());
      assertEquals("attestations", verdict.at("/registryError/endpoint").asText(), run.toString());
      assertEquals(500, verdict.at("/registryError/httpStatus").asInt(), run.toString());
    }
  }

  @Test
  void anUnknownPackageIsNotFound() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      CliRun run = CliRun.of(args(registry, "no-such-package@1.0.0").toArray(String[]::new));
      assertEquals(1, run.exit(), run.toString());
      assertTrue(run.out().contains("\"error\""), run.toString());
    }
  }

  @Test
  void invalidSpecsAreUsageErrorsAndFetchNothing() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      for (String spec : List.of("../etc/passwd@1.0.0", "name@^1.2.3", "@scope/../x@1.0.0", "na me@1.0.0", "name@1.2")) {
        CliRun run = CliRun.of(args(registry, spec).toArray(String[]::new));
        assertEquals(2, run.exit(), spec + ": " + run);
        assertTrue(!run.err().contains("Exception"), run.toString());
      }
      assertEquals(0, registry.requestCount());
    }
  }
}
