package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Validity;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npm.registry_signature} through {@code hekate verify-npm} against a loopback registry:
 * a registry that serves signing keys must have signed the version; one that serves none (a
 * mirror) leaves the check to a finding; a keys endpoint that cannot be read is "could not look";
 * and the signing key is judged at the publish attestation's signed time, not at the packument's
 * unsigned {@code time}. Asserts statuses, check ids, kinds and finding types, never messages.
 */
class VerifyNpmCommandRegistrySignatureTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String UNAVAILABLE = "registry_signatures_unavailable";

  @TempDir
  Path trust;

  private List<String> args(FakeRegistry registry, String spec, byte[] npmKeys) throws IOException {
    Path root = Files.write(trust.resolve("trusted_root.json"), SIGSTORE.trustedRootJson());
    Path keys = Files.write(trust.resolve("npm_keys.json"), npmKeys);
    return new ArrayList<>(List.of("verify-npm", "--registry", registry.baseUrl().toString(), "--tarball", "--json",
        "--trusted-root", root.toString(), "--npm-keys", keys.toString(), spec));
  }

  private JsonNode verify(FakeRegistry registry, String spec) throws IOException {
    return verify(registry, spec, SIGSTORE.npmKeysJson());
  }

  private JsonNode verify(FakeRegistry registry, String spec, byte[] npmKeys) throws IOException {
    CliRun run = CliRun.of(args(registry, spec, npmKeys).toArray(String[]::new));
    JsonNode verdict = run.jsonLines().get(0);
    int exit = switch (verdict.path("status").asText()) {
      case "VERIFIED" -> 0;
      case "FAILED", "MISSING" -> 1;
      default -> 3;
    };
    assertEquals(exit, run.exit(), run.toString());
    return verdict;
  }

  /** Publishes {@code name@1.0.0} as an honest registry would, but without {@code dist.signatures}. */
  private static GeneratedPackage publishUnsigned(FakeRegistry registry, String name) {
    GeneratedPackage p = GeneratedNpm.generate(SIGSTORE, name, "1.0.0", BundleGeneration.V03_DSSE);
    registry.publish(p.packageVersion().unsigned().build());
    return p;
  }

  private static void serveKeys(FakeRegistry registry) {
    registry.setKeys(FakeRegistry.keysDocument(SIGSTORE.npmKey()));
  }

  private static JsonNode check(JsonNode verdict, String id) {
    for (JsonNode check : verdict.path("checks")) {
      if (check.path("id").asText().equals(id)) {
        return check;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static List<String> findings(JsonNode verdict) {
    List<String> types = new ArrayList<>();
    verdict.path("findings").forEach(f -> types.add(f.path("type").asText()));
    return types;
  }

  private static void assertFailedInvalid(JsonNode verdict) {
    assertEquals("FAILED", verdict.path("status").asText(), verdict.toString());
    assertEquals("npm.registry_signature", CliRun.firstFailure(verdict), verdict.toString());
    assertEquals("invalid", check(verdict, "npm.registry_signature").path("kind").asText(), verdict.toString());
  }

  // --- a registry that publishes signing keys ------------------------------------------------

  @Test
  void aSignedVersionFromARegistryServingKeysIsVerified() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      serveKeys(registry);
      GeneratedNpm.publishVerified(registry, SIGSTORE, "signed", "1.0.0", BundleGeneration.V03_DSSE);

      JsonNode verdict = verify(registry, "signed@1.0.0");

      assertEquals("VERIFIED", verdict.path("status").asText(), verdict.toString());
      assertEquals("PASSED", check(verdict, "npm.registry_signature").path("outcome").asText());
      // The package's only version: where continuity starts, not a registry-signature finding.
      assertEquals(List.of("first_provenance"), findings(verdict), verdict.toString());
    }
  }

  @Test
  void anUnsignedVersionFromARegistryServingKeysFails() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      serveKeys(registry);
      publishUnsigned(registry, "stripped");

      assertFailedInvalid(verify(registry, "stripped@1.0.0"));
    }
  }

  @Test
  void aKeyRetiredBeforeTheAttestationWasLoggedFailsThoughThePackumentTimeIsBackdated() throws IOException {
    // The registry's key for npm:signatures was retired a day before the publish attestation was
    // logged; the packument's unsigned time claims a date inside the key's service.
    GeneratedPackage p = GeneratedNpm.generate(SIGSTORE, "backdated", "1.0.0", BundleGeneration.V03_DSSE);
    Instant logged = p.publish().integratedTime().orElseThrow();
    Instant retired = logged.minus(Duration.ofDays(1));
    byte[] npmKeys = SIGSTORE.npmKeysJsonWithSignatureKeyValidity(
        Validity.between(retired.minus(Duration.ofDays(300)), retired));
    try (FakeRegistry registry = FakeRegistry.start()) {
      serveKeys(registry);
      registry.publish(p.packageVersion().publishedAt(retired.minus(Duration.ofDays(30))).build());

      assertFailedInvalid(verify(registry, "backdated@1.0.0", npmKeys));
    }
  }

  @Test
  void aKeyRetiredAfterTheAttestationWasLoggedPasses() throws IOException {
    // The honest control of the rotation: signed while the key was in service.
    GeneratedPackage p = GeneratedNpm.generate(SIGSTORE, "rotated", "1.0.0", BundleGeneration.V03_DSSE);
    Instant retired = p.publish().integratedTime().orElseThrow().plus(Duration.ofDays(1));
    byte[] npmKeys = SIGSTORE.npmKeysJsonWithSignatureKeyValidity(
        Validity.between(retired.minus(Duration.ofDays(300)), retired));
    try (FakeRegistry registry = FakeRegistry.start()) {
      serveKeys(registry);
      registry.publish(p.packageVersion().build());

      JsonNode verdict = verify(registry, "rotated@1.0.0", npmKeys);

      assertEquals("VERIFIED", verdict.path("status").asText(), verdict.toString());
    }
  }

  // --- a registry that publishes none (a mirror) ---------------------------------------------

  @Test
  void anUnsignedVersionFromARegistryWithoutKeysIsAFindingAndTheRestDecides() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      publishUnsigned(registry, "mirrored");

      JsonNode verdict = verify(registry, "mirrored@1.0.0");

      assertEquals("VERIFIED", verdict.path("status").asText(), verdict.toString());
      assertTrue(check(verdict, "npm.registry_signature").isMissingNode(), verdict.toString());
      assertEquals(List.of(UNAVAILABLE, "first_provenance"), findings(verdict));
    }
  }

  @Test
  void onARegistryWithoutKeysTheRestOfTheEvidenceStillFails() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedPackage p = GeneratedNpm.generate(SIGSTORE, "mirrored-tampered", "1.0.0", BundleGeneration.V03_DSSE);
      registry.publish(p.packageVersion().unsigned().tarballOverride(new byte[] {1, 2, 3}).build());

      JsonNode verdict = verify(registry, "mirrored-tampered@1.0.0");

      assertEquals("FAILED", verdict.path("status").asText(), verdict.toString());
      assertEquals("npm.tarball", CliRun.firstFailure(verdict), verdict.toString());
      assertEquals(List.of(UNAVAILABLE, "first_provenance"), findings(verdict));
    }
  }

  // --- a keys endpoint that cannot be read -----------------------------------------------------

  @Test
  void aKeysEndpointFailingIsAnErrorForAnUnsignedVersionNeverAPassOrAFailure() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      serveKeys(registry);
      registry.setStatus("-/npm/v1/keys", 503);
      publishUnsigned(registry, "unsure");

      JsonNode verdict = verify(registry, "unsure@1.0.0");

      assertEquals("ERROR", verdict.path("status").asText(), verdict.toString());
      assertEquals("keys", verdict.at("/registryError/endpoint").asText(), verdict.toString());
      assertEquals(503, verdict.at("/registryError/httpStatus").asInt(), verdict.toString());
      assertEquals("", CliRun.firstFailure(verdict), verdict.toString());
    }
  }

  @Test
  void aKeysEndpointFailingDoesNotMatterForASignedVersion() throws IOException {
    // Its signatures are checked whatever the registry says of its keys, so the registry is not asked.
    try (FakeRegistry registry = FakeRegistry.start()) {
      registry.setStatus("-/npm/v1/keys", 503);
      GeneratedNpm.publishVerified(registry, SIGSTORE, "signed-anyway", "1.0.0", BundleGeneration.V03_DSSE);

      JsonNode verdict = verify(registry, "signed-anyway@1.0.0");

      assertEquals("VERIFIED", verdict.path("status").asText(), verdict.toString());
      assertTrue(registry.requests().stream().noneMatch(r -> r.path().contains("/-/npm/v1/keys")));
    }
  }

  // --- offline ---------------------------------------------------------------------------------

  @Test
  void offlineTheRegistrysSignatureIsNotCheckedAndTheVerdictSaysSo() throws IOException {
    GeneratedPackage p = GeneratedNpm.generate(SIGSTORE, "offline", "1.0.0", BundleGeneration.V03_DSSE);
    Path attestations = Files.write(trust.resolve("attestations.json"), p.attestations());
    Path tarball = Files.write(trust.resolve("offline.tgz"), p.tarball());
    Path root = Files.write(trust.resolve("trusted_root.json"), SIGSTORE.trustedRootJson());
    Path keys = Files.write(trust.resolve("npm_keys.json"), SIGSTORE.npmKeysJson());

    CliRun run = CliRun.of("verify-npm", "--attestations", attestations.toString(), "--tarball-file",
        tarball.toString(), "--trusted-root", root.toString(), "--npm-keys", keys.toString(), "--json", "offline@1.0.0");
    JsonNode verdict = run.jsonLines().get(0);

    assertEquals("VERIFIED", verdict.path("status").asText(), run.toString());
    assertEquals(0, run.exit());
    assertTrue(check(verdict, "npm.registry_signature").isMissingNode(), verdict.toString());
    assertEquals(List.of(UNAVAILABLE), findings(verdict));
  }
}
