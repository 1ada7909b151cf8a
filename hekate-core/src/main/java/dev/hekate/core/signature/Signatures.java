package dev.hekate.core.signature;

import dev.hekate.core.crypto.Providers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Signature verification over the JDK's providers: ECDSA (P-256, P-384, P-521, hash chosen by the
 * curve as Sigstore does), Ed25519 and RSA PKCS#1 v1.5 with SHA-256. Never throws: a signature
 * that cannot be checked is a signature that does not verify.
 */
public final class Signatures {
  private Signatures() {}

  /** Whether {@code signature} is a valid signature by {@code key} over {@code data}. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    String algorithm = algorithm(key);
    return !algorithm.isEmpty() && verify(key, algorithm, data, signature);
  }

  /**
   * Whether {@code signature} is a valid signature by {@code key} over {@code data} under the JCA
   * {@code algorithm} the caller chose, for formats that name their own (such as a certificate
   * transparency log's TLS {@code SignatureAndHashAlgorithm}). ECDSA keys are checked by Bouncy
   * Castle, as in {@link #verify(PublicKey, byte[], byte[])}.
   */
  public static boolean verify(PublicKey key, String algorithm, byte[] data, byte[] signature) {
    try {
      Signature verifier = key instanceof ECPublicKey
          ? Signature.getInstance(algorithm, Providers.BOUNCY_CASTLE)
          : Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // a malformed signature is simply not a valid one
    }
  }

  /**
   * Whether {@code signature} is a valid ECDSA signature by {@code key} over a message whose
   * digest (by the curve's hash) is {@code digest}. Only ECDSA can be checked from a digest alone;
   * other key types return false.
   */
  public static boolean verifyDigest(PublicKey key, byte[] digest, byte[] signature) {
    return key instanceof ECPublicKey && verify(key, "NONEwithECDSA", digest, signature);
  }

  /** The JDK digest name ECDSA uses for this key's curve, or SHA-256 for other key types. */
  public static String digestAlgorithm(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits > 384 ? "SHA-512" : bits > 256 ? "SHA-384" : "SHA-256";
    }
    return "SHA-256";
  }

  /** The DSSE pre-authentication encoding: {@code DSSEv1 SP len(type) SP type SP len(body) SP body}. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] header = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
        .getBytes(StandardCharsets.UTF_8);
    byte[] pae = new byte[header.length + payload.length];
    System.arraycopy(header, 0, pae, 0, header.length);
    System.arraycopy(payload, 0, pae, header.length, payload.length);
    return pae;
  }

  private static String algorithm(PublicKey key) {
    if (key instanceof ECPublicKey) {
      return switch (digestAlgorithm(key)) {
        case "SHA-512" -> "SHA512withECDSA";
        case "SHA-384" -> "SHA384withECDSA";
        default -> "SHA256withECDSA";
      };
    }
    if (key instanceof RSAPublicKey) {
      return "SHA256withRSA";
    }
    if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
      return "Ed25519";
    }
    return "";
  }
}
