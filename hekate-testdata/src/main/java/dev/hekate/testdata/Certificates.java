package dev.hekate.testdata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;

/** Certificate plumbing shared by the fake CA and TSA. */
final class Certificates {

  private Certificates() {}

  /** {@code O=<organization>, CN=<commonName>}, the shape of Sigstore's CA and TSA names. */
  static X500Name name(String organization, String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, organization)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  /** A positive 20-byte serial number derived from {@code seed}, like Fulcio's random serials. */
  static BigInteger serial(String seed) {
    byte[] bytes = new byte[20];
    System.arraycopy(Bytes.sha256(seed.getBytes(StandardCharsets.UTF_8)), 0, bytes, 0, 20);
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01; // never a leading zero byte
    return new BigInteger(1, bytes);
  }

  static X509v3CertificateBuilder builder(
      X500Name issuer, String serialSeed, Instant notBefore, Instant notAfter, X500Name subject, SigningKey subjectKey) {
    return new X509v3CertificateBuilder(
        issuer,
        serial(serialSeed),
        Date.from(notBefore),
        Date.from(notAfter),
        subject,
        SubjectPublicKeyInfo.getInstance(subjectKey.spki()));
  }

  /** A self-signed CA certificate (key usage certSign+cRLSign, basic constraints CA). */
  static X509Certificate selfSignedCa(X500Name name, SigningKey key, Instant notBefore, Instant notAfter) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.spki());
      X509v3CertificateBuilder b = builder(name, "self-signed " + name, notBefore, notAfter, name, key)
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(spki))
          .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(spki));
      return toX509(b.build(signer(key)));
    } catch (NoSuchAlgorithmException | CertIOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An intermediate CA (path length 0), optionally restricted to one extended key usage. */
  static X509Certificate intermediateCa(
      X500Name name, SigningKey key, X509Certificate issuer, SigningKey issuerKey,
      Instant notBefore, Instant notAfter, KeyPurposeId extendedKeyUsage) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = builder(
              X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
              "intermediate " + name, notBefore, notAfter, name, key)
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(extendedKeyUsage))
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(key.spki())))
          .addExtension(Extension.authorityKeyIdentifier, false,
              utils.createAuthorityKeyIdentifier(SubjectPublicKeyInfo.getInstance(issuerKey.spki())));
      return toX509(b.build(signer(issuerKey)));
    } catch (NoSuchAlgorithmException | CertIOException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate toX509(X509CertificateHolder holder) {
    return parse(encoded(holder));
  }

  static byte[] encoded(X509CertificateHolder holder) {
    try {
      return holder.getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static X509Certificate parse(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalStateException("generated an unparsable certificate", e);
    }
  }

  static byte[] der(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A signer that produces an empty signature: for building a TBS that is never published. */
  static ContentSigner unsigned(AlgorithmIdentifier algorithm) {
    return new ContentSigner() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
      }

      @Override
      public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
      }

      @Override
      public byte[] getSignature() {
        return new byte[0];
      }
    };
  }

  /** Adapts a {@link SigningKey} to Bouncy Castle's certificate and CMS builders. */
  static ContentSigner signer(SigningKey key) {
    return new ContentSigner() {
      private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return key.signatureAlgorithm();
      }

      @Override
      public OutputStream getOutputStream() {
        return buffer;
      }

      @Override
      public byte[] getSignature() {
        byte[] signature = key.sign(buffer.toByteArray());
        buffer.reset();
        return signature;
      }
    };
  }
}
