package dev.hekate.core.policy;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.VerificationMaterial;
import dev.hekate.core.certificate.CertificateVerifier;
import dev.hekate.core.certificate.Signer;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.trust.TrustedKey;
import dev.hekate.core.trust.TrustedRoot;
import java.util.List;

/**
 * The first stage, "establish the key or certificate the signature claims": the bundle's
 * verification material must be the kind of signer the {@link Policy} accepts
 * ({@code bundle.verification_material}, {@code public.key}). A certificate chain the bundle carries
 * beyond its leaf must be the trusted root's own certificates, in issuing order.
 */
public final class SignerSelection {
  private SignerSelection() {}

  public static Signer establish(Bundle bundle, Policy policy, TrustedRoot trustedRoot, Checks checks)
      throws Checks.Stop {
    VerificationMaterial material = bundle.verificationMaterial();
    return switch (policy) {
      case Policy.Identity identity -> {
        if (!(material instanceof VerificationMaterial.Certificates certificates)) {
          throw checks.fail(VerificationException.mismatch(CheckId.BUNDLE_VERIFICATION_MATERIAL,
              "the bundle is signed with a public key, but the policy asks for a certificate identity",
              "certificate", "public key"));
        }
        checks.run(CheckId.BUNDLE_VERIFICATION_MATERIAL, certificates.chain().size() + " certificate(s)", () -> {
          CertificateVerifier.requireBundleChain(certificates.chain(), trustedRoot.certificateAuthorities());
          requireUsableKey(certificates.leaf());
        });
        yield new Signer(new SigningKey.Certificate(certificates.leaf()), List.of());
      }
      case Policy.Key key -> {
        VerificationMaterial.PublicKeyHint hint = publicKeyHint(material, "a public key", checks);
        checks.passed(CheckId.PUBLIC_KEY, "the key given by the caller");
        yield new Signer(new SigningKey.Key(key.publicKey(), hint.hint()), List.of());
      }
      case Policy.TrustedKeyHint trusted -> {
        VerificationMaterial.PublicKeyHint hint = publicKeyHint(material, "a trusted key", checks);
        List<TrustedKey> candidates = trusted.keys().find(hint.hint(), trusted.keyUsage());
        if (candidates.isEmpty()) {
          throw checks.fail(VerificationException.mismatch(CheckId.PUBLIC_KEY,
              "no trusted key for " + trusted.keyUsage() + " has the bundle's key id", "a trusted key id", hint.hint()));
        }
        yield new Signer(new SigningKey.Key(candidates.get(0).publicKey(), hint.hint()), candidates);
      }
    };
  }

  /** The leaf's key decodes: a certificate whose key does not is malformed evidence, never a crash later. */
  private static void requireUsableKey(java.security.cert.X509Certificate leaf) throws VerificationException {
    try {
      leaf.getPublicKey();
    } catch (RuntimeException e) {
      // Bouncy Castle decodes the key lazily and reports a bad point as IllegalStateException.
      throw VerificationException.invalid(CheckId.BUNDLE_VERIFICATION_MATERIAL,
          "the certificate's public key is malformed");
    }
  }

  /** The bundle's public key hint, when a key policy needs one; a certificate is a mismatch. */
  private static VerificationMaterial.PublicKeyHint publicKeyHint(
      VerificationMaterial material, String policyAsksFor, Checks checks) throws Checks.Stop {
    if (!(material instanceof VerificationMaterial.PublicKeyHint hint)) {
      throw checks.fail(VerificationException.mismatch(CheckId.PUBLIC_KEY,
          "the bundle is signed with a certificate, but the policy asks for " + policyAsksFor,
          "public key", "certificate"));
    }
    checks.passed(CheckId.BUNDLE_VERIFICATION_MATERIAL, "public key hint");
    return hint;
  }
}
