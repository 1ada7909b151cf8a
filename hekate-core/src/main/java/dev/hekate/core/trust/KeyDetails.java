package dev.hekate.core.trust;

import dev.hekate.core.json.JsonFormatException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * A trust document's {@code keyDetails} (Sigstore's {@code PublicKeyDetails}) held to the key it
 * describes, at load: a value Hekate does not verify with, or one that contradicts the key (a
 * P-384 key named P-256, an EC key named Ed25519), refuses the document. What a key is used for is
 * then never a guess: the algorithm is the one {@code keyDetails} names, and it is the one the key
 * itself implies (ECDSA with the curve's hash, Ed25519, RSA PKCS#1 v1.5 with SHA-256).
 */
final class KeyDetails {
  private static final Set<String> RSA = Set.of("PKCS1_RSA_PKCS1V5", "PKIX_RSA_PKCS1V5",
      "PKIX_RSA_PKCS1V15_2048_SHA256", "PKIX_RSA_PKCS1V15_3072_SHA256", "PKIX_RSA_PKCS1V15_4096_SHA256");

  private KeyDetails() {}

  /**
   * @param where the key's place in the document, for the message
   * @throws JsonFormatException when {@code keyDetails} is absent, unknown, or not the key's
   */
  static void requireMatches(String keyDetails, PublicKey key, String where) throws JsonFormatException {
    if (keyDetails.isEmpty()) {
      throw new JsonFormatException(where + " has no keyDetails: which algorithm the key verifies with would be a guess");
    }
    String actual = describe(key);
    boolean matches = switch (keyDetails) {
      case "PKIX_ECDSA_P256_SHA_256" -> actual.equals("P-256");
      case "PKIX_ECDSA_P384_SHA_384" -> actual.equals("P-384");
      case "PKIX_ECDSA_P521_SHA_512" -> actual.equals("P-521");
      case "PKIX_ED25519" -> actual.equals("Ed25519");
      default -> {
        if (!RSA.contains(keyDetails)) {
          throw new JsonFormatException(where + ".keyDetails " + keyDetails + " is not an algorithm Hekate verifies"
              + " with (ECDSA P-256/P-384/P-521 with their hash, Ed25519, RSA PKCS#1 v1.5 with SHA-256)");
        }
        yield actual.startsWith("RSA") && sizeMatches(keyDetails, (RSAPublicKey) key);
      }
    };
    if (!matches) {
      throw new JsonFormatException(where + ".keyDetails says " + keyDetails + " but the key is " + actual);
    }
  }

  private static boolean sizeMatches(String keyDetails, RSAPublicKey key) {
    int bits = key.getModulus().bitLength();
    return keyDetails.contains("_2048_") ? bits == 2048 : keyDetails.contains("_3072_") ? bits == 3072
        : !keyDetails.contains("_4096_") || bits == 4096;
  }

  private static String describe(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      return "P-" + ec.getParams().getCurve().getField().getFieldSize();
    }
    if (key instanceof RSAPublicKey rsa) {
      return "RSA-" + rsa.getModulus().bitLength();
    }
    if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
      return "Ed25519";
    }
    return key.getAlgorithm();
  }
}
