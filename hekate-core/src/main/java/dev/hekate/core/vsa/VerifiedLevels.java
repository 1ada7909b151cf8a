package dev.hekate.core.vsa;

import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.slsa.ArtifactVerification;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code verifiedLevels} of a summary. A FAILED summary (FAILED or MISSING verdict) says
 * {@code ["FAILED"]}, as the VSA specification asks. A PASSED one names the highest SLSA build
 * level the verified provenance supports, by its builder:
 *
 * <ul>
 *   <li>{@value #BUILD_L3}: a builder of slsa-github-generator (a reusable workflow isolated from the
 *       calling one: the build platform generates and signs the provenance, L3's isolation);
 *   <li>{@value #BUILD_L2}: a hosted build platform signing the provenance with the run's identity —
 *       the npm CLI on GitHub-hosted runners (builder {@code https://github.com/actions/runner} or
 *       {@code …/github-hosted}, and the certificate's runner environment {@code github-hosted}) or
 *       GitLab's hosted runners ({@code gitlab-hosted}) — where the build's own steps could still reach the signing
 *       identity, so L3 is not claimed;
 *   <li>{@value #BUILD_L1}: any other builder (a self-hosted runner among them): provenance exists
 *       and verifies, nothing more is known of the platform.
 * </ul>
 *
 * <p>Then Hekate's own levels (custom levels never start with {@code SLSA_}):
 * {@value #NPM_PUBLISH_ATTESTED} (npm's publish attestation verified with the registry's key,
 * always for a VERIFIED npm verdict) and {@code HEKATE_TIER_<TIER>} ({@code HEKATE_TIER_PROVENANCE},
 * {@code HEKATE_TIER_TRUSTED_PUBLISHER}).
 */
public final class VerifiedLevels {
  public static final String BUILD_L1 = "SLSA_BUILD_LEVEL_1";
  public static final String BUILD_L2 = "SLSA_BUILD_LEVEL_2";
  public static final String BUILD_L3 = "SLSA_BUILD_LEVEL_3";
  public static final String FAILED = "FAILED";
  public static final String NPM_PUBLISH_ATTESTED = "HEKATE_NPM_PUBLISH_ATTESTED";
  /** A signed in-toto layout verified: its steps, functionaries, thresholds and artifact rules. No SLSA build level. */
  public static final String INTOTO_LAYOUT_VERIFIED = "HEKATE_INTOTO_LAYOUT_VERIFIED";

  private static final String GENERATOR = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/";
  private static final String GITHUB_RUNNER = "https://github.com/actions/runner";
  private static final String GITLAB_HOSTED_PREFIX = "https://gitlab.com/gitlab-org/gitlab-runner";

  private VerifiedLevels() {}

  public static List<String> of(Verdict verdict) {
    if (verdict.status() != Status.VERIFIED) {
      return List.of(FAILED);
    }
    List<String> levels = new ArrayList<>();
    levels.add(buildLevel(verdict.evidence().builderId(), verdict.evidence().runnerEnvironment()));
    levels.add(NPM_PUBLISH_ATTESTED);
    verdict.tier().filter(t -> t != TrustTier.NONE)
        .ifPresent(t -> levels.add("HEKATE_TIER_" + t.name()));
    return List.copyOf(levels);
  }

  /**
   * The levels of a SLSA artifact verification: the build level of the verified builder alone
   * (there is no certificate runner environment here, so a builder other than slsa-github-generator
   * is {@value #BUILD_L1}), or {@code ["FAILED"]} when not verified.
   */
  public static List<String> of(ArtifactVerification result) {
    return result.verified()
        .map(verified -> List.of(buildLevel(verified.builder().toString(), "")))
        .orElse(List.of(FAILED));
  }

  /** The build level of a verified provenance's builder (see the class comment). */
  static String buildLevel(String builderId, String runnerEnvironment) {
    if (builderId.startsWith(GENERATOR) && builderId.contains("@refs/tags/v")) {
      return BUILD_L3;
    }
    // The runner environment is the Fulcio certificate's (signed); the builder id the provenance's.
    boolean githubHosted = (builderId.equals(GITHUB_RUNNER) || builderId.equals(GITHUB_RUNNER + "/github-hosted"))
        && runnerEnvironment.equals("github-hosted");
    boolean gitlabHosted = builderId.startsWith(GITLAB_HOSTED_PREFIX) && runnerEnvironment.equals("gitlab-hosted");
    return githubHosted || gitlabHosted ? BUILD_L2 : BUILD_L1;
  }
}
