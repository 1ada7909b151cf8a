package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.TrustedKeys;
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
 * {@link RegistrySignatureVerifier}, {@code npm.registry_signature}: the registry's ECDSA signature
 * in {@code dist.signatures} over {@code <name>@<version>:<integrity>}, checked with a key of usage
 * {@code npm:signatures} chosen by key id and valid at every time given; anything else, no
 * signature at all included, is INVALID. (Which times those are — the publish attestation's signed
 * times — and when a version without signatures is checked at all, is {@code RegistrySignatureCheck}'s:
 * {@code NpmVerifierTest}.)
 */
class RegistrySignatureVerifierTest {
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

  private static void verify(List<RegistrySignature> signatures) throws Exception {
    verify(signatures, SIGSTORE.npmKeysJson(), PACKAGE.publishedAt());
  }

  private static void verify(List<RegistrySignature> signatures, byte[] keys, Instant publishedAt) throws Exception {
    verify(signatures, keys, List.of(publishedAt));
  }

  private static void verify(List<RegistrySignature> signatures, byte[] keys, List<Instant> times) throws Exception {
    RegistrySignatureVerifier.verify(PACKAGE.name(), PACKAGE.version(), PACKAGE.integrity(), signatures,
        TrustedKeys.parse(keys), times);
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable verification) {
    VerificationException e = assertThrows(VerificationException.class, verification);
    assertEquals(CheckId.NPM_REGISTRY_SIGNATURE, e.check());
    assertEquals(FailureKind.INVALID, e.kind());
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
  void theRegistrysSignatureOverNameVersionAndIntegrityPasses() {
    assertDoesNotThrow(() -> verify(List.of(honest())));
  }

  @Test
  void oneGoodSignatureAmongUnknownOnesPasses() {
    // Around a key rotation the registry may list signatures by keys a client does not have yet.
    RegistrySignature unknown = new RegistrySignature("SHA256:notAKeyHekateKnows", honest().sig());

    assertDoesNotThrow(() -> verify(List.of(unknown, honest())));
  }

  @Test
  void aKeyRotatedOutAfterThePublishTimeStillPasses() throws Exception {
    // npm's first key signs versions published before its end date for ever.
    Instant published = PACKAGE.publishedAt();
    byte[] keys = keysWithSignatureKey(k -> validFor(k, published.minus(Duration.ofDays(400)),
        Optional.of(published.plus(Duration.ofDays(1)))));

    assertDoesNotThrow(() -> verify(List.of(honest()), keys, published));
  }

  // --- refused ---------------------------------------------------------------------------------

  @Test
  void noSignatureIsRefused() {
    assertRefused(() -> verify(List.of()));
  }

  @Test
  void aSignatureOverAnotherVersionFails() {
    assertRefused(() -> verify(List.of(signed(message(PACKAGE.name(), "1.2.4", PACKAGE.integrity())))));
  }

  @Test
  void aSignatureOverAnotherPackageFails() {
    assertRefused(() -> verify(List.of(signed(message("@hekate/other", PACKAGE.version(), PACKAGE.integrity())))));
  }

  @Test
  void aSignatureOverAnotherIntegrityFails() {
    String other = "sha512-" + Base64.getEncoder().encodeToString(new byte[64]);
    assertRefused(() -> verify(List.of(signed(message(PACKAGE.name(), PACKAGE.version(), other)))));
  }

  @Test
  void aSignatureOverTheUnscopedOrEncodedNameFails() {
    // The message names the package as npm does: "@scope/name", not "%40scope%2fname".
    assertRefused(() -> verify(List.of(signed(message("%40hekate%2fsigned", PACKAGE.version(), PACKAGE.integrity())))));
  }

  @Test
  void anUnknownKeyIdFails() {
    RegistrySignature unknown = new RegistrySignature("SHA256:notAKeyHekateKnows", honest().sig());

    assertRefused(() -> verify(List.of(unknown)));
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

    assertRefused(() -> verify(List.of(forged)));
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
    byte[] keys = Json.mapper().writeValueAsBytes(root);

    assertRefused(() -> verify(List.of(honest()), keys, PACKAGE.publishedAt()));
  }

  @Test
  void aKeyThatExpiredBeforeThePublishTimeFails() throws Exception {
    Instant published = PACKAGE.publishedAt();
    byte[] keys = keysWithSignatureKey(k -> validFor(k, published.minus(Duration.ofDays(400)),
        Optional.of(published.minus(Duration.ofDays(1)))));

    assertRefused(() -> verify(List.of(honest()), keys, published));
  }

  @Test
  void aKeyNotYetValidAtThePublishTimeFails() throws Exception {
    Instant published = PACKAGE.publishedAt();
    byte[] keys = keysWithSignatureKey(k -> validFor(k, published.plus(Duration.ofDays(1)), Optional.empty()));

    assertRefused(() -> verify(List.of(honest()), keys, published));
  }

  @Test
  void aKeyValidAtOneSignedTimeButNotAnotherFails() throws Exception {
    // Every signed time counts: a key retired between the log's time and a timestamp's is not enough.
    Instant published = PACKAGE.publishedAt();
    byte[] keys = keysWithSignatureKey(k -> validFor(k, published.minus(Duration.ofDays(400)),
        Optional.of(published.plus(Duration.ofSeconds(1)))));

    assertDoesNotThrow(() -> verify(List.of(honest()), keys, List.of(published)));
    assertRefused(() -> verify(List.of(honest()), keys, List.of(published, published.plus(Duration.ofSeconds(2)))));
  }

  @Test
  void noTimeToJudgeTheKeyAtFails() {
    assertRefused(() -> verify(List.of(honest()), SIGSTORE.npmKeysJson(), List.of()));
  }

  @Test
  void aSignatureThatIsNotBase64Fails() {
    assertRefused(() -> verify(List.of(new RegistrySignature(SIGSTORE.npmKey().keyId(), "not base64!"))));
  }

  @Test
  void aTruncatedSignatureFails() {
    byte[] der = Base64.getDecoder().decode(honest().sig());
    byte[] truncated = java.util.Arrays.copyOf(der, der.length - 4);

    assertRefused(() -> verify(List.of(new RegistrySignature(SIGSTORE.npmKey().keyId(),
        Base64.getEncoder().encodeToString(truncated)))));
  }
}
