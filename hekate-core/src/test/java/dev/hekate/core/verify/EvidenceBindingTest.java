package dev.hekate.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.BundleVersion;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.TlogKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, items 4 and 5: what a verified bundle reports as evidence is what a signature or proof
 * covers, and bundle shapes are the specification's.
 */
class EvidenceBindingTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "evidence binding artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static VerificationResult verify(FakeBundle bundle, byte[] json) throws Exception {
    return new BundleVerifier(TrustedRootParser.parse(bundle.trustedRootJson())).verify(json,
        Artifact.ofBytes(bundle.artifact()),
        Policy.identity(IdentityPolicy.exact(bundle.expectedIdentity(), bundle.expectedIssuer())));
  }

  @Test
  void anEditedRekorV2IndexIsNeverReportedAsEvidence() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tlogKind(TlogKind.HASHEDREKORD_002).build();
    ObjectNode json = (ObjectNode) JSON.readTree(bundle.json());
    ObjectNode entry = (ObjectNode) json.at("/verificationMaterial/tlogEntries/0");
    long proven = entry.at("/inclusionProof/logIndex").asLong();
    entry.put("logIndex", String.valueOf(proven + 4242));

    VerificationResult result = verify(bundle, JSON.writeValueAsBytes(json));

    assertTrue(result.verified(), String.valueOf(result.firstFailure()));
    assertEquals(proven, result.verifiedBundle().orElseThrow().logEntries().get(0).logIndex(),
        "the index reported is the one the inclusion proof proves, not the edited one");
  }

  @Test
  void aRekorV1IndexIsTheOneTheSetSigns() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).build();
    ObjectNode json = (ObjectNode) JSON.readTree(bundle.json());
    ObjectNode entry = (ObjectNode) json.at("/verificationMaterial/tlogEntries/0");
    long signed = entry.path("logIndex").asLong();
    assertEquals(signed, verify(bundle, bundle.json()).verifiedBundle().orElseThrow().logEntries().get(0).logIndex());

    entry.put("logIndex", String.valueOf(signed + 1));
    assertEquals(CheckId.TLOG_SET, verify(bundle, JSON.writeValueAsBytes(json)).firstFailure().orElseThrow().id(),
        "the SET covers the index: an edited one does not verify");
  }

  @Test
  void aV03BundleWithACertificateChainIsRefused() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().version(BundleVersion.V0_3).messageSignature(ARTIFACT).build();
    ObjectNode json = (ObjectNode) JSON.readTree(bundle.json());
    ObjectNode material = (ObjectNode) json.path("verificationMaterial");
    assertTrue(material.has("certificate"), material.toString());
    material.putObject("x509CertificateChain").putArray("certificates").add(material.remove("certificate"));

    CheckResult failure = verify(bundle, JSON.writeValueAsBytes(json)).firstFailure().orElseThrow();

    assertEquals(CheckId.BUNDLE_VERIFICATION_MATERIAL, failure.id());
    assertTrue(failure.detail().contains("not as x509CertificateChain"), failure.detail());
  }
}
