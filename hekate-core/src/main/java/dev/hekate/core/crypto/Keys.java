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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decoding of public keys and certificates from DER and PEM, on the JDK's providers. */
public final class Keys {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private Keys() {}

  /** A DER SubjectPublicKeyInfo of any supported type (EC, Ed25519, RSA). */
  public static Optional<PublicKey> publicKey(byte[] spki) {
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
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
    } catch (CertificateException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every PEM block of the given type in {@code text}, decoded. */
  public static List<byte[]> pemBlocks(String text, String type) {
    List<byte[]> blocks = new ArrayList<>();
    Matcher matcher = PEM.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(type)) {
        Encoding.base64(matcher.group(2).replaceAll("\\s", "")).ifPresent(blocks::add);
      }
    }
    return blocks;
  }

  /** PEM text for a certificate, as Rekor stores it in log entry bodies. */
  public static String toPem(String type, byte[] der) {
    String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  public static byte[] sha256(byte[]... parts) {
    return digest("SHA-256", parts);
  }

  public static byte[] sha512(byte[]... parts) {
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
