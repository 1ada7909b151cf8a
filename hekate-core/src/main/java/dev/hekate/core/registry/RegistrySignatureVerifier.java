package dev.hekate.core.registry;

import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.trust.TrustedKey;
import dev.hekate.core.trust.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code npm.registry_signature}: one of the version's {@code dist.signatures} is the registry's
 * ECDSA signature over {@code name@version:integrity}, by an {@code npm:signatures} key of npm's
 * keys document that was valid at every time given. No signatures is a failure here; whether a
 * version without {@code dist.signatures} is checked at all (a registry that publishes no keys
 * signs nothing), and which times the key is judged at, is the caller's decision
 * ({@code npm.RegistrySignatureCheck}).
 */
public final class RegistrySignatureVerifier {
  private RegistrySignatureVerifier() {}

  /**
   * @param integrity {@code dist.integrity} exactly as served (the signed text)
   * @param times when the version was published; the key must be valid at each (none: nothing verifies)
   * @throws VerificationException INVALID when there is no signature, or none verifies
   */
  public static void verify(String name, String version, String integrity, List<RegistrySignature> signatures,
      TrustedKeys npmKeys, List<Instant> times) throws VerificationException {
    if (signatures.isEmpty()) {
      throw VerificationException.invalid(CheckId.NPM_REGISTRY_SIGNATURE, "the version carries no dist.signatures,"
          + " yet the registry publishes signing keys and so signs every version it serves");
    }
    byte[] message = (name + "@" + version + ":" + integrity).getBytes(StandardCharsets.UTF_8);
    for (RegistrySignature signature : signatures) {
      byte[] sig = Encoding.base64(signature.sig()).orElse(new byte[0]);
      for (TrustedKey key : npmKeys.find(signature.keyid(), TrustedKeys.NPM_SIGNATURES)) {
        if (!times.isEmpty() && times.stream().allMatch(key.validity()::contains)
            && Signatures.verify(key.publicKey(), message, sig)) {
          return;
        }
      }
    }
    throw VerificationException.invalid(CheckId.NPM_REGISTRY_SIGNATURE,
        "no registry signature over " + name + "@" + version + " verifies with an npm signing key valid at " + times);
  }
}
