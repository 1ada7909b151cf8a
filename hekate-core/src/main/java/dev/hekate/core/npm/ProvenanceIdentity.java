package dev.hekate.core.npm;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.VerificationMaterial;
import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.policy.IdentityPolicy;

/**
 * Which Fulcio identity a provenance must have: a GitHub Actions workflow of a GitHub repository,
 * or a GitLab CI pipeline — chosen by the issuer the (not yet verified) certificate names, which
 * the bundle verifier then checks like every other claim of the certificate.
 */
final class ProvenanceIdentity {
  static final IdentityPolicy GITHUB_ACTIONS = IdentityPolicy.regex(
      "https://github\\.com/[^/]+/[^/]+/\\.github/workflows/[^@]+@.+", Predicates.GITHUB_ISSUER);
  static final IdentityPolicy GITLAB = IdentityPolicy.regex("https://gitlab\\.com/.+", Predicates.GITLAB_ISSUER);

  private ProvenanceIdentity() {}

  /**
   * GitLab's policy for a GitLab certificate, GitHub Actions' for anything else — which then fails
   * {@code identity.issuer} unless the certificate really is GitHub's.
   */
  static IdentityPolicy policyFor(Bundle bundle) {
    try {
      // Decoding every extension is only needed to confirm GitLab: a certificate whose issuer is
      // not GitLab's, or whose extensions do not all decode, gets GitHub Actions' policy either way.
      if (bundle.verificationMaterial() instanceof VerificationMaterial.Certificates certificates
          && FulcioExtensions.issuerOf(certificates.leaf()).equals(Predicates.GITLAB_ISSUER)
          && FulcioExtensions.of(certificates.leaf()).issuer().equals(Predicates.GITLAB_ISSUER)) {
        return GITLAB;
      }
    } catch (RuntimeException e) {
      // the bundle verifier reports an undecodable certificate
    }
    return GITHUB_ACTIONS;
  }
}
