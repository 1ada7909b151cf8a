package dev.hekate.core.crypto;

import dev.hekate.core.encoding.Encoding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decoding of public keys and certificates from DER and PEM, on the JDK's providers. */
public final class Keys {

  private Keys() {}

  /** A DER SubjectPublicKeyInfo of any supported type (EC, Ed25519, RSA). */
  public static Optional<PublicKey> publicKey(byte[] spki) {
    // EC keys are decoded by Bouncy Castle, whose verifier then uses them without conversion.
    try {
      return Optional.of(KeyFactory.getInstance("EC", Providers.BOUNCY_CASTLE).generatePublic(new X509EncodedKeySpec(spki)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // not an EC key, or (Bouncy Castle checks the point) not a valid one: the JDK decodes the
      // latter without complaint, and nothing will ever verify with it
    }
    for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
      try {
        return Optional.of(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki)));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the next algorithm
      }
    }
    return Optional.empty();
  }

  /**
   * A public key as a trusted root writes it: DER SubjectPublicKeyInfo, except for the
   * {@code PKCS1_RSA_*} key details, whose bytes are a bare PKCS#1 RSAPublicKey.
   */
  public static Optional<PublicKey> publicKey(byte[] raw, String keyDetails) {
    if (keyDetails.startsWith("PKCS1_RSA")) {
      try {
        var rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(raw);
        return Optional.of(KeyFactory.getInstance("RSA").generatePublic(
            new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())));
      } catch (GeneralSecurityException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return publicKey(raw);
  }

  /** A PEM "PUBLIC KEY" block. */
  public static Optional<PublicKey> publicKeyPem(String pem) {
    return pemBlocks(pem, "PUBLIC KEY").stream().findFirst().flatMap(Keys::publicKey);
  }

  /** A DER X.509 certificate. */
  public static Optional<X509Certificate> certificate(byte[] der) {
    try {
      // Bouncy Castle's certificates hand out Bouncy Castle keys, which its verifier then uses
      // without converting them from the JDK's representation on every verification.
      CertificateFactory factory = CertificateFactory.getInstance("X.509", Providers.BOUNCY_CASTLE);
      return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
    } catch (CertificateException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A certificate's SubjectPublicKeyInfo exactly as encoded in it (its key's own encoding may
   * differ, say by naming the curve differently); empty if the certificate cannot be re-read.
   */
  public static Optional<byte[]> subjectPublicKeyInfo(X509Certificate certificate) {
    try {
      return Optional.of(org.bouncycastle.asn1.x509.Certificate.getInstance(certificate.getEncoded())
          .getSubjectPublicKeyInfo().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
    } catch (CertificateException | java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every PEM block of the given type in {@code text}, decoded; malformed blocks are skipped. */
  public static List<byte[]> pemBlocks(String text, String type) {
    List<byte[]> blocks = new ArrayList<>();
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = 0;
    while (true) {
      int start = text.indexOf(begin, from);
      if (start < 0) {
        return blocks;
      }
      int stop = text.indexOf(end, start + begin.length());
      if (stop < 0) {
        return blocks;
      }
      // Collected as Latin-1 bytes, not appended char by char to a StringBuilder (most of a log
      // entry body check): a char beyond Latin-1 becomes '?', as the decoder's own conversion
      // makes it, and like every character outside the alphabet it is refused.
      byte[] base64 = new byte[stop - start - begin.length()];
      int length = 0;
      for (int i = start + begin.length(); i < stop; i++) {
        char c = text.charAt(i);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          base64[length++] = c <= 0xff ? (byte) c : (byte) '?';
        }
      }
      Encoding.base64(new String(base64, 0, length, StandardCharsets.ISO_8859_1)).ifPresent(blocks::add);
      from = stop + end.length();
    }
  }

  public static byte[] sha256(byte[]... parts) {
    return digest("SHA-256", parts);
  }

  public static byte[] sha512(byte[]... parts) {
    // Testdata hashes with its own code on purpose: it is an independent second implementation.
    return digest("SHA-512", parts);
  }

  public static byte[] digest(String algorithm, byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
