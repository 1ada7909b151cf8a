package dev.hekate.core.intoto;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;

/**
 * Verifies one securesystemslib signature over what a layout or link signs (a metablock's canonical
 * JSON, a DSSE envelope's pre-authentication encoding), by the key's scheme:
 * {@code rsassa-pss-sha256} (salt length of the digest, or the largest, as securesystemslib's
 * automatic salt length accepts), {@code rsa-pkcs1v15-sha256}, {@code ecdsa-sha2-nistp256/384}
 * (DER signatures) and {@code ed25519}. Returns false for any signature that does not verify.
 */
public final class SignatureVerifier {
  private SignatureVerifier() {}

  /** Whether some signature of {@code block} by {@code key}'s key id verifies. */
  public static boolean signedBy(Metablock block, InTotoKey key) {
    byte[] message = block.signedBytes();
    for (Metablock.Signature signature : block.signatures()) {
      if (signature.keyId().equals(key.keyId()) && verify(key, Optional.of(signature.sig()), message)) {
        return true;
      }
    }
    return false;
  }

  static boolean verify(InTotoKey key, Optional<byte[]> signature, byte[] message) {
    if (signature.isEmpty() || signature.get().length == 0 || signature.get().length > 2048) {
      return false;
    }
    byte[] sig = signature.get();
    try {
      return switch (key.scheme()) {
        case "rsassa-pss-sha256" -> {
          if (!(key.publicKey() instanceof RSAPublicKey rsa)) {
            yield false;
          }
          int emLength = (rsa.getModulus().bitLength() - 1 + 7) / 8;
          yield pss(key, sig, message, 32) || pss(key, sig, message, emLength - 32 - 2);
        }
        case "rsa-pkcs1v15-sha256" -> key.publicKey() instanceof RSAPublicKey && plain("SHA256withRSA", key, sig, message);
        case "ecdsa-sha2-nistp256" -> curve(key, 256) && plain("SHA256withECDSA", key, sig, message);
        case "ecdsa-sha2-nistp384" -> curve(key, 384) && plain("SHA384withECDSA", key, sig, message);
        case "ed25519" -> plain("Ed25519", key, sig, message);
        default -> false;
      };
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean curve(InTotoKey key, int bits) {
    return key.publicKey() instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == bits;
  }

  private static boolean pss(InTotoKey key, byte[] sig, byte[] message, int saltLength) throws GeneralSecurityException {
    if (saltLength < 0) {
      return false;
    }
    Signature verifier = Signature.getInstance("RSASSA-PSS");
    verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength, 1));
    return verifies(verifier, key, sig, message);
  }

  private static boolean plain(String algorithm, InTotoKey key, byte[] sig, byte[] message) throws GeneralSecurityException {
    return verifies(Signature.getInstance(algorithm), key, sig, message);
  }

  /** {@code verifier}, set up for its scheme, over {@code message}; a signature it cannot read does not verify. */
  private static boolean verifies(Signature verifier, InTotoKey key, byte[] sig, byte[] message)
      throws GeneralSecurityException {
    verifier.initVerify(key.publicKey());
    verifier.update(message);
    try {
      return verifier.verify(sig);
    } catch (java.security.SignatureException e) {
      return false;
    }
  }
}
