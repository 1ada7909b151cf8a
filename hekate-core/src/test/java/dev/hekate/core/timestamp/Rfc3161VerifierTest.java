package dev.hekate.core.timestamp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.certificate.RealBundle;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.CertificateAuthority;
import dev.hekate.core.trust.ValidityPeriod;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3161VerifierTest {

  /** Conformance cases from sigstore-conformance (see realdata MANIFEST.md §2), each with its own trusted root. */
  @Nested
  class Conformance {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rekor2-happy-path, 2025-06-12T12:02:20Z",
        "rekor2-timestamp-with-embedded-cert, 2025-08-06T18:51:36Z",
        "rekor2-timestamp-without-embedded-cert, 2025-08-06T19:03:51Z",
        // the TSA chain expired minutes after genTime: it is judged at genTime, not now
        "rekor2-timestamp-with-expired-cert-chain, 2025-08-07T15:32:26Z",
        // genTime equals the end of the TSA's validity in the trusted root: the window is closed
        "trust-root-tsa-validity-end-inclusive, 2025-06-12T12:02:20Z",
    })
    void passingCasesVerifyAndReturnGenTime(String name, String genTime) throws Exception {
      Case c = Case.load(name);

      assertEquals(Instant.parse(genTime), Rfc3161Verifier.verify(c.timestamp(), c.signature(), c.tsas()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rekor2-timestamp-outside-trust-root-tsa-validity_fail",
        "rekor2-timestamp-outside-tsa-cert-validity_fail",
        "rekor2-timestamp-payload-mismatch_fail",
        "rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail",
        "rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail",
    })
    void failingCasesFailTheTimestampCheck(String name) throws Exception {
      Case c = Case.load(name);

      assertFails(() -> Rfc3161Verifier.verify(c.timestamp(), c.signature(), c.tsas()));
    }

    @Test
    void payloadMismatchReportsBothImprints() throws Exception {
      Case c = Case.load("rekor2-timestamp-payload-mismatch_fail");

      VerificationException e = assertFails(() -> Rfc3161Verifier.verify(c.timestamp(), c.signature(), c.tsas()));
      assertEquals(Encoding.toHex(Keys.sha256(c.signature())), e.expected().orElseThrow());
      assertTrue(e.actual().isPresent());
    }

    /**
     * This case's timestamp is genuine and over the bundle's signature; what it breaks is the
     * signing certificate's lifetime (genTime is after the Fulcio certificate expired). So the
     * timestamp verifies here and the failure belongs to the certificate-validity check.
     */
    @Test
    void incorrectTimeCaseHasAValidTimestampOutsideTheSigningCertificate() throws Exception {
      Case c = Case.load("rekor2-timestamp-with-incorrect-time_fail");

      Instant genTime = Rfc3161Verifier.verify(c.timestamp(), c.signature(), c.tsas());

      assertEquals(Instant.parse("2025-07-15T10:33:31Z"), genTime);
      assertTrue(genTime.isAfter(c.signingCertificate().getNotAfter().toInstant()));
    }

    @Test
    void timestampsAreNotInterchangeableBetweenSignatures() throws Exception {
      Case happy = Case.load("rekor2-happy-path");
      Case other = Case.load("rekor2-timestamp-with-embedded-cert");

      assertFails(() -> Rfc3161Verifier.verify(happy.timestamp(), other.signature(), happy.tsas()));
    }

    @Test
    void noTrustedAuthorityMeansNoTimestamp() throws Exception {
      Case c = Case.load("rekor2-happy-path");

      assertFails(() -> Rfc3161Verifier.verify(c.timestamp(), c.signature(), List.of()));
    }

    @Test
    void flippedSignatureByteFails() throws Exception {
      Case c = Case.load("rekor2-happy-path");
      byte[] token = c.timestamp();
      token[token.length - 1] ^= 0x01; // the token ends with the TSA's signature value

      assertFails(() -> Rfc3161Verifier.verify(token, c.signature(), c.tsas()));
    }

    @Test
    void editedGenTimeFails() throws Exception {
      Case c = Case.load("rekor2-happy-path");
      byte[] token = c.timestamp();
      int at = RealBundle.indexOf(token, "20250612120220Z".getBytes(StandardCharsets.US_ASCII));
      token[at + 3] = '6'; // 2025 -> 2026, the TSTInfo is signed

      assertFails(() -> Rfc3161Verifier.verify(token, c.signature(), c.tsas()));
    }

    @ParameterizedTest(name = "keep {0} bytes")
    @ValueSource(ints = {0, 1, 2, 4, 100, 700, -1})
    void truncatedTokenFails(int keep) throws Exception {
      Case c = Case.load("rekor2-happy-path");
      byte[] full = c.timestamp();
      byte[] token = Arrays.copyOf(full, keep < 0 ? full.length + keep : keep);

      assertFails(() -> Rfc3161Verifier.verify(token, c.signature(), c.tsas()));
    }

    @Test
    void trailingBytesFail() throws Exception {
      Case c = Case.load("rekor2-happy-path");
      byte[] full = c.timestamp();
      byte[] token = Arrays.copyOf(full, full.length + 1);

      assertFails(() -> Rfc3161Verifier.verify(token, c.signature(), c.tsas()));
    }

    /**
     * A bit flip either fails the timestamp check or touches only unsigned parts (an embedded
     * certificate, the response status) and then yields the same time: never a raw exception, never
     * a different time. Every third byte, each time a different bit, keeps the run to a second or
     * two (a P-384 verification costs milliseconds).
     */
    @Test
    void bitFlipsFailCleanlyOrChangeNothingSigned() throws Exception {
      Case c = Case.load("rekor2-happy-path");
      byte[] original = c.timestamp();
      Instant genTime = Rfc3161Verifier.verify(original, c.signature(), c.tsas());
      for (int i = 0; i < original.length; i += 3) {
        byte[] token = original.clone();
        token[i] ^= (byte) (1 << (i % 8));
        try {
          assertEquals(genTime, Rfc3161Verifier.verify(token, c.signature(), c.tsas()), "flip at " + i);
        } catch (VerificationException e) {
          assertEquals(CheckId.TIMESTAMP_RFC3161, e.check(), "flip at " + i);
        }
      }
    }
  }

  /** Tokens from an in-process TSA, so each property is tested on its own, without real data. */
  @Nested
  class Generated {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant GEN_TIME = Instant.parse("2025-06-01T12:00:00Z");
    private final byte[] signature = "the signature that was timestamped".getBytes(StandardCharsets.UTF_8);
    private final FakeTsa tsa;

    Generated() throws Exception {
      tsa = FakeTsa.create("Hekate Test TSA", START, START.plus(Duration.ofDays(365)));
    }

    @ParameterizedTest(name = "embedded certificates: {0}, wrapped in a response: {1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void tokenFromTrustedTsaVerifies(boolean embedCertificates, boolean asResponse) throws Exception {
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, embedCertificates, asResponse);

      assertEquals(GEN_TIME, Rfc3161Verifier.verify(token, signature, List.of(tsa.authority())));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3"})
    void sha384AndSha512ImprintsVerify(String hashOid) throws Exception {
      byte[] token = tsa.timestamp(signature, GEN_TIME, new ASN1ObjectIdentifier(hashOid), false, true);

      assertEquals(GEN_TIME, Rfc3161Verifier.verify(token, signature, List.of(tsa.authority())));
    }

    @Test
    void sha1ImprintIsRefused() throws Exception {
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA1, false, true);

      assertFails(() -> Rfc3161Verifier.verify(token, signature, List.of(tsa.authority())));
    }

    @Test
    void imprintOfAnotherSignatureIsAMismatch() throws Exception {
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, false, true);
      byte[] other = "another signature".getBytes(StandardCharsets.UTF_8);

      VerificationException e = assertFails(() -> Rfc3161Verifier.verify(token, other, List.of(tsa.authority())));
      assertEquals(Encoding.toHex(Keys.sha256(other)), e.expected().orElseThrow());
      assertEquals(Encoding.toHex(Keys.sha256(signature)), e.actual().orElseThrow());
    }

    @Test
    void untrustedTsaWithItsChainEmbeddedFails() throws Exception {
      FakeTsa untrusted = FakeTsa.create("Untrusted TSA", START, START.plus(Duration.ofDays(365)));
      byte[] token = untrusted.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, true, true);

      assertFails(() -> Rfc3161Verifier.verify(token, signature, List.of(tsa.authority())));
    }

    /** A look-alike certificate with the trusted signer's issuer and serial, embedded in the token. */
    @Test
    void impostorNamedLikeTheTrustedSignerFails() throws Exception {
      FakeTsa impostor = FakeTsa.impersonating(tsa);
      byte[] token = impostor.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, true, true);

      assertFails(() -> Rfc3161Verifier.verify(token, signature, List.of(tsa.authority())));
    }

    @Test
    void anyOneMatchingAuthoritySuffices() throws Exception {
      FakeTsa other = FakeTsa.create("Other TSA", START, START.plus(Duration.ofDays(365)));
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, false, true);

      assertEquals(GEN_TIME, Rfc3161Verifier.verify(token, signature, List.of(other.authority(), tsa.authority())));
    }

    @Test
    void genTimeAfterTheAuthorityValidityFails() throws Exception {
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, false, true);
      CertificateAuthority ended = tsa.authority(ValidityPeriod.between(START, GEN_TIME.minusSeconds(1)));

      assertFails(() -> Rfc3161Verifier.verify(token, signature, List.of(ended)));
    }

    @Test
    void genTimeBeforeTheAuthorityValidityFails() throws Exception {
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, false, true);
      CertificateAuthority notYet = tsa.authority(ValidityPeriod.from(GEN_TIME.plusSeconds(1)));

      assertFails(() -> Rfc3161Verifier.verify(token, signature, List.of(notYet)));
    }

    @Test
    void genTimeOnEitherEndOfTheAuthorityValidityVerifies() throws Exception {
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, false, true);

      assertEquals(GEN_TIME, Rfc3161Verifier.verify(token, signature,
          List.of(tsa.authority(ValidityPeriod.between(GEN_TIME, GEN_TIME)))));
    }

    @Test
    void genTimeOutsideTheSigningCertificateFails() throws Exception {
      Instant late = START.plus(Duration.ofDays(400));
      byte[] token = tsa.timestamp(signature, late, TSPAlgorithms.SHA256, false, true);

      assertFails(() -> Rfc3161Verifier.verify(token, signature, List.of(tsa.authority())));
    }

    @Test
    void chainThatDoesNotReachTheRootFails() throws Exception {
      FakeTsa other = FakeTsa.create("Other TSA", START, START.plus(Duration.ofDays(365)));
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, false, true);
      CertificateAuthority broken = new CertificateAuthority(
          "https://tsa.test", List.of(tsa.leaf, other.root), ValidityPeriod.from(START));

      assertFails(() -> Rfc3161Verifier.verify(token, signature, List.of(broken)));
    }

    @Test
    void refusedResponseFails() throws Exception {
      byte[] refused = tsa.refusal();

      assertFails(() -> Rfc3161Verifier.verify(refused, signature, List.of(tsa.authority())));
    }

    @Test
    void flippedByteInGeneratedTokenFails() throws Exception {
      byte[] token = tsa.timestamp(signature, GEN_TIME, TSPAlgorithms.SHA256, false, false);
      token[token.length - 1] ^= 0x01;

      assertFails(() -> Rfc3161Verifier.verify(token, signature, List.of(tsa.authority())));
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
      byte[] huge = new byte[Limits.MAX_TIMESTAMP_BYTES + 1];

      assertFails(() -> Rfc3161Verifier.verify(huge, signature, List.of(tsa.authority())));
    }

    @Test
    void garbageFails() {
      assertFails(() -> Rfc3161Verifier.verify(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}, signature,
          List.of(tsa.authority())));
      assertFails(() -> Rfc3161Verifier.verify("not DER".getBytes(StandardCharsets.US_ASCII), signature,
          List.of(tsa.authority())));
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  interface Verification {
    void run() throws Exception;
  }

  /** Asserts a {@link CheckId#TIMESTAMP_RFC3161} failure; any other exception fails the test. */
  static VerificationException assertFails(Verification verification) {
    VerificationException e = assertThrows(VerificationException.class, verification::run);
    assertEquals(CheckId.TIMESTAMP_RFC3161, e.check());
    return e;
  }

  /** One bundle-verify conformance case, reduced to what the timestamp check reads. */
  record Case(RealBundle real) {
    static Case load(String name) throws Exception {
      return new Case(RealBundle.conformance(name));
    }

    /**
     * The case's one timestamp. In rekor2-timestamp-with-incorrect-time_fail the base64 is wrapped
     * with line breaks (made with {@code base64} on the command line), which protobuf JSON readers
     * skip; they are dropped here so the timestamp itself is what gets tested.
     */
    byte[] timestamp() {
      JsonNode timestamps = real.bundle().at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps");
      assertEquals(1, timestamps.size());
      return Encoding.base64(timestamps.get(0).get("signedTimestamp").asText().replace("\n", "")).orElseThrow();
    }

    byte[] signature() {
      return real.base64("/messageSignature/signature");
    }

    X509Certificate signingCertificate() {
      return real.signingCertificate();
    }

    List<CertificateAuthority> tsas() {
      return real.root().timestampAuthorities();
    }
  }

  /** A timestamp authority made on the spot: a root and a timestamping leaf, both ECDSA P-256. */
  static final class FakeTsa {
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    final X509Certificate root;
    final X509Certificate leaf;
    private final PrivateKey leafKey;

    private FakeTsa(X509Certificate root, X509Certificate leaf, PrivateKey leafKey) {
      this.root = root;
      this.leaf = leaf;
      this.leafKey = leafKey;
    }

    static FakeTsa create(String name, Instant notBefore, Instant notAfter) throws Exception {
      KeyPair rootKey = ecKey();
      KeyPair leafKey = ecKey();
      X500Name rootName = new X500Name("O=hekate.test, CN=" + name + " Root");
      X509Certificate root = certificate(rootName, rootKey.getPublic(), rootName, rootKey.getPrivate(),
          BigInteger.valueOf(SERIALS.incrementAndGet()), notBefore, notAfter, true);
      X509Certificate leaf = certificate(new X500Name("O=hekate.test, CN=" + name), leafKey.getPublic(), rootName,
          rootKey.getPrivate(), BigInteger.valueOf(SERIALS.incrementAndGet()), notBefore, notAfter, false);
      return new FakeTsa(root, leaf, leafKey.getPrivate());
    }

    /** A TSA whose signing certificate copies {@code victim}'s issuer, serial and subject, on its own key. */
    static FakeTsa impersonating(FakeTsa victim) throws Exception {
      KeyPair rootKey = ecKey();
      KeyPair leafKey = ecKey();
      X500Name issuer = X500Name.getInstance(victim.leaf.getIssuerX500Principal().getEncoded());
      X500Name subject = X500Name.getInstance(victim.leaf.getSubjectX500Principal().getEncoded());
      X509Certificate root = certificate(issuer, rootKey.getPublic(), issuer, rootKey.getPrivate(),
          victim.root.getSerialNumber(), victim.root.getNotBefore().toInstant(), victim.root.getNotAfter().toInstant(),
          true);
      X509Certificate leaf = certificate(subject, leafKey.getPublic(), issuer, rootKey.getPrivate(),
          victim.leaf.getSerialNumber(), victim.leaf.getNotBefore().toInstant(), victim.leaf.getNotAfter().toInstant(),
          false);
      return new FakeTsa(root, leaf, leafKey.getPrivate());
    }

    CertificateAuthority authority() {
      return authority(ValidityPeriod.from(root.getNotBefore().toInstant()));
    }

    CertificateAuthority authority(ValidityPeriod validity) {
      return new CertificateAuthority("https://tsa.test", List.of(leaf, root), validity);
    }

    /** A timestamp over {@code signature}: a bare token, or a granted TimeStampResp as Sigstore stores. */
    byte[] timestamp(byte[] signature, Instant genTime, ASN1ObjectIdentifier hash, boolean embedCertificates,
        boolean asResponse) throws Exception {
      TimeStampTokenGenerator generator = generator();
      if (embedCertificates) {
        generator.addCertificates(new JcaCertStore(List.of(leaf, root)));
      }
      TimeStampRequest request = new TimeStampRequestGenerator().generate(hash, Keys.digest(jcaName(hash), signature));
      BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
      if (!asResponse) {
        return generator.generate(request, serial, Date.from(genTime)).getEncoded();
      }
      byte[] response = new TimeStampResponseGenerator(generator, TSPAlgorithms.ALLOWED)
          .generate(request, serial, Date.from(genTime)).getEncoded();
      assertArrayEquals(new byte[] {0x30}, Arrays.copyOf(response, 1));
      return response;
    }

    byte[] refusal() throws Exception {
      return new TimeStampResponseGenerator(generator(), TSPAlgorithms.ALLOWED)
          .generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.badAlg, "refused").getEncoded();
    }

    private TimeStampTokenGenerator generator() throws Exception {
      return new TimeStampTokenGenerator(
          new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", leafKey, leaf),
          new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
          new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.2"));
    }

    private static String jcaName(ASN1ObjectIdentifier hash) {
      if (hash.equals(TSPAlgorithms.SHA1)) {
        return "SHA-1";
      }
      if (hash.equals(TSPAlgorithms.SHA384)) {
        return "SHA-384";
      }
      return hash.equals(TSPAlgorithms.SHA512) ? "SHA-512" : "SHA-256";
    }

    private static KeyPair ecKey() throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey,
        BigInteger serial, Instant notBefore, Instant notAfter, boolean authority) throws Exception {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, key);
      if (authority) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
  }
}
