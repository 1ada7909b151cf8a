package dev.hekate.core.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hekate.core.crypto.Keys;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.CertificateAuthority;
import dev.hekate.core.trust.LogId;
import dev.hekate.core.trust.TransparencyLog;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.trust.ValidityPeriod;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SctVerifierTest {

  /** Certificates from sigstore-conformance cases and a real npm provenance bundle (realdata MANIFEST.md §1, §2). */
  @Nested
  class RealData {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"happy-path-v0.3", "bundle-with-sct-with-extensions"})
    void conformanceCertificatesCarryAVerifyingSct(String name) throws Exception {
      Leaf leaf = Leaf.conformance(name);

      SctVerifier.verify(leaf.certificate(), leaf.issuer(), leaf.root().ctlogs());
    }

    /** The case's trusted root lists only staging CT logs, none of which signed the production SCT. */
    @Test
    void invalidCtKeyCaseFails() throws Exception {
      Leaf leaf = Leaf.conformance("invalid-ct-key_fail");

      assertFails(() -> SctVerifier.verify(leaf.certificate(), leaf.issuer(), leaf.root().ctlogs()));
    }

    @Test
    void npmProvenanceCertificateCarriesAVerifyingSct() throws Exception {
      Leaf leaf = Leaf.npmProvenance();

      SctVerifier.verify(leaf.certificate(), leaf.issuer(), leaf.root().ctlogs());
    }

    @Test
    void flippedSctSignatureByteFails() throws Exception {
      Leaf leaf = Leaf.npmProvenance();
      X509Certificate tampered = withSctListEdited(leaf.certificate(), list -> list[list.length - 1] ^= 0x01);

      assertFails(() -> SctVerifier.verify(tampered, leaf.issuer(), leaf.root().ctlogs()));
    }

    @Test
    void flippedSctTimestampByteFails() throws Exception {
      Leaf leaf = Leaf.npmProvenance();
      // list length (2) + SCT length (2) + version (1) + log id (32), then the timestamp's last byte
      X509Certificate tampered = withSctListEdited(leaf.certificate(), list -> list[2 + 2 + 1 + 32 + 7] ^= 0x01);

      assertFails(() -> SctVerifier.verify(tampered, leaf.issuer(), leaf.root().ctlogs()));
    }

    @Test
    void anotherIssuerKeyFails() throws Exception {
      Leaf leaf = Leaf.npmProvenance();
      X509Certificate otherCa = leaf.root().certificateAuthorities().stream()
          .map(ca -> ca.chain().get(0))
          .filter(ca -> !ca.equals(leaf.issuer()))
          .findFirst().orElseThrow();

      assertFails(() -> SctVerifier.verify(leaf.certificate(), otherCa, leaf.root().ctlogs()));
    }

    /** The overload the bundle verifier uses, with the issuer key hash remembered by the authority. */
    @Test
    void theIssuingAuthorityVerifiesAndAnotherDoesNot() throws Exception {
      Leaf leaf = Leaf.npmProvenance();
      CertificateAuthority issuing = leaf.root().certificateAuthorities().stream()
          .filter(ca -> ca.chain().get(0).equals(leaf.issuer())).findFirst().orElseThrow();
      CertificateAuthority other = leaf.root().certificateAuthorities().stream()
          .filter(ca -> !ca.chain().get(0).equals(leaf.issuer())).findFirst().orElseThrow();

      SctVerifier.verify(leaf.certificate(), issuing, leaf.root().ctlogs());
      SctVerifier.verify(leaf.certificate(), issuing, leaf.root().ctlogs()); // remembered hash, same answer
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          Keys.sha256(Keys.subjectPublicKeyInfo(leaf.issuer()).orElseThrow()), issuing.issuerKeyHash().orElseThrow());
      assertFails(() -> SctVerifier.verify(leaf.certificate(), other, leaf.root().ctlogs()));
    }

    @Test
    void ctLogKeyNotYetValidAtTheSctTimeFails() throws Exception {
      Leaf leaf = Leaf.npmProvenance();
      Instant sctTime = Instant.parse("2026-02-14T23:28:43.318Z");
      List<TransparencyLog> shifted = leaf.root().ctlogs().stream()
          .map(log -> new TransparencyLog(log.baseUrl(), log.logId(), log.publicKey(), log.keyDetails(),
              ValidityPeriod.from(sctTime.plusMillis(1))))
          .toList();

      assertFails(() -> SctVerifier.verify(leaf.certificate(), leaf.issuer(), shifted));
    }
  }

  /** Certificates and SCTs made on the spot, so each property is tested on its own. */
  @Nested
  class Generated {
    private static final long SCT_TIME = Instant.parse("2025-03-01T10:00:00.123Z").toEpochMilli();

    @ParameterizedTest
    @EnumSource(LogKind.class)
    void sctFromEachLogKeyTypeVerifies(LogKind kind) throws Exception {
      FakeLog log = FakeLog.create(kind);
      FakeFulcio fulcio = FakeFulcio.create();

      X509Certificate leaf = fulcio.issue(log.sct(fulcio, SCT_TIME, new byte[0]));

      SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted()));
    }

    @Test
    void sctWithExtensionsVerifies() throws Exception {
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);
      FakeFulcio fulcio = FakeFulcio.create();
      // a Static CT leaf_index extension: type 0, length 5, a 40-bit index
      byte[] extensions = {0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x70};

      X509Certificate leaf = fulcio.issue(log.sct(fulcio, SCT_TIME, extensions));

      SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted()));
    }

    @Test
    void flippedSignatureByteFails() throws Exception {
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);
      FakeFulcio fulcio = FakeFulcio.create();
      byte[] sct = log.sct(fulcio, SCT_TIME, new byte[0]);
      sct[sct.length - 1] ^= 0x01;

      X509Certificate leaf = fulcio.issue(sct);

      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted())));
    }

    @Test
    void signatureOverAnotherCertificateFails() throws Exception {
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);
      FakeFulcio fulcio = FakeFulcio.create();
      FakeFulcio other = FakeFulcio.create();

      X509Certificate leaf = fulcio.issue(log.sct(other, SCT_TIME, new byte[0]));

      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted())));
    }

    @Test
    void untrustedLogFails() throws Exception {
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);
      FakeLog trusted = FakeLog.create(LogKind.ECDSA_P256);
      FakeFulcio fulcio = FakeFulcio.create();

      X509Certificate leaf = fulcio.issue(log.sct(fulcio, SCT_TIME, new byte[0]));

      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of(trusted.trusted())));
      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of()));
    }

    /** A log id the root trusts is not enough: the key under that id must make the signature. */
    @Test
    void trustedLogIdWithAnotherKeyFails() throws Exception {
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);
      FakeLog impostor = FakeLog.create(LogKind.ECDSA_P256);
      FakeFulcio fulcio = FakeFulcio.create();
      TransparencyLog sameIdOtherKey = new TransparencyLog("https://ct.test", log.logId(),
          impostor.keys.getPublic(), "PKIX_ECDSA_P256_SHA_256", ValidityPeriod.from(Instant.EPOCH));

      X509Certificate leaf = fulcio.issue(log.sct(fulcio, SCT_TIME, new byte[0]));

      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of(sameIdOtherKey)));
    }

    @Test
    void logKeyValidityIsInclusiveAndEnforced() throws Exception {
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);
      FakeFulcio fulcio = FakeFulcio.create();
      X509Certificate leaf = fulcio.issue(log.sct(fulcio, SCT_TIME, new byte[0]));
      Instant time = Instant.ofEpochMilli(SCT_TIME);

      SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted(ValidityPeriod.between(time, time))));
      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca,
          List.of(log.trusted(ValidityPeriod.between(Instant.EPOCH, time.minusMillis(1))))));
      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted(ValidityPeriod.from(time.plusMillis(1))))));
    }

    @Test
    void algorithmThatDoesNotFitTheLogKeyFails() throws Exception {
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);
      FakeFulcio fulcio = FakeFulcio.create();
      byte[] sct = log.sct(fulcio, SCT_TIME, new byte[0]);
      // hash and signature algorithm bytes sit before the 2-byte signature length
      int algorithms = 1 + 32 + 8 + 2;
      sct[algorithms] = 8; // intrinsic
      sct[algorithms + 1] = 7; // Ed25519

      X509Certificate leaf = fulcio.issue(sct);

      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted())));
    }

    @Test
    void anyOneVerifyingSctSuffices() throws Exception {
      FakeLog unknown = FakeLog.create(LogKind.ECDSA_P256);
      FakeLog log = FakeLog.create(LogKind.ED25519);
      FakeFulcio fulcio = FakeFulcio.create();

      X509Certificate leaf = fulcio.issue(unknown.sct(fulcio, SCT_TIME, new byte[0]), v2Sct(),
          log.sct(fulcio, SCT_TIME, new byte[0]));

      SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted()));
    }

    @Test
    void sctOfAnUnknownVersionIsSkippedNotTrusted() throws Exception {
      FakeFulcio fulcio = FakeFulcio.create();
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);

      X509Certificate leaf = fulcio.issue(v2Sct());

      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted())));
    }

    @Test
    void certificateWithoutSctsFails() throws Exception {
      FakeFulcio fulcio = FakeFulcio.create();
      X509Certificate leaf = fulcio.issueWithExtensionValue(null);

      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Malformed.class)
    void malformedListFails(Malformed malformed) throws Exception {
      FakeLog log = FakeLog.create(LogKind.ECDSA_P256);
      FakeFulcio fulcio = FakeFulcio.create();
      byte[] valid = log.sct(fulcio, SCT_TIME, new byte[0]);

      X509Certificate leaf = fulcio.issueWithExtensionValue(malformed.extensionValue(valid));

      assertFails(() -> SctVerifier.verify(leaf, fulcio.ca, List.of(log.trusted())));
    }
  }

  /** Broken SCT list extensions, each built around one valid SCT. */
  enum Malformed {
    LIST_LONGER_THAN_ITS_BYTES {
      @Override
      byte[] list(byte[] sct) {
        byte[] list = sctList(sct);
        list[1]++;
        return list;
      }
    },
    LIST_SHORTER_THAN_ITS_BYTES {
      @Override
      byte[] list(byte[] sct) {
        byte[] list = sctList(sct);
        list[1]--;
        return list;
      }
    },
    SCT_LONGER_THAN_ITS_BYTES {
      @Override
      byte[] list(byte[] sct) {
        return sctList(Arrays.copyOf(sct, sct.length - 1), sct.length);
      }
    },
    SCT_WITH_TRAILING_BYTES {
      @Override
      byte[] list(byte[] sct) {
        return sctList(Arrays.copyOf(sct, sct.length + 1));
      }
    },
    TRUNCATED_INSIDE_THE_LOG_ID {
      @Override
      byte[] list(byte[] sct) {
        return sctList(Arrays.copyOf(sct, 10));
      }
    },
    EMPTY_LIST {
      @Override
      byte[] list(byte[] sct) {
        return new byte[] {0, 0};
      }
    },
    EMPTY_SCT {
      @Override
      byte[] list(byte[] sct) {
        return new byte[] {0, 2, 0, 0};
      }
    },
    NO_BYTES {
      @Override
      byte[] list(byte[] sct) {
        return new byte[0];
      }
    },
    NOT_WRAPPED_IN_AN_OCTET_STRING {
      @Override
      byte[] extensionValue(byte[] sct) {
        return sctList(sct);
      }
    };

    byte[] list(byte[] sct) {
      return sctList(sct);
    }

    byte[] extensionValue(byte[] sct) throws Exception {
      return new DEROctetString(list(sct)).getEncoded();
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  interface Verification {
    void run() throws Exception;
  }

  /** Asserts a {@link CheckId#CERTIFICATE_SCT} failure; any other exception fails the test. */
  static void assertFails(Verification verification) {
    VerificationException e = assertThrows(VerificationException.class, verification::run);
    assertEquals(CheckId.CERTIFICATE_SCT, e.check());
  }

  interface ListEdit {
    void apply(byte[] list);
  }

  /** A copy of {@code certificate} with bytes of its TLS-encoded SCT list changed in place. */
  static X509Certificate withSctListEdited(X509Certificate certificate, ListEdit edit) throws Exception {
    byte[] extension = certificate.getExtensionValue(SctVerifier.SCT_LIST_OID);
    byte[] inner = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(extension)).getOctets();
    byte[] list = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(inner)).getOctets();
    byte[] der = certificate.getEncoded();
    int at = RealBundle.indexOf(der, list);
    byte[] edited = list.clone();
    edit.apply(edited);
    System.arraycopy(edited, 0, der, at, edited.length);
    return Keys.certificate(der).orElseThrow();
  }

  /** A Fulcio leaf from real data, its issuing certificate and the trusted root it belongs to. */
  record Leaf(X509Certificate certificate, X509Certificate issuer, TrustedRoot root) {

    static Leaf conformance(String name) throws Exception {
      return of(RealBundle.conformance(name));
    }

    /** The @playwright/cli@0.1.1 provenance (February 2026), under the production trusted root. */
    static Leaf npmProvenance() throws Exception {
      return of(RealBundle.of(
          "npm_attestations/sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-provenance.sigstore.json",
          RealBundle.PRODUCTION_ROOT));
    }

    private static Leaf of(RealBundle real) {
      X509Certificate certificate = real.signingCertificate();
      return new Leaf(certificate, issuerOf(certificate, real.root()), real.root());
    }

    /** The first certificate of the authority that issued {@code leaf}, valid when it did. */
    private static X509Certificate issuerOf(X509Certificate leaf, TrustedRoot root) {
      for (CertificateAuthority authority : root.certificateAuthorities()) {
        X509Certificate candidate = authority.chain().get(0);
        if (!candidate.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
            || !authority.validity().contains(leaf.getNotBefore().toInstant())) {
          continue;
        }
        try {
          leaf.verify(candidate.getPublicKey());
          return candidate;
        } catch (GeneralSecurityException e) {
          // same name, another key: try the next authority
        }
      }
      return fail("no certificate authority of the trusted root issued " + leaf.getSubjectX500Principal());
    }
  }

  // --- an in-process Fulcio and CT log --------------------------------------------------------

  enum LogKind {
    ECDSA_P256("EC", 256, "SHA256withECDSA", 4, 3, "PKIX_ECDSA_P256_SHA_256"),
    ED25519("Ed25519", 0, "Ed25519", 8, 7, "PKIX_ED25519"),
    RSA_2048("RSA", 2048, "SHA256withRSA", 4, 1, "PKIX_RSA_PKCS1V15_2048_SHA256");

    final String keyAlgorithm;
    final int keySize;
    final String signatureAlgorithm;
    final int hashByte;
    final int signatureByte;
    final String keyDetails;

    LogKind(String keyAlgorithm, int keySize, String signatureAlgorithm, int hashByte, int signatureByte,
        String keyDetails) {
      this.keyAlgorithm = keyAlgorithm;
      this.keySize = keySize;
      this.signatureAlgorithm = signatureAlgorithm;
      this.hashByte = hashByte;
      this.signatureByte = signatureByte;
      this.keyDetails = keyDetails;
    }
  }

  /** A CT log: a key, and SCTs over precertificates written here from RFC 6962 §3.2. */
  record FakeLog(LogKind kind, KeyPair keys) {

    static FakeLog create(LogKind kind) throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(kind.keyAlgorithm);
      if (kind.keySize > 0) {
        generator.initialize(kind.keySize);
      }
      return new FakeLog(kind, generator.generateKeyPair());
    }

    LogId logId() {
      return new LogId(Keys.sha256(keys.getPublic().getEncoded()));
    }

    TransparencyLog trusted() {
      return trusted(ValidityPeriod.from(Instant.EPOCH));
    }

    TransparencyLog trusted(ValidityPeriod validity) {
      return new TransparencyLog("https://ct.test", logId(), keys.getPublic(), kind.keyDetails, validity);
    }

    /** One serialized v1 SCT for the precertificate {@code fulcio} issues. */
    byte[] sct(FakeFulcio fulcio, long timestamp, byte[] extensions) throws Exception {
      byte[] tbs = fulcio.precertificateTbs();
      ByteArrayOutputStream signed = new ByteArrayOutputStream();
      signed.write(0); // sct_version v1
      signed.write(0); // signature_type certificate_timestamp
      unsigned(signed, timestamp, 8);
      unsigned(signed, 1, 2); // entry_type precert_entry
      signed.writeBytes(Keys.sha256(fulcio.ca.getPublicKey().getEncoded()));
      unsigned(signed, tbs.length, 3);
      signed.writeBytes(tbs);
      unsigned(signed, extensions.length, 2);
      signed.writeBytes(extensions);

      Signature signer = Signature.getInstance(kind.signatureAlgorithm);
      signer.initSign(keys.getPrivate());
      signer.update(signed.toByteArray());
      byte[] signature = signer.sign();

      ByteArrayOutputStream sct = new ByteArrayOutputStream();
      sct.write(0);
      sct.writeBytes(logId().bytes());
      unsigned(sct, timestamp, 8);
      unsigned(sct, extensions.length, 2);
      sct.writeBytes(extensions);
      sct.write(kind.hashByte);
      sct.write(kind.signatureByte);
      unsigned(sct, signature.length, 2);
      sct.writeBytes(signature);
      return sct.toByteArray();
    }
  }

  /** A v2 SCT (RFC 9162 layout, opaque here): a version byte and some bytes. */
  static byte[] v2Sct() {
    byte[] sct = new byte[48];
    sct[0] = 1;
    return sct;
  }

  /** A TLS SignedCertificateTimestampList of the given SCTs. */
  static byte[] sctList(byte[]... scts) {
    ByteArrayOutputStream entries = new ByteArrayOutputStream();
    for (byte[] sct : scts) {
      unsigned(entries, sct.length, 2);
      entries.writeBytes(sct);
    }
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    unsigned(list, entries.size(), 2);
    list.writeBytes(entries.toByteArray());
    return list.toByteArray();
  }

  /** A list holding one SCT whose length prefix says {@code declaredLength}. */
  static byte[] sctList(byte[] sct, int declaredLength) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    unsigned(list, sct.length + 2, 2);
    unsigned(list, declaredLength, 2);
    list.writeBytes(sct);
    return list.toByteArray();
  }

  static void unsigned(ByteArrayOutputStream out, long value, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xff);
    }
  }

  /**
   * A certificate authority issuing Fulcio-like leaves. The precertificate is the same leaf built
   * without the SCT extension, so its TBSCertificate comes from Bouncy Castle, not from the code
   * under test.
   */
  static final class FakeFulcio {
    private static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier(SctVerifier.SCT_LIST_OID);
    private static final Date NOT_BEFORE = Date.from(Instant.parse("2025-03-01T10:00:00Z"));
    private static final Date NOT_AFTER = Date.from(Instant.parse("2025-03-01T10:10:00Z"));

    final X509Certificate ca;
    private final ContentSigner caSigner;
    private final X500Name caName;
    private final KeyPair leafKey;

    private FakeFulcio(X509Certificate ca, ContentSigner caSigner, X500Name caName, KeyPair leafKey) {
      this.ca = ca;
      this.caSigner = caSigner;
      this.caName = caName;
      this.leafKey = leafKey;
    }

    static FakeFulcio create() throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair caKey = generator.generateKeyPair();
      X500Name caName = new X500Name("O=hekate.test, CN=fake-fulcio");
      ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate());
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
          Date.from(Instant.parse("2025-01-01T00:00:00Z")), Date.from(Instant.parse("2035-01-01T00:00:00Z")),
          caName, caKey.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate ca = new JcaX509CertificateConverter().getCertificate(builder.build(caSigner));
      return new FakeFulcio(ca, caSigner, caName, generator.generateKeyPair());
    }

    byte[] precertificateTbs() throws Exception {
      return leafBuilder(null).build(caSigner).toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
    }

    X509Certificate issue(byte[]... scts) throws Exception {
      return issueWithExtensionValue(new DEROctetString(sctList(scts)).getEncoded());
    }

    /** The leaf with {@code sctExtensionValue} as the SCT extension's value, or without it if null. */
    X509Certificate issueWithExtensionValue(byte[] sctExtensionValue) throws Exception {
      return new JcaX509CertificateConverter().getCertificate(leafBuilder(sctExtensionValue).build(caSigner));
    }

    private JcaX509v3CertificateBuilder leafBuilder(byte[] sctExtensionValue) throws Exception {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(4242),
          NOT_BEFORE, NOT_AFTER, new X500Name("CN=leaf"), leafKey.getPublic());
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
      builder.addExtension(Extension.subjectAlternativeName, true,
          new GeneralNames(new GeneralName(GeneralName.rfc822Name, "signer@hekate.test")));
      if (sctExtensionValue != null) {
        builder.addExtension(SCT_LIST, false, sctExtensionValue);
      }
      // an extension after the SCT list, so removing it must keep what follows in place
      builder.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8"), false,
          new DEROctetString("https://issuer.hekate.test".getBytes(StandardCharsets.UTF_8)).getEncoded());
      return builder;
    }
  }
}
