package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.crypto.Ecdsa;
import dev.hekate.core.trust.TrustedKey;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.core.trust.ValidityPeriod;
import dev.hekate.testdata.FakeSigstore;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signature tables prepared at init only where init is off the request path. */
class TrustMaterialPreparationTest {

  private static TrustMaterial material(FakeSigstore sigstore) throws Exception {
    return new TrustMaterial(TrustedRootParser.parse(sigstore.trustedRootJson()), TrustedKeys.parse(sigstore.npmKeysJson()));
  }

  private static List<PublicKey> keys(FakeSigstore sigstore) {
    return List.of(sigstore.rekorV1().publicKey(), sigstore.ctLog().publicKey(),
        sigstore.ca().intermediateCertificate().getPublicKey(), sigstore.npmKey().publicKey());
  }

  /** Trust material with one npm key nobody else in this JVM has (testdata's keys are deterministic). */
  private static TrustMaterial withAFreshKey(PublicKey key, ValidityPeriod validity) {
    return new TrustMaterial(new TrustedRoot(List.of(), List.of(), List.of(), List.of()),
        new TrustedKeys(List.of(new TrustedKey("fresh", TrustedKeys.NPM_ATTESTATIONS, key, validity))));
  }

  private static PublicKey freshKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair().getPublic();
  }

  @Test
  void aSnapStartInitPreparesTheCurrentKeys_anOnDemandOneDoesNot() throws Exception {
    PublicKey onDemand = freshKey();
    withAFreshKey(onDemand, ValidityPeriod.from(Instant.EPOCH))
        .preparedForInit(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
    withAFreshKey(onDemand, ValidityPeriod.from(Instant.EPOCH)).preparedForInit(Map.of());
    assertFalse(Ecdsa.shared().hasTable(onDemand));

    PublicKey snapStart = freshKey();
    withAFreshKey(snapStart, ValidityPeriod.from(Instant.EPOCH))
        .preparedForInit(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"));
    assertTrue(Ecdsa.shared().hasTable(snapStart));

    PublicKey retired = freshKey();
    withAFreshKey(retired, ValidityPeriod.between(Instant.EPOCH, Instant.EPOCH.plusSeconds(60)))
        .preparedForInit(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));
    assertFalse(Ecdsa.shared().hasTable(retired), "a retired key gets a table only if it keeps being used");

    FakeSigstore sigstore = FakeSigstore.create();
    material(sigstore).preparedForInit(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"));
    for (PublicKey key : keys(sigstore)) {
      assertTrue(Ecdsa.shared().hasTable(key), "snap-start: " + key);
    }
  }

  @Test
  void theEmbeddedMaterialsCurrentEcKeysAreAllPrepared() {
    TrustMaterial embedded = TrustMaterial.embedded();
    int prepared = embedded.prepareSignatureTables();
    // Rekor, the CT log, the Fulcio intermediate and npm's attestation key at least; Ed25519 keys are skipped.
    assertTrue(prepared >= 4, "prepared " + prepared);
    embedded.npmKeys().keys().stream().filter(k -> k.validity().end().isEmpty())
        .forEach(k -> assertTrue(Ecdsa.shared().hasTable(k.publicKey()), k.keyId()));
    assertEquals(prepared, embedded.prepareSignatureTables(), "preparing again changes nothing");
  }
}
