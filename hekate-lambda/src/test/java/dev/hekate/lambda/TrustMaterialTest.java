package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.crypto.Ecdsa;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signature tables prepared at init only where init is off the request path. */
class TrustMaterialTest {

  private static TrustMaterial material(FakeSigstore sigstore) throws Exception {
    return new TrustMaterial(TrustedRootParser.parse(sigstore.trustedRootJson()), TrustedKeys.parse(sigstore.npmKeysJson()));
  }

  private static List<PublicKey> keys(FakeSigstore sigstore) {
    return List.of(sigstore.rekorV1().publicKey(), sigstore.ctLog().publicKey(),
        sigstore.ca().intermediateCertificate().getPublicKey(), sigstore.npmKey().publicKey());
  }

  @Test
  void aSnapStartInitPreparesTheCurrentKeys_anOnDemandOneDoesNot() throws Exception {
    FakeSigstore onDemand = FakeSigstore.create();
    material(onDemand).preparedForInit(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
    material(onDemand).preparedForInit(Map.of());
    for (PublicKey key : keys(onDemand)) {
      assertFalse(Ecdsa.shared().hasTable(key), "on demand: " + key);
    }

    FakeSigstore snapStart = FakeSigstore.create();
    material(snapStart).preparedForInit(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"));
    for (PublicKey key : keys(snapStart)) {
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
