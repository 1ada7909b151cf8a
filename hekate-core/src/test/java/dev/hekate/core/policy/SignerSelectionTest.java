package dev.hekate.core.policy;

import static dev.hekate.core.result.StageChecks.assertStops;
import static dev.hekate.core.result.StageChecks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.certificate.Signer;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.BundleVersion;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SignerSelection}, the first bundle stage: the bundle's material must be the kind of signer
 * the policy accepts ({@code bundle.verification_material}, {@code public.key}); a chain beyond the
 * leaf must be the trusted root's own certificates.
 */
class SignerSelectionTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "signer selection test artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final FakeBundle KEYLESS = SIGSTORE.bundle().messageSignature(ARTIFACT).build();
  private static final FakeBundle NPM_SIGNED =
      SIGSTORE.bundle().npmPublishAttestation("@hekate/example", "1.2.3", ARTIFACT).build();

  private static Signer establish(FakeBundle bundle, Policy policy, Checks checks) throws Exception {
    Bundle parsed = BundleParser.parse(bundle.json());
    TrustedRoot root = TrustedRootParser.parse(SIGSTORE.trustedRootJson());
    return SignerSelection.establish(parsed, policy, root, checks);
  }

  private static Policy identity() {
    return Policy.identity(IdentityPolicy.exact(KEYLESS.expectedIdentity(), KEYLESS.expectedIssuer()));
  }

  private static Policy npmKeys() throws Exception {
    return npmKeys(SIGSTORE.npmKeysJson());
  }

  private static Policy npmKeys(byte[] keysJson) throws Exception {
    return Policy.trustedKeys(TrustedKeys.parse(keysJson), TrustedKeys.NPM_ATTESTATIONS);
  }

  @Test
  void aCertificateUnderAnIdentityPolicyIsTheSigner() throws Exception {
    Checks checks = new Checks();

    Signer signer = establish(KEYLESS, identity(), checks);

    assertEquals(KEYLESS.certificate(), signer.certificate());
    assertEquals(List.of(CheckId.BUNDLE_VERIFICATION_MATERIAL), passed(checks));
  }

  @Test
  void aKeyHintUnderTrustedKeysLeavesPublicKeyToTheVerifiedTimes() throws Exception {
    Checks checks = new Checks();

    Signer signer = establish(NPM_SIGNED, npmKeys(), checks);

    assertEquals(SIGSTORE.npmKey().keyId(), assertInstanceOf(SigningKey.Key.class, signer.key()).keyId());
    assertEquals(1, signer.candidates().size());
    // public.key is decided by SignerVerifier, once the times are verified.
    assertEquals(List.of(CheckId.BUNDLE_VERIFICATION_MATERIAL), passed(checks));
  }

  @Test
  void aKeyTheCallerGivesIsThePublicKey() throws Exception {
    Checks checks = new Checks();

    Signer signer = establish(NPM_SIGNED, Policy.key(SIGSTORE.npmKey().publicKey()), checks);

    assertEquals(List.of(), signer.candidates());
    assertEquals(List.of(CheckId.BUNDLE_VERIFICATION_MATERIAL, CheckId.PUBLIC_KEY), passed(checks));
  }

  @Test
  void aKeySignedBundleUnderAnIdentityPolicyIsAMaterialMismatch() {
    assertStops(CheckId.BUNDLE_VERIFICATION_MATERIAL, FailureKind.MISMATCH,
        checks -> establish(NPM_SIGNED, identity(), checks));
  }

  @Test
  void aChainHoldingACertificateTheTrustedRootDoesNotIsInvalid() {
    FakeBundle foreignChain = SIGSTORE.bundle().version(BundleVersion.V0_2).messageSignature(ARTIFACT)
        .chainWithIntermediate(true).tamper(Tamper.UNTRUSTED_CA).build();

    assertStops(CheckId.BUNDLE_VERIFICATION_MATERIAL, FailureKind.INVALID,
        checks -> establish(foreignChain, identity(), checks));
  }

  @Test
  void aCertificateUnderAKeyPolicyIsAPublicKeyMismatch() {
    assertStops(CheckId.PUBLIC_KEY, FailureKind.MISMATCH, checks -> establish(KEYLESS, npmKeys(), checks));
    assertStops(CheckId.PUBLIC_KEY, FailureKind.MISMATCH,
        checks -> establish(KEYLESS, Policy.key(SIGSTORE.npmKey().publicKey()), checks));
  }

  @Test
  void aHintNoTrustedKeyCarriesIsAPublicKeyMismatch() {
    byte[] otherId = new String(SIGSTORE.npmKeysJson(), StandardCharsets.UTF_8)
        .replace(SIGSTORE.npmKey().keyId(), "SHA256:another-key").getBytes(StandardCharsets.UTF_8);

    assertStops(CheckId.PUBLIC_KEY, FailureKind.MISMATCH, checks -> establish(NPM_SIGNED, npmKeys(otherId), checks));
  }
}
