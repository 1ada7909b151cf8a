package dev.hekate.core.certificate;

import static dev.hekate.core.result.StageChecks.assertStops;
import static dev.hekate.core.result.StageChecks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SignerVerifier}, the signer stage: at every verified time (never the wall clock) the
 * Fulcio leaf was valid ({@code certificate.validity}), chains to a trusted CA
 * ({@code certificate.chain}) and carries a trusted SCT ({@code certificate.sct}); a key chosen by
 * hint was valid ({@code public.key}).
 */
class SignerVerifierTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "signer verifier test artifact\n".getBytes(StandardCharsets.UTF_8);

  private static void verifyLeaf(FakeBundle bundle, List<Instant> times, Checks checks) throws Exception {
    Signer signer = new Signer(new SigningKey.Certificate(bundle.certificate().orElseThrow()), List.of());
    SignerVerifier.verifyAt(signer, times, TrustedRootParser.parse(bundle.trustedRootJson()), checks);
  }

  private static void verifyLeaf(FakeBundle bundle, Checks checks) throws Exception {
    verifyLeaf(bundle, List.of(bundle.integratedTime().orElseThrow()), checks);
  }

  private static void verifyNpmKey(FakeBundle bundle, Checks checks) throws Exception {
    TrustedKeys keys = TrustedKeys.parse(bundle.npmKeysJson());
    String keyId = SIGSTORE.npmKey().keyId();
    Signer signer = new Signer(new SigningKey.Key(SIGSTORE.npmKey().publicKey(), keyId),
        keys.find(keyId, TrustedKeys.NPM_ATTESTATIONS));
    SignerVerifier.verifyAt(signer, List.of(bundle.integratedTime().orElseThrow()),
        TrustedRootParser.parse(bundle.trustedRootJson()), checks);
  }

  private static FakeBundle keyless(Tamper... tampers) {
    return SIGSTORE.bundle().messageSignature(ARTIFACT).tamper(tampers).build();
  }

  private static FakeBundle npmSigned(Tamper... tampers) {
    return SIGSTORE.bundle().npmPublishAttestation("@hekate/example", "1.2.3", ARTIFACT).tamper(tampers).build();
  }

  @Test
  void aTrustedLeafValidAtTheLogTimePassesValidityChainAndSct() throws Exception {
    Checks checks = new Checks();

    verifyLeaf(keyless(), checks);

    assertEquals(List.of(CheckId.CERTIFICATE_VALIDITY, CheckId.CERTIFICATE_CHAIN, CheckId.CERTIFICATE_SCT),
        passed(checks));
  }

  /**
   * A leaf the CA's root issued itself, above the first certificate of the trusted chain (Fulcio's
   * 2022 root did for a while): the chain is the root's, and the SCT is checked over the root's key
   * hash — the intermediate's would fail it.
   */
  @Test
  void aLeafIssuedByTheRootPassesChainAndSctWithTheRootsKey() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).issuedByRoot(true).build();
    X509Certificate leaf = bundle.certificate().orElseThrow();
    assertEquals(SIGSTORE.ca().rootCertificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
    Checks checks = new Checks();

    verifyLeaf(bundle, checks);

    assertEquals(List.of(CheckId.CERTIFICATE_VALIDITY, CheckId.CERTIFICATE_CHAIN, CheckId.CERTIFICATE_SCT),
        passed(checks));
    X509Certificate[] chain = SIGSTORE.ca().chain().toArray(X509Certificate[]::new);
    assertEquals(chain[chain.length - 1], CertificateVerifier.issuerIn(leaf,
        TrustedRootParser.parse(bundle.trustedRootJson()).certificateAuthorities().get(0)));
  }

  @Test
  void aTrustedKeyValidAtTheLogTimePassesPublicKey() throws Exception {
    Checks checks = new Checks();

    verifyNpmKey(npmSigned(), checks);

    assertEquals(List.of(CheckId.PUBLIC_KEY), passed(checks));
  }

  @Test
  void aKeyTheCallerGaveHasNothingLeftToCheck() throws Exception {
    Checks checks = new Checks();
    Signer given = new Signer(new SigningKey.Key(SIGSTORE.npmKey().publicKey(), ""), List.of());

    SignerVerifier.verifyAt(given, List.of(SIGSTORE.now()), TrustedRootParser.parse(SIGSTORE.trustedRootJson()), checks);

    assertEquals(List.of(), passed(checks));
  }

  @Test
  void aTimeOutsideTheLeafsWindowIsAValidityMismatch() {
    FakeBundle bundle = keyless();
    Instant afterExpiry = bundle.certificate().orElseThrow().getNotAfter().toInstant().plus(Duration.ofMinutes(1));

    assertStops(CheckId.CERTIFICATE_VALIDITY, FailureKind.MISMATCH,
        checks -> verifyLeaf(bundle, List.of(bundle.integratedTime().orElseThrow(), afterExpiry), checks));
    assertStops(CheckId.CERTIFICATE_VALIDITY, FailureKind.MISMATCH,
        checks -> verifyLeaf(keyless(Tamper.CERT_EXPIRED_AT_LOG_TIME), checks));
  }

  @Test
  void aLeafFromAnUntrustedCaIsAnInvalidChain() {
    assertStops(CheckId.CERTIFICATE_CHAIN, FailureKind.INVALID, checks -> verifyLeaf(keyless(Tamper.UNTRUSTED_CA), checks));
  }

  @Test
  void aLeafWithoutATrustedSctIsInvalid() {
    assertStops(CheckId.CERTIFICATE_SCT, FailureKind.INVALID, checks -> verifyLeaf(keyless(Tamper.NO_SCT), checks));
    assertStops(CheckId.CERTIFICATE_SCT, FailureKind.INVALID,
        checks -> verifyLeaf(keyless(Tamper.UNTRUSTED_CT_LOG), checks));
  }

  @Test
  void aKeyOutsideItsValidityAtTheLogTimeIsAPublicKeyMismatch() {
    assertStops(CheckId.PUBLIC_KEY, FailureKind.MISMATCH,
        checks -> verifyNpmKey(npmSigned(Tamper.NPM_KEY_OUTSIDE_VALIDITY), checks));
  }
}
