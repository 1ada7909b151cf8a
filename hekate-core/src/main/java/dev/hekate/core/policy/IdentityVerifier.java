package dev.hekate.core.policy;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.certificate.Signer;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The last stage, "the signer is the one the policy asks for": for keyless signing, the
 * certificate's subject alternative name ({@code identity.san}), its OIDC issuer extension
 * ({@code identity.issuer}) and any Fulcio extensions the policy names ({@code identity.extensions}).
 * Key-signed bundles have no identity to check: the key was the policy.
 */
public final class IdentityVerifier {
  private IdentityVerifier() {}

  /** @return the certificate's Fulcio claims, once they matched the policy */
  public static Optional<FulcioExtensions> verify(Signer signer, Policy policy, Checks checks) throws Checks.Stop {
    if (signer.certificate().isEmpty() || !(policy instanceof Policy.Identity identity)) {
      return Optional.empty();
    }
    X509Certificate leaf = signer.certificate().get();
    IdentityPolicy rules = identity.identity();
    checks.run(CheckId.IDENTITY_SAN, String.join(", ", IdentityPolicy.subjectAlternativeNames(leaf)),
        () -> rules.requireSan(leaf));
    FulcioExtensions claims = checks.run(CheckId.IDENTITY_ISSUER, "", () -> {
      FulcioExtensions decoded;
      try {
        decoded = FulcioExtensions.of(leaf);
      } catch (IllegalArgumentException e) {
        throw VerificationException.invalid(CheckId.IDENTITY_ISSUER, e.getMessage());
      }
      rules.requireIssuer(decoded);
      return decoded;
    });
    if (!rules.extensions().isEmpty()) {
      checks.run(CheckId.IDENTITY_EXTENSIONS, "", () -> rules.requireExtensions(claims));
    }
    return Optional.of(claims);
  }
}
