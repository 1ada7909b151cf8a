package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.RegistrySignature;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code npm.registry_signature}: the registry's ECDSA signature in {@code dist.signatures} over
 * {@code <name>@<version>:<integrity>}, checked with a key of usage {@code npm:signatures} chosen
 * by key id and valid when the version was published. Pure: a generated, otherwise verified
 * package is handed to {@link NpmVerifier} with the {@code dist.signatures} under test.
 */
class RegistrySignatureTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final GeneratedPackage PACKAGE =
      GeneratedNpm.generate(SIGSTORE, "@hekate/signed", "1.2.3", BundleGeneration.V03_DSSE);

  private static String message(String name, String version, String integrity) {
    return name + "@" + version + ":" + integrity;
  }

  private static RegistrySignature signed(String text) {
    return new RegistrySignature(SIGSTORE.npmKey().keyId(),
        Base64.getEncoder().encodeToString(SIGSTORE.npmKey().sign(text.getBytes(StandardCharsets.UTF_8))));
  }

  private static RegistrySignature honest() {
    return signed(message(PACKAGE.name(), PACKAGE.version(), PACKAGE.integrity()));
  }

  private static Verdict verify(List<RegistrySignature> signatures) throws Exception {
    return verify(signatures, SIGSTORE.npmKeysJson(), Optional.of(PACKAGE.publishedAt()));
  }

  private static Verdict verify(List<RegistrySignature> signatures, byte[] keys, Optional<Instant> publishedAt)
      throws Exception {
    Dist dist = new Dist(Optional.of(PACKAGE.integrity()), "", "", Optional.empty(), Optional.empty(), signatures);
    VersionDocument document = new VersionDocument(PACKAGE.name(), PACKAGE.version(), dist,
        Optional.of(PACKAGE.gitHead()), Optional.of(PACKAGE.repositoryUrl()), Optional.of("hekate-test"));
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()), TrustedKeys.parse(keys));
    return verifier.verify(new NpmVerifier.Input(PACKAGE.name(), PACKAGE.version(), document, publishedAt,
        Optional.of(PACKAGE.attestations()), Optional.empty(), false, Optional.empty()));
  }

  private static CheckResult signatureCheck(Verdict verdict) {
    return verdict.check(CheckId.NPM_REGISTRY_SIGNATURE)
        .orElseThrow(() -> new AssertionError("npm.registry_signature did not run: " + Verdicts.describe(verdict)));
  }

  private static void assertRefused(Verdict verdict) {
    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.FAILED, signatureCheck(verdict).outcome());
    assertEquals(CheckId.NPM_REGISTRY_SIGNATURE, verdict.firstFailure().orElseThrow().result().id(),
        Verdicts.describe(verdict));
  }

  /** SIGSTORE's keys document with each {@code npm:signatures} entry changed by {@code edit}. */
  private static byte[] keysWithSignatureKey(Consumer<ObjectNode> edit) throws Exception {
    JsonNode root = Json.mapper().readTree(SIGSTORE.npmKeysJson());
    for (JsonNode key : root.get("keys")) {
      if (key.path("keyUsage").asText().equals("npm:signatures")) {
        edit.accept((ObjectNode) key);
      }
    }
    return Json.mapper().writeValueAsBytes(root);
  }

  private static void validFor(ObjectNode key, Instant start, Optional<Instant> end) {
    ObjectNode validFor = ((ObjectNode) key.get("publicKey")).putObject("validFor");
    validFor.put("start", start.toString());
    end.ifPresent(e -> validFor.put("end", e.toString()));
  }

  // --- passes ----------------------------------------------------------------------------------

  @Test
  void theRegistrysSignatureOverNameVersionAndIntegrityPasses() throws Exception {
    Verdict verdict = verify(List.of(honest()));

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.PASSED, signatureCheck(verdict).outcome());
  }

  @Test
  void oneGoodSignatureAmongUnknownOnesPasses() throws Exception {
    // Around a key rotation the registry may list signatures by keys a client does not have yet.
    RegistrySignature unknown = new RegistrySignature("SHA256:notAKeyHekateKnows", honest().sig());

    Verdict verdict = verify(List.of(unknown, honest()));

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.PASSED, signatureCheck(verdict).outcome());
  }

  @Test
  void withoutPublishTimeTheKeyIsCheckedAtThePublishAttestationsLogTime() throws Exception {
    Verdict verdict = verify(List.of(honest()), SIGSTORE.npmKeysJson(), Optional.empty());

    assertEquals(Outcome.PASSED, signatureCheck(verdict).outcome(), Verdicts.describe(verdict));
  }

  @Test
  void noSignaturesMeansNoCheck() throws Exception {
    // Registries that do not sign (mirrors, old versions) are not penalised: the attestations decide.
    Verdict verdict = verify(List.of());

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.check(CheckId.NPM_REGISTRY_SIGNATURE).isEmpty(), Verdicts.describe(verdict));
  }

  // --- refused ---------------------------------------------------------------------------------

  @Test
  void aSignatureOverAnotherVersionFails() throws Exception {
    assertRefused(verify(List.of(signed(message(PACKAGE.name(), "1.2.4", PACKAGE.integrity())))));
  }

  @Test
  void aSignatureOverAnotherPackageFails() throws Exception {
    assertRefused(verify(List.of(signed(message("@hekate/other", PACKAGE.version(), PACKAGE.integrity())))));
  }

  @Test
  void aSignatureOverAnotherIntegrityFails() throws Exception {
    String other = "sha512-" + Base64.getEncoder().encodeToString(new byte[64]);
    assertRefused(verify(List.of(signed(message(PACKAGE.name(), PACKAGE.version(), other)))));
  }

  @Test
  void aSignatureOverTheUnscopedOrEncodedNameFails() throws Exception {
    // The message names the package as npm does: "@scope/name", not "%40scope%2fname".
    assertRefused(verify(List.of(signed(message("%40hekate%2fsigned", PACKAGE.version(), PACKAGE.integrity())))));
  }

  @Test
  void anUnknownKeyIdFails() throws Exception {
    RegistrySignature unknown = new RegistrySignature("SHA256:notAKeyHekateKnows", honest().sig());

    assertRefused(verify(List.of(unknown)));
  }

  @Test
  void anotherKeyUnderTheTrustedKeyIdFails() throws Exception {
    // An attacker's P-256 key, its signature labelled with the registry's key id.
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair attacker = generator.generateKeyPair();
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initSign(attacker.getPrivate());
    ecdsa.update(message(PACKAGE.name(), PACKAGE.version(), PACKAGE.integrity()).getBytes(StandardCharsets.UTF_8));
    RegistrySignature forged = new RegistrySignature(SIGSTORE.npmKey().keyId(),
        Base64.getEncoder().encodeToString(ecdsa.sign()));

    assertRefused(verify(List.of(forged)));
  }

  @Test
  void aKeyTrustedOnlyForAttestationsFails() throws Exception {
    JsonNode root = Json.mapper().readTree(SIGSTORE.npmKeysJson());
    ArrayNode kept = Json.mapper().createArrayNode();
    root.get("keys").forEach(k -> {
      if (!k.path("keyUsage").asText().equals("npm:signatures")) {
        kept.add(k);
      }
    });
    ((ObjectNode) root).set("keys", kept);

    assertRefused(verify(List.of(honest()), Json.mapper().writeValueAsBytes(root), Optional.of(PACKAGE.publishedAt())));
  }

  @Test
  void aKeyThatExpiredBeforeThePublishTimeFails() throws Exception {
    Instant published = PACKAGE.publishedAt();
    byte[] keys = keysWithSignatureKey(k -> validFor(k, published.minus(Duration.ofDays(400)),
        Optional.of(published.minus(Duration.ofDays(1)))));

    assertRefused(verify(List.of(honest()), keys, Optional.of(published)));
  }

  @Test
  void aKeyNotYetValidAtThePublishTimeFails() throws Exception {
    Instant published = PACKAGE.publishedAt();
    byte[] keys = keysWithSignatureKey(k -> validFor(k, published.plus(Duration.ofDays(1)), Optional.empty()));

    assertRefused(verify(List.of(honest()), keys, Optional.of(published)));
  }

  @Test
  void aKeyRotatedOutAfterThePublishTimeStillPasses() throws Exception {
    // npm's first key signs versions published before its end date for ever.
    Instant published = PACKAGE.publishedAt();
    byte[] keys = keysWithSignatureKey(k -> validFor(k, published.minus(Duration.ofDays(400)),
        Optional.of(published.plus(Duration.ofDays(1)))));

    Verdict verdict = verify(List.of(honest()), keys, Optional.of(published));

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
  }

  @Test
  void aSignatureThatIsNotBase64Fails() throws Exception {
    assertRefused(verify(List.of(new RegistrySignature(SIGSTORE.npmKey().keyId(), "not base64!"))));
  }

  @Test
  void aTruncatedSignatureFails() throws Exception {
    String sig = honest().sig();
    byte[] der = Base64.getDecoder().decode(sig);
    byte[] truncated = java.util.Arrays.copyOf(der, der.length - 4);

    assertRefused(verify(List.of(new RegistrySignature(SIGSTORE.npmKey().keyId(),
        Base64.getEncoder().encodeToString(truncated)))));
  }
}
