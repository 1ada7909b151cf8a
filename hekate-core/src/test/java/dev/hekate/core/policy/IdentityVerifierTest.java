package dev.hekate.core.policy;

import static dev.hekate.core.result.StageChecks.assertStops;
import static dev.hekate.core.result.StageChecks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.certificate.Signer;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link IdentityVerifier}, the last bundle stage: the Fulcio certificate is the identity the
 * policy asks for — {@code identity.san}, {@code identity.issuer}, and {@code identity.extensions}
 * when the policy names any. A key-signed bundle has no identity to check.
 */
class IdentityVerifierTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "identity verifier test artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final FakeBundle KEYLESS = SIGSTORE.bundle().messageSignature(ARTIFACT).build();

  private static Signer signer(FakeBundle bundle) {
    return new Signer(new SigningKey.Certificate(bundle.certificate().orElseThrow()), List.of());
  }

  private static IdentityPolicy exact() {
    return IdentityPolicy.exact(KEYLESS.expectedIdentity(), KEYLESS.expectedIssuer());
  }

  private static String repository() {
    return FulcioExtensions.of(KEYLESS.certificate().orElseThrow()).sourceRepositoryUri();
  }

  @Test
  void theExpectedIdentityPassesAndItsClaimsAreReturned() throws Exception {
    Checks checks = new Checks();

    Optional<FulcioExtensions> claims = IdentityVerifier.verify(signer(KEYLESS), Policy.identity(exact()), checks);

    assertEquals(KEYLESS.expectedIssuer(), claims.orElseThrow().issuer());
    assertEquals(List.of(CheckId.IDENTITY_SAN, CheckId.IDENTITY_ISSUER), passed(checks));
  }

  @Test
  void extensionsThePolicyNamesAreCheckedToo() throws Exception {
    Checks checks = new Checks();
    Policy policy = Policy.identity(exact().withExtensions(Map.of("sourceRepositoryUri", repository())));

    IdentityVerifier.verify(signer(KEYLESS), policy, checks);

    assertEquals(List.of(CheckId.IDENTITY_SAN, CheckId.IDENTITY_ISSUER, CheckId.IDENTITY_EXTENSIONS), passed(checks));
  }

  @Test
  void aKeySignerHasNoIdentityToCheck() throws Exception {
    Checks checks = new Checks();
    Signer key = new Signer(new SigningKey.Key(SIGSTORE.npmKey().publicKey(), SIGSTORE.npmKey().keyId()), List.of());

    assertEquals(Optional.empty(), IdentityVerifier.verify(key, Policy.key(SIGSTORE.npmKey().publicKey()), checks));
    assertEquals(List.of(), passed(checks));
  }

  @Test
  void anotherSubjectAlternativeNameIsASanMismatch() {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tamper(Tamper.WRONG_SAN).build();

    assertStops(CheckId.IDENTITY_SAN, FailureKind.MISMATCH,
        checks -> IdentityVerifier.verify(signer(bundle), Policy.identity(exact()), checks));
  }

  @Test
  void anotherOidcIssuerIsAnIssuerMismatch() {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tamper(Tamper.WRONG_ISSUER).build();

    assertStops(CheckId.IDENTITY_ISSUER, FailureKind.MISMATCH,
        checks -> IdentityVerifier.verify(signer(bundle), Policy.identity(exact()), checks));
  }

  @Test
  void anotherExtensionValueIsAnExtensionsMismatch() {
    Policy policy = Policy.identity(exact().withExtensions(Map.of("sourceRepositoryUri", repository() + "-fork")));

    assertStops(CheckId.IDENTITY_EXTENSIONS, FailureKind.MISMATCH,
        checks -> IdentityVerifier.verify(signer(KEYLESS), policy, checks));
  }
}
