package dev.hekate.core.certificate;

import dev.hekate.core.crypto.Ecdsa;
import dev.hekate.core.crypto.Providers;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.CertificateAuthority;
import java.io.IOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.ASN1TaggedObjectParser;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Checks a signing certificate against the trusted root's certificate authorities, at the times
 * the evidence proves the signature was made — never at the wall-clock time.
 */
public final class CertificateVerifier {
  private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

  private CertificateVerifier() {}

  /**
   * Certificates a bundle carries after its leaf add no trust: issuers come from the trusted root.
   * Old bundles (v0.1, v0.2) often carry the whole chain, root included, and stay acceptable when
   * every extra certificate is one the trusted root already holds and the chain is in issuing
   * order. Anything else — a root or intermediate the trusted root does not know, or certificates
   * out of order — is refused rather than ignored.
   *
   * @throws VerificationException {@link CheckId#BUNDLE_VERIFICATION_MATERIAL} otherwise
   */
  public static void requireBundleChain(List<X509Certificate> chain, List<CertificateAuthority> authorities)
      throws VerificationException {
    for (int i = 1; i < chain.size(); i++) {
      X509Certificate certificate = chain.get(i);
      boolean trusted = authorities.stream().flatMap(a -> a.chain().stream()).anyMatch(certificate::equals);
      if (!trusted) {
        throw VerificationException.invalid(CheckId.BUNDLE_VERIFICATION_MATERIAL,
            "the bundle's chain holds a certificate the trusted root does not: " + certificate.getSubjectX500Principal());
      }
      X509Certificate issued = chain.get(i - 1);
      if (!issued.getIssuerX500Principal().equals(certificate.getSubjectX500Principal()) || !signedBy(issued, certificate)) {
        throw VerificationException.invalid(CheckId.BUNDLE_VERIFICATION_MATERIAL,
            "the bundle's certificate chain is not in issuing order");
      }
    }
  }

  /**
   * The leaf was valid at every verified signing time.
   *
   * @throws VerificationException {@link CheckId#CERTIFICATE_VALIDITY} otherwise
   */
  public static void requireValidAt(X509Certificate leaf, List<Instant> times) throws VerificationException {
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    for (Instant time : times) {
      if (time.isBefore(notBefore) || time.isAfter(notAfter)) {
        throw VerificationException.mismatch(CheckId.CERTIFICATE_VALIDITY,
            "the signing certificate was not valid at a verified signing time",
            "[" + notBefore + ", " + notAfter + "]", time);
      }
    }
  }

  /**
   * The leaf was issued by a trusted certificate authority whose validity window, and whose whole
   * chain, cover every verified signing time; the leaf is an end-entity code-signing certificate.
   *
   * @return the issuing authority
   * @throws VerificationException {@link CheckId#CERTIFICATE_CHAIN} otherwise
   */
  public static CertificateAuthority verifyChain(
      X509Certificate leaf, List<CertificateAuthority> authorities, List<Instant> times) throws VerificationException {
    requireCodeSigningLeaf(leaf);
    String lastProblem = "no trusted certificate authority issued the signing certificate";
    for (CertificateAuthority authority : authorities) {
      Optional<String> problem = problemWith(leaf, authority, times);
      if (problem.isEmpty()) {
        return authority;
      }
      if (!problem.get().isEmpty()) {
        lastProblem = problem.get();
      }
    }
    throw VerificationException.invalid(CheckId.CERTIFICATE_CHAIN, lastProblem);
  }

  /**
   * Which certificate of {@code authority}'s chain issued {@code leaf}, once {@link #verifyChain}
   * returned that authority: the first whose subject is the leaf's issuer and whose key identifier
   * the leaf names (the SCT check needs the issuer's key: for a leaf issued above the first
   * certificate, it is not the first's).
   */
  public static X509Certificate issuerIn(X509Certificate leaf, CertificateAuthority authority) {
    for (X509Certificate candidate : authority.chain()) {
      if (leaf.getIssuerX500Principal().equals(candidate.getSubjectX500Principal())
          && keyIdentifiersAgree(leaf, candidate)) {
        return candidate;
      }
    }
    return authority.chain().get(0);
  }

  /**
   * Empty when the authority vouches for the leaf at all times; "" when it is simply not the issuer.
   * The issuer is the first certificate of the authority's chain, or one above it: in 2022 Fulcio
   * issued leaves from its new root directly for a while, before its intermediate took over, and
   * the trusted root lists that root only above the intermediate. The path is then the issuer and
   * the certificates above it.
   */
  private static Optional<String> problemWith(X509Certificate leaf, CertificateAuthority authority, List<Instant> times) {
    List<X509Certificate> chain = authority.chain();
    int issuedBy = -1;
    for (int i = 0; i < chain.size() && issuedBy < 0; i++) {
      X509Certificate candidate = chain.get(i);
      // Key identifiers, when both certificates carry them, rule out most wrong issuers (Fulcio's
      // 2021 and 2022 intermediates share a name) without a signature verification.
      if (leaf.getIssuerX500Principal().equals(candidate.getSubjectX500Principal())
          && keyIdentifiersAgree(leaf, candidate)
          && signedBy(leaf, i == 0 ? authority.issuerKey() : candidate.getPublicKey())) {
        issuedBy = i;
      }
    }
    if (issuedBy < 0) {
      return Optional.of("");
    }
    X509Certificate issuer = chain.get(issuedBy);
    chain = chain.subList(issuedBy, chain.size());
    for (Instant time : times) {
      if (!authority.validity().contains(time)) {
        return Optional.of("the issuing certificate authority was not trusted at " + time
            + " (trusted " + authority.validity() + ")");
      }
    }
    if (issuer.getBasicConstraints() < 0 || !authority.chainConsistent()) {
      return Optional.of("the trusted chain of " + authority.uri() + " does not verify");
    }
    for (X509Certificate certificate : chain) {
      for (Instant time : times) {
        if (!validAt(certificate, time)) {
          return Optional.of("certificate authority certificate " + certificate.getSubjectX500Principal()
              + " was not valid at " + time);
        }
      }
    }
    return Optional.empty();
  }

  private static void requireCodeSigningLeaf(X509Certificate leaf) throws VerificationException {
    if (leaf.getBasicConstraints() >= 0) {
      throw VerificationException.invalid(CheckId.CERTIFICATE_CHAIN, "the signing certificate is a CA certificate");
    }
    boolean[] keyUsage = leaf.getKeyUsage();
    if (keyUsage != null && !keyUsage[0]) {
      throw VerificationException.invalid(CheckId.CERTIFICATE_CHAIN,
          "the signing certificate's key usage does not allow digital signatures");
    }
    try {
      List<String> extendedKeyUsage = leaf.getExtendedKeyUsage();
      if (extendedKeyUsage == null || !extendedKeyUsage.contains(CODE_SIGNING)) {
        throw VerificationException.invalid(CheckId.CERTIFICATE_CHAIN,
            "the signing certificate is not for code signing");
      }
    } catch (CertificateParsingException e) {
      throw VerificationException.invalid(CheckId.CERTIFICATE_CHAIN, "the signing certificate's extended key usage is malformed");
    }
  }

  private static final String AUTHORITY_KEY_ID = "2.5.29.35";
  private static final String SUBJECT_KEY_ID = "2.5.29.14";

  /** False only when both identifiers are present and differ. */
  private static boolean keyIdentifiersAgree(X509Certificate certificate, X509Certificate issuer) {
    try {
      byte[] aki = certificate.getExtensionValue(AUTHORITY_KEY_ID);
      byte[] ski = issuer.getExtensionValue(SUBJECT_KEY_ID);
      if (aki == null || ski == null) {
        return true;
      }
      byte[] authorityKeyId = org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.getInstance(
          org.bouncycastle.asn1.ASN1OctetString.getInstance(aki).getOctets()).getKeyIdentifierOctets();
      byte[] subjectKeyId = org.bouncycastle.asn1.ASN1OctetString.getInstance(
          org.bouncycastle.asn1.ASN1OctetString.getInstance(ski).getOctets()).getOctets();
      return authorityKeyId == null || java.util.Arrays.equals(authorityKeyId, subjectKeyId);
    } catch (RuntimeException e) {
      return true; // undecodable identifiers decide nothing; the signature still must verify
    }
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    return signedBy(certificate, issuer.getPublicKey());
  }

  private static boolean signedBy(X509Certificate certificate, java.security.PublicKey issuerKey) {
    try {
      if (issuerKey instanceof java.security.interfaces.ECPublicKey) {
        Optional<Boolean> fast = ecdsaSignedBy(certificate, issuerKey);
        if (fast.isPresent()) {
          return fast.get();
        }
        certificate.verify(issuerKey, Providers.BOUNCY_CASTLE);
      } else {
        certificate.verify(issuerKey);
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * The certificate's ECDSA signature checked through {@link Ecdsa}, which keeps tables for the
   * intermediate that signs every Fulcio certificate. Empty (the provider decides) unless the
   * signature algorithm is plain ecdsa-with-SHA256/384/512, identical inside and outside the
   * signed part, as RFC 5280 §4.1.1.2 requires.
   */
  private static Optional<Boolean> ecdsaSignedBy(X509Certificate certificate, java.security.PublicKey issuerKey)
      throws java.security.cert.CertificateEncodingException {
    String oid = certificate.getSigAlgOID();
    String digest = switch (oid) {
      case "1.2.840.10045.4.3.2" -> "SHA-256";
      case "1.2.840.10045.4.3.3" -> "SHA-384";
      case "1.2.840.10045.4.3.4" -> "SHA-512";
      default -> "";
    };
    if (digest.isEmpty() || certificate.getSigAlgParams() != null) {
      return Optional.empty();
    }
    byte[] tbs = TbsCertificate.of(certificate);
    Optional<AlgorithmIdentifier> inner = innerSignatureAlgorithm(tbs);
    if (inner.isEmpty() || !inner.get().getAlgorithm().getId().equals(oid) || inner.get().getParameters() != null) {
      return Optional.empty();
    }
    return Ecdsa.shared().verify(issuerKey, digest, tbs, certificate.getSignature());
  }

  /**
   * The {@code signature} field of a TBSCertificate (after the optional version and the serial
   * number), read without parsing the rest: extensions and keys are most of a Fulcio certificate.
   */
  private static Optional<AlgorithmIdentifier> innerSignatureAlgorithm(byte[] tbs) {
    try {
      ASN1SequenceParser sequence = (ASN1SequenceParser) new ASN1StreamParser(tbs).readObject();
      ASN1Encodable field = sequence.readObject();
      if (field instanceof ASN1TaggedObjectParser version) { // [0] EXPLICIT version
        version.toASN1Primitive(); // read past it
        sequence.readObject(); // serialNumber
      }
      return Optional.of(AlgorithmIdentifier.getInstance(sequence.readObject().toASN1Primitive()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean validAt(X509Certificate certificate, Instant time) {
    try {
      certificate.checkValidity(Date.from(time));
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
