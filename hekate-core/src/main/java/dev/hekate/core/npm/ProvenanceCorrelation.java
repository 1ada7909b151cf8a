package dev.hekate.core.npm;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.verify.VerifiedBundle;
import java.util.List;
import java.util.Optional;

/**
 * The signing certificate and the provenance must tell the same story. Fulcio writes what the CI
 * platform's OIDC token says (repository, commit, workflow, run, ids, runner) into the
 * certificate; the provenance is what the build says about itself. Any difference means the
 * provenance describes a build other than the one that obtained the certificate.
 */
public final class ProvenanceCorrelation {
  /** The reusable workflows that sign for slsa-github-generator's Node.js builder, at a release tag. */
  static final java.util.regex.Pattern SLSA_GENERATOR_DELEGATOR = java.util.regex.Pattern.compile(
      java.util.regex.Pattern.quote(Predicates.SLSA_GENERATOR_WORKFLOWS)
          + "(delegator_generic_slsa3|delegator_lowperms-generic_slsa3)\\.yml@refs/tags/v[0-9]+\\.[0-9]+\\.[0-9]+");

  private ProvenanceCorrelation() {}

  /**
   * {@code provenance.builder} (the provenance names a builder and build type Hekate knows, and
   * its claims parse), then {@code provenance.certificate} (the certificate tells the same story).
   *
   * @return the provenance's claims when the builder is known (whether or not the certificate agreed)
   */
  static Optional<ProvenanceClaims> verify(VerifiedBundle provenance, VerdictBuilder verdict) {
    FulcioExtensions certificate = provenance.fulcioExtensions().orElseThrow();
    Checks.Attempt<ProvenanceClaims> parsed = Checks.attempt(CheckId.PROVENANCE_BUILDER, "", () -> {
      ProvenanceClaims claims = ProvenanceParser.parse(provenance.statement().orElseThrow());
      requireCertificatePlatform(claims, certificate);
      return claims;
    });
    Optional<ProvenanceClaims> claims = parsed.value();
    verdict.record(VerdictCheck.PACKAGE, claims.isPresent()
        ? CheckResult.passed(CheckId.PROVENANCE_BUILDER, claims.get().builderId())
        : parsed.result());
    if (claims.isEmpty()) {
      return Optional.empty();
    }
    verdict.run(CheckId.PROVENANCE_CERTIFICATE, claims.get().repository(),
        () -> requireCertificateMatches(claims.get(), certificate, provenance.subjectAlternativeNames()));
    return claims;
  }

  /**
   * The build platform is the certificate's (its OIDC issuer, which the identity policy already
   * checked), never the provenance's unsigned-by-the-platform {@code buildType}: a GitHub Actions
   * certificate over a provenance that calls itself a GitLab build would otherwise be compared by
   * GitLab's shorter list of claims.
   */
  static void requireCertificatePlatform(ProvenanceClaims claims, FulcioExtensions certificate)
      throws VerificationException {
    String platform = platformOf(certificate);
    if (!claims.platform().equals(platform)) {
      throw VerificationException.mismatch(CheckId.PROVENANCE_BUILDER,
          "the provenance's build type is for another CI platform than the certificate's issuer",
          platform + " (" + certificate.issuer() + ")", claims.platform() + " (" + claims.buildType() + ")");
    }
  }

  /** {@code github} or {@code gitlab}, from the certificate's issuer; anything else is neither. */
  static String platformOf(FulcioExtensions certificate) {
    return switch (certificate.issuer()) {
      case Predicates.GITHUB_ISSUER -> "github";
      case Predicates.GITLAB_ISSUER -> "gitlab";
      default -> "unknown issuer";
    };
  }

  /**
   * @param sans the certificate's subject alternative names
   * @throws VerificationException {@link CheckId#PROVENANCE_CERTIFICATE} on the first difference
   */
  public static void requireCertificateMatches(ProvenanceClaims claims, FulcioExtensions certificate, List<String> sans)
      throws VerificationException {
    require("repository", claims.repository(), "provenance");
    require("commit", claims.commit(), "provenance");
    if (claims.platform().equals("gitlab")) {
      requireGitLabMatches(claims, certificate);
      return;
    }
    require("ref", claims.ref(), "provenance");
    require("workflow path", claims.workflowPath(), "provenance");
    require("run id", claims.runId(), "provenance");
    // Certificates from before Fulcio's 2023 extensions carry only the GitHub-specific ones.
    String repository = certificate.repository();
    same("source repository", claims.repository(), repository);
    same("commit", claims.commit(), certificate.commit());
    same("ref", claims.ref(), certificate.ref());
    String workflow = claims.repository() + "/" + claims.workflowPath() + "@" + claims.ref();
    boolean generator = claims.buildType().equals(Predicates.BUILD_SLSA_GENERATOR_DELEGATOR);
    if (generator) {
      // The reusable builder workflow signs; the caller's workflow is the build config.
      if (sans.stream().noneMatch(san -> SLSA_GENERATOR_DELEGATOR.matcher(san).matches())) {
        throw VerificationException.mismatch(CheckId.PROVENANCE_CERTIFICATE,
            "the certificate is not for slsa-github-generator's delegator workflows at a release",
            SLSA_GENERATOR_DELEGATOR.pattern(), String.join(", ", sans));
      }
    } else if (!sans.contains(workflow)) {
      throw VerificationException.mismatch(CheckId.PROVENANCE_CERTIFICATE,
          "the certificate was issued to another workflow than the one the provenance names", workflow, String.join(", ", sans));
    }
    if (!certificate.buildConfigUri().isEmpty()) {
      same("workflow", workflow, certificate.buildConfigUri());
    }
    if (!certificate.runInvocationUri().isEmpty()) {
      same("run", claims.runUrl(), claims.runAttempt().isEmpty()
          ? certificate.runInvocationUri().replaceFirst("/attempts/[0-9]+$", "") : certificate.runInvocationUri());
    }
    optional("repository id", claims.repositoryId(), certificate.sourceRepositoryIdentifier());
    optional("repository owner id", claims.ownerId(), certificate.sourceRepositoryOwnerIdentifier());
    optional("event", claims.event(), certificate.trigger());
    optional("runner environment", claims.runnerEnvironment(), certificate.runnerEnvironment());
  }

  /**
   * GitLab: every claim the certificate carries — project, commit, ref, CI configuration, job,
   * project and namespace ids, pipeline source, runner — where the provenance makes it too.
   */
  private static void requireGitLabMatches(ProvenanceClaims claims, FulcioExtensions certificate)
      throws VerificationException {
    same("source repository", claims.repository(), certificate.sourceRepositoryUri());
    same("commit", claims.commit(), certificate.sourceRepositoryDigest());
    optional("ref", claims.ref(), certificate.sourceRepositoryRef());
    if (!claims.workflowPath().isEmpty() && !claims.ref().isEmpty()) {
      // Fulcio writes GitLab's ci_config_ref_uri: <project>//<config path>@<ref>.
      optional("CI configuration", claims.repository() + "//" + claims.workflowPath() + "@" + claims.ref(),
          certificate.buildConfigUri());
    }
    if (!claims.runId().isEmpty()) {
      optional("job", claims.runUrl(), certificate.runInvocationUri());
    }
    optional("project id", claims.repositoryId(), certificate.sourceRepositoryIdentifier());
    optional("namespace id", claims.ownerId(), certificate.sourceRepositoryOwnerIdentifier());
    optional("pipeline source", claims.event(), certificate.buildTrigger());
    optional("runner environment", claims.runnerEnvironment(), certificate.runnerEnvironment());
  }

  private static void require(String what, String value, String where) throws VerificationException {
    if (value.isEmpty()) {
      throw VerificationException.invalid(CheckId.PROVENANCE_CERTIFICATE, "the " + where + " does not say its " + what);
    }
  }

  private static void same(String what, String provenance, String certificate) throws VerificationException {
    if (!provenance.equals(certificate)) {
      throw VerificationException.mismatch(CheckId.PROVENANCE_CERTIFICATE,
          "the certificate's " + what + " differs from the provenance's", provenance, certificate);
    }
  }

  /** Compared when both sides make the claim: older certificates and v0.2 provenance omit some. */
  private static void optional(String what, String provenance, String certificate) throws VerificationException {
    if (!provenance.isEmpty() && !certificate.isEmpty()) {
      same(what, provenance, certificate);
    }
  }
}
