package dev.hekate.core.signature;

import dev.hekate.core.crypto.Ecdsa;
import dev.hekate.core.crypto.Providers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * Signature verification over the JDK's providers: ECDSA (P-256, P-384, P-521, hash chosen by the
 * curve as Sigstore does), Ed25519 and RSA PKCS#1 v1.5 with SHA-256. Never throws: a signature
 * that cannot be checked is a signature that does not verify.
 */
public final class Signatures {
  private Signatures() {}

  /** Whether {@code signature} is a valid signature by {@code key} over {@code data}. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    return verify(key, data, signature, false);
  }

  /**
   * As {@link #verify(PublicKey, byte[], byte[])}; {@code singleUse} for a key used once (a Fulcio
   * certificate's), which is not worth precomputing anything for ({@link Ecdsa#verifySingleUse}).
   */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature, boolean singleUse) {
    String algorithm = algorithm(key);
    return !algorithm.isEmpty() && verifyWith(key, algorithm, data, signature, singleUse);
  }

  /**
   * Whether {@code signature} is a valid signature by {@code key} over {@code data} under the JCA
   * {@code algorithm} the caller chose, for formats that name their own (such as a certificate
   * transparency log's TLS {@code SignatureAndHashAlgorithm}). ECDSA on P-256 and P-384 goes
   * through {@link Ecdsa}, other ECDSA through Bouncy Castle's provider, the rest through the JDK.
   */
  public static boolean verify(PublicKey key, String algorithm, byte[] data, byte[] signature) {
    return verifyWith(key, algorithm, data, signature, false);
  }

  /**
   * Whether {@code signature} is a valid ECDSA signature by {@code key} over {@code data} hashed
   * with {@code hash} (a JDK digest name), which may differ from the curve's own; false for other
   * key types. {@code singleUse} as in {@link #verify(PublicKey, byte[], byte[], boolean)}.
   */
  public static boolean verifyHashed(PublicKey key, String hash, byte[] data, byte[] signature, boolean singleUse) {
    if (!(key instanceof ECPublicKey)) {
      return hash.equals(digestAlgorithm(key)) && verify(key, data, signature, singleUse);
    }
    String algorithm = switch (hash) {
      case "SHA-256" -> "SHA256withECDSA";
      case "SHA-384" -> "SHA384withECDSA";
      case "SHA-512" -> "SHA512withECDSA";
      default -> "";
    };
    return !algorithm.isEmpty() && verifyWith(key, algorithm, data, signature, singleUse);
  }

  private static boolean verifyWith(PublicKey key, String algorithm, byte[] data, byte[] signature, boolean singleUse) {
    if (key instanceof ECPublicKey) {
      Optional<Boolean> fast = ecdsaDigest(algorithm).flatMap(digest -> singleUse
          ? Ecdsa.shared().verifySingleUse(key, digest, data, signature)
          : Ecdsa.shared().verify(key, digest, data, signature));
      if (fast.isPresent()) {
        return fast.get();
      }
    }
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
   * other key types return false. {@code singleUse} as in {@link #verify(PublicKey, byte[], byte[], boolean)}.
   */
  public static boolean verifyDigest(PublicKey key, byte[] digest, byte[] signature, boolean singleUse) {
    return key instanceof ECPublicKey && verifyWith(key, "NONEwithECDSA", digest, signature, singleUse);
  }

  private static Optional<String> ecdsaDigest(String algorithm) {
    return switch (algorithm) {
      case "SHA256withECDSA" -> Optional.of("SHA-256");
      case "SHA384withECDSA" -> Optional.of("SHA-384");
      case "SHA512withECDSA" -> Optional.of("SHA-512");
      case "NONEwithECDSA" -> Optional.of("");
      default -> Optional.empty();
    };
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
