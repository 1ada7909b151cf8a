package dev.hekate.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import dev.hekate.testdata.TlogKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Bundles the reference clients (sigstore-go, sigstore-python) accept and Hekate once refused:
 * ECDSA P-384 over a SHA-256 digest, and several RFC 3161 timestamps of which some do not verify.
 * Each is minted by the fake Sigstore, with the attack that must still fail beside it.
 */
class CompatibilityBundlesTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "compatibility test artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static VerificationResult verify(FakeBundle bundle, byte[] json) throws Exception {
    BundleVerifier verifier = new BundleVerifier(TrustedRootParser.parse(bundle.trustedRootJson()));
    return verifier.verify(json, Artifact.ofBytes(bundle.artifact()),
        Policy.identity(IdentityPolicy.exact(bundle.expectedIdentity(), bundle.expectedIssuer())));
  }

  private static VerificationResult verify(FakeBundle bundle) throws Exception {
    return verify(bundle, bundle.json());
  }

  private static CheckResult check(VerificationResult result, CheckId id) {
    return result.checks().stream().filter(c -> c.id() == id).findFirst().orElseThrow();
  }

  @Test
  void p384WithSha256AsOlderClientsSignedVerifies() throws Exception {
    for (TlogKind kind : new TlogKind[] {TlogKind.HASHEDREKORD_001, TlogKind.HASHEDREKORD_002}) {
      FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).leafCurve("P-384")
          .messageHash("SHA-256").tlogKind(kind).build();
      VerificationResult result = verify(bundle);
      assertTrue(result.verified(), kind + ": " + result.firstFailure());
    }
  }

  @Test
  void p384WithItsOwnSha384StillVerifies() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).leafCurve("P-384").build();
    assertTrue(verify(bundle).verified(), String.valueOf(verify(bundle).firstFailure()));
  }

  @Test
  void aSha256SignatureDeclaredAsSha384DoesNotVerify() throws Exception {
    // Signed over SHA-256; the bundle now says SHA-384 (with the artifact's true SHA-384): the hash
    // the bundle names is the one used, and the signature does not hold under it.
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).leafCurve("P-384")
        .messageHash("SHA-256").build();
    ObjectNode json = (ObjectNode) JSON.readTree(bundle.json());
    ((ObjectNode) json.at("/messageSignature/messageDigest")).put("algorithm", "SHA2_384")
        .put("digest", Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(ARTIFACT)));

    VerificationResult result = verify(bundle, JSON.writeValueAsBytes(json));

    assertFalse(result.verified());
    assertEquals(CheckId.MESSAGE_SIGNATURE, result.firstFailure().orElseThrow().id(), result.toString());
  }

  @Test
  void aHashTheCurveIsNotVerifiedWithIsRefusedByName() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).messageHash("SHA-384").build();

    VerificationResult result = verify(bundle);

    CheckResult failure = result.firstFailure().orElseThrow();
    assertEquals(CheckId.MESSAGE_SIGNATURE, failure.id());
    assertTrue(failure.detail().contains("a hash this key's curve is not verified with"), failure.detail());
  }

  @Test
  void oneBadAndOneGoodTimestampVerifyOnTheGoodOne() throws Exception {
    // Rekor v2: no signed entry time, so the good timestamp is the only time there is.
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tlogKind(TlogKind.HASHEDREKORD_002)
        .withTimestamp(true).withBadTimestampFirst(true).build();

    VerificationResult result = verify(bundle);

    assertTrue(result.verified(), String.valueOf(result.firstFailure()));
    CheckResult timestamps = check(result, CheckId.TIMESTAMP_RFC3161);
    assertEquals(Outcome.WARNING, timestamps.outcome());
    assertTrue(timestamps.detail().startsWith("1 of 2 timestamp(s) verified; set aside: timestamp 1: imprint:"),
        timestamps.detail());
    assertEquals(1, result.verifiedBundle().map(v -> v.verifiedTimes().size()).orElse(0));
  }

  @Test
  void onlyBadTimestampsProveNoTime() throws Exception {
    for (Tamper tamper : new Tamper[] {Tamper.TSA_IMPRINT, Tamper.UNTRUSTED_TSA}) {
      FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tlogKind(TlogKind.HASHEDREKORD_002)
          .tamper(tamper).build();

      VerificationResult result = verify(bundle);

      assertFalse(result.verified(), tamper.name());
      assertEquals(CheckId.TIMESTAMP_THRESHOLD, result.firstFailure().orElseThrow().id(), tamper.name());
      assertEquals(Outcome.WARNING, check(result, CheckId.TIMESTAMP_RFC3161).outcome());
    }
  }

  @Test
  void aBadTimestampBesideASignedEntryTimeVerifiesOnTheLogsTime() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tamper(Tamper.TSA_IMPRINT).build();

    VerificationResult result = verify(bundle);

    assertTrue(result.verified(), String.valueOf(result.firstFailure()));
    assertEquals(Outcome.WARNING, check(result, CheckId.TIMESTAMP_RFC3161).outcome());
  }

  @Test
  void theSameTimestampTwiceIsRefusedNotCountedTwice() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tlogKind(TlogKind.HASHEDREKORD_002)
        .withTimestamp(true).build();
    ObjectNode json = (ObjectNode) JSON.readTree(bundle.json());
    var timestamps = (com.fasterxml.jackson.databind.node.ArrayNode)
        json.at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps");
    timestamps.add(timestamps.get(0).deepCopy());

    VerificationResult result = verify(bundle, JSON.writeValueAsBytes(json));

    CheckResult failure = result.firstFailure().orElseThrow();
    assertEquals(CheckId.TIMESTAMP_RFC3161, failure.id());
    assertTrue(failure.detail().contains("the same token"), failure.detail());
  }

  @Test
  void timestampsWithARootThatNamesNoAuthorityAreRefused() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).withTimestamp(true).build();
    ObjectNode root = (ObjectNode) JSON.readTree(bundle.trustedRootJson());
    root.putArray("timestampAuthorities");
    BundleVerifier verifier = new BundleVerifier(TrustedRootParser.parse(JSON.writeValueAsBytes(root)));

    VerificationResult result = verifier.verify(bundle.json(), Artifact.ofBytes(bundle.artifact()),
        Policy.identity(IdentityPolicy.exact(bundle.expectedIdentity(), bundle.expectedIssuer())));

    CheckResult failure = result.firstFailure().orElseThrow();
    assertEquals(CheckId.TIMESTAMP_RFC3161, failure.id());
    assertTrue(failure.detail().contains("names no timestamp authority"), failure.detail());
  }
}
