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
 * keys document that was valid when the version was published. No signatures is a failure here;
 * whether a version without {@code dist.signatures} needs the check at all (older versions were
 * never signed) is the caller's decision ({@code NpmVerifier} plans it only when there are some).
 */
public final class RegistrySignatureVerifier {
  private RegistrySignatureVerifier() {}

  /**
   * @param integrity {@code dist.integrity} exactly as served (the signed text)
   * @param when the version's publish time
   * @throws VerificationException INVALID when no signature verifies
   */
  public static void verify(String name, String version, String integrity, List<RegistrySignature> signatures,
      TrustedKeys npmKeys, Instant when) throws VerificationException {
    byte[] message = (name + "@" + version + ":" + integrity).getBytes(StandardCharsets.UTF_8);
    for (RegistrySignature signature : signatures) {
      byte[] sig = Encoding.base64(signature.sig()).orElse(new byte[0]);
      for (TrustedKey key : npmKeys.find(signature.keyid(), TrustedKeys.NPM_SIGNATURES)) {
        if (key.validity().contains(when) && Signatures.verify(key.publicKey(), message, sig)) {
          return;
        }
      }
    }
    throw VerificationException.invalid(CheckId.NPM_REGISTRY_SIGNATURE,
        "no registry signature over " + name + "@" + version + " verifies with an npm signing key valid at " + when);
  }
}
