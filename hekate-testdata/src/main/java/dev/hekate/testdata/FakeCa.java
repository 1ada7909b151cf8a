package dev.hekate.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * A Fulcio-like certificate authority: a self-signed root and an intermediate (both ECDSA P-384),
 * issuing short-lived code-signing leaves with an identity SAN, the OIDC issuer extensions, optional
 * GitHub extensions and an embedded SCT list from a {@link FakeCtLog}.
 */
public final class FakeCa {

  /** Fulcio's OID arc, {@code 1.3.6.1.4.1.57264.1}. */
  static final String FULCIO_ARC = "1.3.6.1.4.1.57264.1.";
  /** RFC 6962 embedded SCT list extension. */
  static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

  /** How the leaf's SCT list is made. */
  enum SctMode {
    VALID,
    BAD_SIGNATURE,
    NONE
  }

  /** What goes into a leaf certificate. */
  record LeafRequest(
      SigningKey subjectKey,
      String san,
      String issuer,
      GithubExtensions github,
      Instant notBefore,
      Instant notAfter,
      String serialSeed) {}

  private final EcKey rootKey;
  private final EcKey intermediateKey;
  private final X509Certificate root;
  private final X509Certificate intermediate;
  private final String uri;
  private final Validity validity;

  FakeCa(String label, String organization, String uri, Validity validity, Instant fallbackEnd) {
    this.rootKey = EcKey.derive(label + "/root", EcKey.Curve.P384);
    this.intermediateKey = EcKey.derive(label + "/intermediate", EcKey.Curve.P384);
    this.uri = uri;
    this.validity = validity;
    Instant notAfter = validity.endOr(fallbackEnd);
    this.root = Certificates.selfSignedCa(
        Certificates.name(organization, "hekate-fake-fulcio"), rootKey, validity.start(), notAfter);
    this.intermediate = Certificates.intermediateCa(
        Certificates.name(organization, "hekate-fake-fulcio-intermediate"), intermediateKey, root, rootKey,
        validity.start(), notAfter, KeyPurposeId.id_kp_codeSigning);
  }

  /** The self-signed root. */
  // Plain accessors, one per field: nothing to share but the shape.
  public X509Certificate rootCertificate() {
    return root;
  }

  /** The intermediate that signs leaves. */
  public X509Certificate intermediateCertificate() {
    return intermediate;
  }

  /** The chain as a trusted root lists it: intermediate first, then the root. */
  public List<X509Certificate> chain() {
    return List.of(intermediate, root);
  }

  /** The CA's URI in the trusted root. */
  public String uri() {
    return uri;
  }

  /** The window written to the trusted root's {@code validFor} (and the CA certificates' validity). */
  public Validity validity() {
    return validity;
  }

  /**
   * Issues a leaf. Extension order follows real Fulcio certificates: key usage, EKU, SKI, AKI, SAN,
   * issuer (legacy 1.1 then 1.8), GitHub 1.9 to 1.22, and the SCT list last. The SCT is computed over
   * the TBS without the SCT extension, which is exactly the RFC 6962 precertificate TBS a verifier
   * reconstructs by removing that extension.
   */
  X509Certificate issueLeaf(LeafRequest request, FakeCtLog ctLog, SctMode sctMode) {
    return issueLeaf(request, ctLog, sctMode, false);
  }

  /**
   * As {@link #issueLeaf(LeafRequest, FakeCtLog, SctMode)}, issued by the root itself when
   * {@code byRoot} (as Fulcio's 2022 root issued leaves for a while before its intermediate took
   * over): the root's name, key identifier and signature, and the SCT over the root's key hash.
   */
  X509Certificate issueLeaf(LeafRequest request, FakeCtLog ctLog, SctMode sctMode, boolean byRoot) {
    X509Certificate issuerCertificate = byRoot ? root : intermediate;
    EcKey issuerKey = byRoot ? rootKey : intermediateKey;
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = Certificates.builder(
          X500Name.getInstance(issuerCertificate.getSubjectX500Principal().getEncoded()),
          request.serialSeed(), request.notBefore(), request.notAfter(),
          new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), request.subjectKey());
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
      b.addExtension(Extension.subjectKeyIdentifier, false,
          utils.createSubjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(request.subjectKey().spki())));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          utils.createAuthorityKeyIdentifier(SubjectPublicKeyInfo.getInstance(issuerKey.spki())));
      // Fulcio leaves have an empty subject, so the SAN is critical (RFC 5280 4.2.1.6).
      b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(sanOf(request.san())));
      // 1.1 is the legacy form: raw UTF-8 bytes as the extension value, not a DER string.
      b.addExtension(new ASN1ObjectIdentifier(FULCIO_ARC + "1"), false,
          request.issuer().getBytes(StandardCharsets.UTF_8));
      b.addExtension(new ASN1ObjectIdentifier(FULCIO_ARC + "8"), false, new DERUTF8String(request.issuer()));
      for (Map.Entry<Integer, String> e : request.github().byOidSuffix().entrySet()) {
        b.addExtension(new ASN1ObjectIdentifier(FULCIO_ARC + e.getKey()), false, new DERUTF8String(e.getValue()));
      }
      if (sctMode != SctMode.NONE) {
        // Only the TBS is needed, so the "precertificate" is not really signed.
        X509CertificateHolder precert = b.build(Certificates.unsigned(issuerKey.signatureAlgorithm()));
        byte[] tbs = precert.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
        byte[] sct = ctLog.sct(issuerKey.spki(), tbs, request.notBefore().toEpochMilli(),
            sctMode == SctMode.BAD_SIGNATURE);
        b.addExtension(SCT_LIST, false, new DEROctetString(FakeCtLog.sctList(sct)));
      }
      return Certificates.toX509(b.build(Certificates.signer(issuerKey)));
    } catch (NoSuchAlgorithmException | CertIOException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GeneralName sanOf(String identity) {
    // A URI identity (workflow, SPIFFE, ...) has a scheme; anything else with an @ is an email.
    if (identity.contains("://") || !identity.contains("@")) {
      return new GeneralName(GeneralName.uniformResourceIdentifier, identity);
    }
    return new GeneralName(GeneralName.rfc822Name, identity);
  }
}
