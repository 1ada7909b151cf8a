package dev.hekate.core.slsa;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;

/**
 * The source repository ({@code slsa.source}), after slsa-verifier's
 * {@code VerifyCertficateSourceRepository} and {@code verifySourceURI}: the repository in the
 * signing certificate — the evidence — must be {@code --source-uri}; and the provenance's claims
 * (the workflow that ran, the source it built) must name that same repository, at a ref.
 */
public final class SourceMatcher {
  private static final String GITHUB = "https://github.com/";

  private SourceMatcher() {}

  /**
   * @param expected {@code --source-uri}: {@code github.com/OWNER/REPO} (or a {@code git+https://} URI)
   * @throws VerificationException {@link CheckId#SLSA_SOURCE}: MISMATCH when a repository differs,
   *     INVALID when the certificate's claims disagree with each other or a URI is malformed
   */
  public static void verify(String expected, FulcioExtensions certificate, Provenance provenance)
      throws VerificationException {
    String repository = certificateRepository(certificate);
    String wanted = expected.startsWith("git+https://") ? expected.substring("git+https://".length()) : expected;
    wanted = wanted.startsWith("github.com/") ? wanted.substring("github.com/".length()) : wanted;
    if (!repository.equals(wanted)) {
      throw VerificationException.mismatch(CheckId.SLSA_SOURCE, "the certificate names another source repository",
          wanted, repository);
    }
    String source = GitRefs.normalize(expected);
    if (!source.startsWith("git+" + GITHUB)) {
      throw VerificationException.invalid(CheckId.SLSA_SOURCE, "--source-uri is not a github.com repository: " + expected);
    }
    GitRefs.UriAndRef trigger = GitRefs.split(provenance.triggerUri(), CheckId.SLSA_SOURCE, "workflow trigger");
    if (!trigger.uri().equals(source)) {
      throw VerificationException.mismatch(CheckId.SLSA_SOURCE, "the provenance's workflow ran in another repository",
          source, provenance.triggerUri());
    }
    if (trigger.ref().isEmpty()) {
      throw VerificationException.invalid(CheckId.SLSA_SOURCE, "the provenance's workflow trigger has no ref: "
          + provenance.triggerUri());
    }
    GitRefs.UriAndRef built = GitRefs.split(provenance.sourceUri(), CheckId.SLSA_SOURCE, "source");
    if (!built.uri().equals(source)) {
      throw VerificationException.mismatch(CheckId.SLSA_SOURCE, "the provenance built another source repository",
          source, provenance.sourceUri());
    }
    if (built.ref().isEmpty()) {
      // Delegator provenance may name its source without a ref; every other build type must.
      if (BuilderTrust.BYOB_BUILD_TYPE.equals(provenance.buildType())) {
        return;
      }
      throw VerificationException.invalid(CheckId.SLSA_SOURCE, "the provenance's source has no ref: " + provenance.sourceUri());
    }
    if (!provenance.triggerUri().equals(provenance.sourceUri())) {
      throw VerificationException.mismatch(CheckId.SLSA_SOURCE,
          "the provenance's workflow trigger and source disagree", provenance.triggerUri(), provenance.sourceUri());
    }
  }

  /**
   * {@code OWNER/REPO} from the certificate. As slsa-verifier's {@code GetWorkflowInfoFromCertificate}:
   * the 2023 claims and the older GitHub ones must agree where both are set, and the trigger and
   * commit must be present in one form or the other.
   */
  private static String certificateRepository(FulcioExtensions certificate) throws VerificationException {
    requireSameClaim("trigger", certificate.githubWorkflowTrigger(), certificate.buildTrigger());
    requireSameClaim("commit", certificate.githubWorkflowSha(), certificate.sourceRepositoryDigest());
    if (!certificate.buildConfigDigest().isEmpty()) {
      requireSameClaim("build configuration commit", certificate.commit(), certificate.buildConfigDigest());
    }
    String uri = certificate.sourceRepositoryUri();
    String legacy = certificate.githubWorkflowRepository();
    if (!uri.isEmpty() && !legacy.isEmpty() && !uri.equals(GITHUB + legacy)) {
      throw VerificationException.mismatch(CheckId.SLSA_SOURCE, "the certificate's two repository claims disagree",
          GITHUB + legacy, uri);
    }
    String repository = uri.startsWith(GITHUB) ? uri.substring(GITHUB.length()) : uri;
    if (repository.isEmpty()) {
      repository = legacy;
    }
    if (repository.isEmpty()) {
      throw VerificationException.invalid(CheckId.SLSA_SOURCE, "the certificate names no source repository");
    }
    return repository;
  }

  private static void requireSameClaim(String what, String older, String newer) throws VerificationException {
    if (older.isEmpty() && newer.isEmpty()) {
      throw VerificationException.invalid(CheckId.SLSA_SOURCE, "the certificate has no " + what + " claim");
    }
    if (!older.isEmpty() && !newer.isEmpty() && !older.equals(newer)) {
      throw VerificationException.mismatch(CheckId.SLSA_SOURCE, "the certificate's two " + what + " claims disagree",
          older, newer);
    }
  }
}
