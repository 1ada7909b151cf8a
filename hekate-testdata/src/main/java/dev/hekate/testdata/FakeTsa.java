package dev.hekate.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 timestamp authority like timestamp.sigstore.dev: a self-signed root and a signing
 * leaf (ECDSA P-384, EKU timeStamping, critical). It answers with a whole {@code TimeStampResp}
 * (status + token), which is what bundles carry in {@code signedTimestamp}.
 */
public final class FakeTsa {

  /** Sigstore's TSA policy OID. */
  private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.2");

  private final EcKey rootKey;
  private final EcKey leafKey;
  private final X509Certificate root;
  private final X509Certificate leaf;
  private final String uri;
  private final Validity validity;

  FakeTsa(String label, String organization, String uri, Validity validity, Instant fallbackEnd) {
    this.rootKey = EcKey.derive(label + "/root", EcKey.Curve.P384);
    this.leafKey = EcKey.derive(label + "/leaf", EcKey.Curve.P384);
    this.uri = uri;
    this.validity = validity;
    Instant notAfter = validity.endOr(fallbackEnd);
    this.root = Certificates.selfSignedCa(
        Certificates.name(organization, "hekate-fake-tsa-root"), rootKey, validity.start(), notAfter);
    this.leaf = issueLeaf(Certificates.name(organization, "hekate-fake-tsa"), validity.start(), notAfter);
  }

  private X509Certificate issueLeaf(X500Name name, Instant notBefore, Instant notAfter) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509CertificateHolder holder = Certificates.builder(
              X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
              "tsa leaf " + name, notBefore, notAfter, name, leafKey)
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(leafKey.spki())))
          .addExtension(Extension.authorityKeyIdentifier, false,
              utils.createAuthorityKeyIdentifier(SubjectPublicKeyInfo.getInstance(rootKey.spki())))
          // RFC 3161 2.3: the timeStamping EKU must be the only one, and critical.
          .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
          .build(Certificates.signer(rootKey));
      return Certificates.toX509(holder);
    } catch (NoSuchAlgorithmException | CertIOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The signing certificate. */
  // Plain accessors, one per field: nothing to share but the shape.
  public X509Certificate signingCertificate() {
    return leaf;
  }

  /** The root certificate. */
  public X509Certificate rootCertificate() {
    return root;
  }

  /** The chain as a trusted root lists it: signing certificate first, then the root. */
  public List<X509Certificate> chain() {
    return List.of(leaf, root);
  }

  /** The TSA's URI in the trusted root. */
  public String uri() {
    return uri;
  }

  /** The window written to the trusted root's {@code validFor}. */
  public Validity validity() {
    return validity;
  }

  /**
   * A DER {@code TimeStampResp} whose token's message imprint is SHA-256 of {@code message}.
   *
   * @param embedCertificate whether the token carries the signing certificate (certReq)
   */
  byte[] timestamp(byte[] message, Instant genTime, boolean embedCertificate) {
    try {
      DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
      // Fix signingTime ourselves: the default generator would stamp the wall clock into the CMS.
      AttributeTable signedAttributes = new AttributeTable(
          new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(genTime)))));
      SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(digests)
          .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signedAttributes))
          .build(Certificates.signer(leafKey), new JcaX509CertificateHolder(leaf));
      TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
          signerInfo, digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), POLICY);
      tokens.addCertificates(new JcaCertStore(List.of(leaf)));

      byte[] imprint = Bytes.sha256(message);
      TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
      requests.setCertReq(embedCertificate);
      BigInteger nonce = new BigInteger(1, Bytes.sha256("nonce".getBytes(StandardCharsets.UTF_8), imprint))
          .shiftRight(192);
      TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, imprint, nonce);
      BigInteger serial = new BigInteger(1, Bytes.sha256("serial".getBytes(StandardCharsets.UTF_8), imprint))
          .shiftRight(184);
      TimeStampResponse response = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED)
          .generate(request, serial, Date.from(genTime));
      return response.getEncoded(ASN1Encoding.DER);
    } catch (OperatorCreationException | CertificateEncodingException | TSPException e) {
      throw new IllegalStateException("could not make a timestamp", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
