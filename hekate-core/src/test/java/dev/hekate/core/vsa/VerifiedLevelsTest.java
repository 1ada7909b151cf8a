package dev.hekate.core.vsa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The build level each kind of builder's verified provenance supports. */
class VerifiedLevelsTest {
  @Test
  void buildLevelsByBuilderAndSignedRunnerEnvironment() {
    assertEquals("SLSA_BUILD_LEVEL_3", VerifiedLevels.buildLevel(
        "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml@refs/tags/v2.0.0",
        "github-hosted"));
    assertEquals("SLSA_BUILD_LEVEL_1", VerifiedLevels.buildLevel(
        "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml@refs/heads/main",
        "github-hosted"), "a generator not at a release tag is not the trusted builder");
    assertEquals("SLSA_BUILD_LEVEL_2", VerifiedLevels.buildLevel("https://github.com/actions/runner/github-hosted",
        "github-hosted"));
    assertEquals("SLSA_BUILD_LEVEL_2", VerifiedLevels.buildLevel("https://github.com/actions/runner", "github-hosted"));
    assertEquals("SLSA_BUILD_LEVEL_1", VerifiedLevels.buildLevel("https://github.com/actions/runner/github-hosted",
        "self-hosted"), "the certificate says self-hosted: the provenance's builder id is only a claim");
    assertEquals("SLSA_BUILD_LEVEL_1", VerifiedLevels.buildLevel("https://github.com/actions/runner/self-hosted",
        "self-hosted"));
    assertEquals("SLSA_BUILD_LEVEL_2", VerifiedLevels.buildLevel(
        "https://gitlab.com/gitlab-org/gitlab-runner/-/glob/v17.0.0", "gitlab-hosted"));
    assertEquals("SLSA_BUILD_LEVEL_1", VerifiedLevels.buildLevel("https://ci.example/builder", ""));
  }
}
