package dev.hekate.core.npm;

/** The predicate and build types Hekate recognises in npm attestations. */
// A static-only class: a private constructor and its constants.
public final class Predicates {
  /** npm's publish attestation, signed by the registry. */
  public static final String NPM_PUBLISH = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";
  public static final String SLSA_V02 = "https://slsa.dev/provenance/v0.2";
  public static final String SLSA_V1 = "https://slsa.dev/provenance/v1";

  /** npm CLI on GitHub Actions, SLSA v0.2. */
  public static final String BUILD_NPM_GHA_V2 = "https://github.com/npm/cli/gha/v2";
  /** The npm CLI's pre-GA GitHub Actions build type (early 2023), SLSA v0.2; builder {@code https://github.com/npm/cli@<version>}. */
  public static final String BUILD_NPM_GHA_V1_PREGA = "https://github.com/npm/cli/gha@v1";
  public static final String NPM_CLI_BUILDER_PREFIX = "https://github.com/npm/cli@";
  /** npm CLI on GitLab CI, SLSA v0.2. */
  public static final String BUILD_NPM_GITLAB = "https://github.com/npm/cli/gitlab/v0alpha1";
  /** GitHub Actions workflow build type, SLSA v1 (npm CLI). */
  public static final String BUILD_GHA_WORKFLOW_V1 = "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1";
  /** slsa-github-generator's delegated builders (the Node.js builder among them), SLSA v0.2. */
  public static final String BUILD_SLSA_GENERATOR_DELEGATOR = "https://github.com/slsa-framework/slsa-github-generator/delegator-generic@v0";

  public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
  public static final String GITLAB_ISSUER = "https://gitlab.com";

  public static final String GITHUB_HOSTED_RUNNER = "https://github.com/actions/runner/github-hosted";
  public static final String GITHUB_RUNNER_SHORT = "https://github.com/actions/runner";
  public static final String SLSA_GENERATOR_NODEJS_BUILDER =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml";
  /** The signing workflows of slsa-github-generator's Node.js builder (certificate SAN prefixes). */
  public static final String SLSA_GENERATOR_WORKFLOWS = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/";

  private Predicates() {}

  /** Whether {@code predicateType} is one Hekate verifies: npm's publish attestation or SLSA provenance. */
  public static boolean isKnown(String predicateType) {
    return predicateType.equals(NPM_PUBLISH) || predicateType.equals(SLSA_V02) || predicateType.equals(SLSA_V1);
  }
}
