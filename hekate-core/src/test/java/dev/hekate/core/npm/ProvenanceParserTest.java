package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.testdata.RealData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ProvenanceParser} on real provenance statements from ../shared/realdata/npm_attestations
 * (MANIFEST.md gives where each came from), one per supported kind, each read into the claims
 * its predicate makes; and refusals ({@code provenance.builder}) for build types and builders
 * Hekate does not trust, following slsa-verifier's rules.
 */
class ProvenanceParserTest {

  /** The SLSA provenance statement of a recorded attestations response (selected by predicate type). */
  static InTotoStatement provenanceIn(String relative) throws Exception {
    return InTotoStatement.parse(InTotoStatement.PAYLOAD_TYPE, payload(provenanceBundle(relative)));
  }

  static JsonNode provenanceBundle(String relative) throws Exception {
    Path file = RealData.require("npm_attestations/" + relative);
    JsonNode response = Json.mapper().readTree(Files.readAllBytes(file));
    for (JsonNode attestation : response.path("attestations")) {
      if (attestation.path("predicateType").asText().startsWith("https://slsa.dev/provenance/")) {
        return attestation.get("bundle");
      }
    }
    throw new AssertionError(relative + " holds no provenance");
  }

  static byte[] payload(JsonNode bundle) {
    return Base64.getDecoder().decode(bundle.at("/dsseEnvelope/payload").asText());
  }

  /** The statement with its predicate edited (a statement Hekate would receive verified but from another builder). */
  static InTotoStatement edited(String relative, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode statement = (ObjectNode) Json.mapper().readTree(payload(provenanceBundle(relative)));
    edit.accept(statement);
    return InTotoStatement.parse(InTotoStatement.PAYLOAD_TYPE, Json.mapper().writeValueAsBytes(statement));
  }

  static ObjectNode predicate(ObjectNode statement) {
    return (ObjectNode) statement.get("predicate");
  }

  static void assertRefused(InTotoStatement statement) {
    VerificationException e = assertThrows(VerificationException.class, () -> ProvenanceParser.parse(statement));
    assertEquals(CheckId.PROVENANCE_BUILDER, e.check());
  }

  static final String V02_NPM_CLI = "slsa-verifier-cli/provenance-npm-test-cli-v02-prega.tgz.json";
  static final String V02_NPM_CLI_TAG = "slsa-verifier-cli/supreme-googles-cli-v02-tag.tgz.json";
  static final String V02_PRE_GA = "slsa-verifier-unit/npm-attestations.intoto.sigstore";
  static final String V02_GENERATOR = "slsa-verifier-cli/provenance-npm-test-ossf.tgz.json";
  static final String V1_NPM_CLI = "slsa-verifier-cli/gundam-visor-cli-v1-tag.tgz.json";
  static final String V1_NPM_CLI_2026 = "sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-attestations.json";

  // --- real statements -------------------------------------------------------------------------

  @Test
  void v02FromTheNpmCli() throws Exception {
    // @laurentsimon/provenance-npm-test@1.0.3: build type gha/v2, the short runner builder id.
    assertEquals(new ProvenanceClaims("github", "https://github.com/actions/runner", Predicates.BUILD_NPM_GHA_V2,
            "https://github.com/laurentsimon/provenance-npm-test", "b38894f2dda4355ea5606fccb166e61565e12a14",
            "refs/heads/main", ".github/workflows/release.yml", "4757060009", "1", "602223945", "64505099",
            "workflow_dispatch", ""),
        ProvenanceParser.parse(provenanceIn(V02_NPM_CLI)));
  }

  @Test
  void v02FromTheNpmCliAtATag() throws Exception {
    ProvenanceClaims claims = ProvenanceParser.parse(provenanceIn(V02_NPM_CLI_TAG));

    assertEquals("https://github.com/trishankatdatadog/supreme-goggles", claims.repository());
    assertEquals("refs/tags/v1.0.5", claims.ref());
    assertEquals(".github/workflows/npm-publish.yml", claims.workflowPath());
    assertEquals("release", claims.event());
    assertEquals("https://github.com/trishankatdatadog/supreme-goggles/actions/runs/4994975790/attempts/1", claims.runUrl());
  }

  @Test
  void v02FromThePreGaNpmCli() throws Exception {
    // @laurentsimon/provenance-npm-test@1.0.0 (Feb 2023): build type gha@v1, builder npm/cli@9.5.0,
    // the entry point written as the whole workflow ref.
    assertEquals(new ProvenanceClaims("github", "https://github.com/npm/cli@9.5.0", Predicates.BUILD_NPM_GHA_V1_PREGA,
            "https://github.com/laurentsimon/provenance-npm-test", "16babffb9153811e193c019939391357372b25ce",
            "refs/heads/main", ".github/workflows/release.yml", "4187464577", "1", "602223945", "64505099",
            "workflow_dispatch", ""),
        ProvenanceParser.parse(provenanceIn(V02_PRE_GA)));
  }

  @Test
  void v02FromSlsaGithubGeneratorsNodeJsBuilder() throws Exception {
    // @laurentsimon/provenance-npm-test@1.0.5: the caller's workflow is the entry point.
    assertEquals(new ProvenanceClaims("github",
            "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml@refs/tags/v1.6.0",
            Predicates.BUILD_SLSA_GENERATOR_DELEGATOR, "https://github.com/laurentsimon/provenance-npm-test",
            "34490b44db557f009617bcb92b8780f972c189ab", "refs/heads/main", ".github/workflows/release-slsa3.yml",
            "5016782196", "1", "602223945", "64505099", "workflow_dispatch", ""),
        ProvenanceParser.parse(provenanceIn(V02_GENERATOR)));
  }

  @Test
  void v1FromTheNpmCli() throws Exception {
    // gundam-visor@1.0.1: the invocation id carries run and attempt.
    assertEquals(new ProvenanceClaims("github", Predicates.GITHUB_HOSTED_RUNNER, Predicates.BUILD_GHA_WORKFLOW_V1,
            "https://github.com/ramonpetgrave64/gundam-visor", "599500821344b070902a7a5666064bfdaba715df",
            "refs/tags/v1.0.1", ".github/workflows/npm-publish.yml", "9358004112", "1", "810002373", "32398091",
            "release", "github-hosted"),
        ProvenanceParser.parse(provenanceIn(V1_NPM_CLI)));
  }

  @Test
  void v1FromTheNpmCliIn2026() throws Exception {
    ProvenanceClaims claims = ProvenanceParser.parse(provenanceIn(V1_NPM_CLI_2026));

    assertEquals("https://github.com/microsoft/playwright-cli", claims.repository());
    assertEquals("d1c6d1113932ddcee243e8b111b6d4aea553df20", claims.commit());
    assertEquals("22026075834", claims.runId());
    assertEquals("github-hosted", claims.runnerEnvironment());
  }

  @Test
  void v1FromASelfHostedRunner() throws Exception {
    // The npm CLI writes https://github.com/actions/runner/$RUNNER_ENVIRONMENT.
    InTotoStatement statement = edited(V1_NPM_CLI, s -> ((ObjectNode) s.at("/predicate/runDetails/builder"))
        .put("id", "https://github.com/actions/runner/self-hosted"));

    assertEquals("self-hosted", ProvenanceParser.parse(statement).runnerEnvironment());
  }

  @Test
  void aV1InvocationIdWithoutAttemptGivesTheRunOnly() throws Exception {
    InTotoStatement statement = edited(V1_NPM_CLI, s -> ((ObjectNode) s.at("/predicate/runDetails/metadata"))
        .put("invocationId", "https://github.com/ramonpetgrave64/gundam-visor/actions/runs/9358004112"));

    ProvenanceClaims claims = ProvenanceParser.parse(statement);
    assertEquals("9358004112", claims.runId());
    assertEquals("", claims.runAttempt());
  }

  // --- refused: provenance.builder -------------------------------------------------------------

  static Stream<Arguments> v1Builders() {
    return Stream.of(
        // slsa-verifier: v1 must name the full runner id; the short one is ErrorInvalidBuilderID
        Arguments.of("short runner id", "https://github.com/actions/runner"),
        Arguments.of("no builder id", ""),
        Arguments.of("another runner", "https://github.com/actions/runner/github-hosted-but-not-really"),
        Arguments.of("another host", "https://github.example.com/actions/runner/github-hosted"),
        Arguments.of("the generator", Predicates.SLSA_GENERATOR_NODEJS_BUILDER + "@refs/tags/v1.6.0"));
  }

  @ParameterizedTest(name = "v1, {0}")
  @MethodSource("v1Builders")
  void unsupportedV1BuildersAreRefused(String what, String builderId) throws Exception {
    assertRefused(edited(V1_NPM_CLI, s -> ((ObjectNode) s.at("/predicate/runDetails/builder")).put("id", builderId)));
  }

  @Test
  void unsupportedV1BuildTypesAreRefused() throws Exception {
    assertRefused(edited(V1_NPM_CLI, s -> ((ObjectNode) s.at("/predicate/buildDefinition"))
        .put("buildType", "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v2")));
    assertRefused(edited(V1_NPM_CLI, s -> ((ObjectNode) s.at("/predicate/buildDefinition"))
        .put("buildType", "https://github.com/npm/cli/gha/v2")));
  }

  static Stream<Arguments> v02Builders() {
    return Stream.of(
        Arguments.of("npm CLI, self-hosted runner", V02_NPM_CLI, "https://github.com/actions/runner/self-hosted"),
        Arguments.of("npm CLI, no builder", V02_NPM_CLI, ""),
        Arguments.of("npm CLI, another builder", V02_NPM_CLI, "https://github.com/attacker/runner"),
        Arguments.of("pre-GA npm CLI, not a release", V02_PRE_GA, "https://github.com/npm/cli@latest"),
        Arguments.of("pre-GA npm CLI, another repository", V02_PRE_GA, "https://github.com/attacker/cli@9.5.0"),
        Arguments.of("generator at a branch", V02_GENERATOR, Predicates.SLSA_GENERATOR_NODEJS_BUILDER + "@refs/heads/main"),
        Arguments.of("generator, another builder", V02_GENERATOR,
            "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml@refs/tags/v1.6.0"),
        Arguments.of("generator from a fork", V02_GENERATOR,
            "https://github.com/attacker/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml@refs/tags/v1.6.0"));
  }

  @ParameterizedTest(name = "v0.2, {0}")
  @MethodSource("v02Builders")
  void unsupportedV02BuildersAreRefused(String what, String file, String builderId) throws Exception {
    assertRefused(edited(file, s -> ((ObjectNode) predicate(s).get("builder")).put("id", builderId)));
  }

  @Test
  void unsupportedV02BuildTypesAreRefused() throws Exception {
    for (String buildType : new String[] {
        "https://github.com/slsa-framework/slsa-github-generator/generic@v1",
        "https://github.com/npm/cli/gha/v3",
        "https://github.com/npm/cli/gitlab/v1",
        ""}) {
      assertRefused(edited(V02_NPM_CLI, s -> predicate(s).put("buildType", buildType)));
    }
  }

  @Test
  void otherPredicateTypesAreRefused() throws Exception {
    assertRefused(edited(V1_NPM_CLI, s -> s.put("predicateType", "https://slsa.dev/provenance/v0.1")));
    assertRefused(edited(V1_NPM_CLI, s -> s.put("predicateType", Predicates.NPM_PUBLISH)));
  }

  // --- GitLab ----------------------------------------------------------------------------------

  /**
   * An SLSA v0.2 statement as the npm CLI writes it on GitLab CI: libnpmpublish/lib/provenance.js
   * (npm/cli 770110535 "feat: Add GitLab CI provenance", unchanged in shape to 780afc50e). The CI
   * variables are under {@code invocation.parameters}; {@code invocation.environment} holds only
   * {@code name, architecture, server, project, job.id, pipeline.{id,ref}}. Abridged to the
   * variables Hekate reads and a few neighbours; values made up.
   */
  static final String GITLAB_STATEMENT = """
      {"_type":"https://in-toto.io/Statement/v0.1",
       "subject":[{"name":"pkg:npm/%40hekate-group/hekate-project@1.0.0","digest":{"sha512":"%s"}}],
       "predicateType":"https://slsa.dev/provenance/v0.2",
       "predicate":{
        "buildType":"https://github.com/npm/cli/gitlab/v0alpha1",
        "builder":{"id":"https://gitlab.com/hekate-group/hekate-project/-/runners/12270859"},
        "invocation":{
         "configSource":{"uri":"git+https://gitlab.com/hekate-group/hekate-project",
          "digest":{"sha1":"6f1e9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b"},"entryPoint":"publish"},
         "parameters":{
          "CI":"true","CI_COMMIT_BRANCH":"main","CI_COMMIT_REF_NAME":"main","CI_COMMIT_REF_PROTECTED":"true",
          "CI_COMMIT_SHA":"6f1e9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b","CI_CONFIG_PATH":".gitlab-ci.yml",
          "CI_DEFAULT_BRANCH":"main","CI_JOB_ID":"6455432118","CI_JOB_NAME":"publish","CI_JOB_STAGE":"deploy",
          "CI_JOB_URL":"https://gitlab.com/hekate-group/hekate-project/-/jobs/6455432118",
          "CI_PIPELINE_ID":"1245678901","CI_PIPELINE_SOURCE":"push",
          "CI_PROJECT_ID":"51234567","CI_PROJECT_NAME":"hekate-project","CI_PROJECT_NAMESPACE":"hekate-group",
          "CI_PROJECT_NAMESPACE_ID":"61234567","CI_PROJECT_PATH":"hekate-group/hekate-project",
          "CI_PROJECT_URL":"https://gitlab.com/hekate-group/hekate-project","CI_PROJECT_VISIBILITY":"public",
          "CI_RUNNER_ID":"12270859","CI_SERVER_URL":"https://gitlab.com","GITLAB_CI":"true"},
         "environment":{"name":"3-blue.saas-linux-small-amd64.runners-manager.gitlab.com/default",
          "architecture":"amd64","server":"https://gitlab.com","project":"hekate-group/hekate-project",
          "job":{"id":"6455432118"},"pipeline":{"id":"1245678901","ref":".gitlab-ci.yml"}}},
        "metadata":{"buildInvocationId":"https://gitlab.com/hekate-group/hekate-project/-/jobs/6455432118",
         "completeness":{"parameters":true,"environment":true,"materials":false},"reproducible":false},
        "materials":[{"uri":"git+https://gitlab.com/hekate-group/hekate-project",
         "digest":{"sha1":"6f1e9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b"}}]}}
      """.replace("%s", "ab".repeat(64));

  static InTotoStatement gitLab() throws Exception {
    return InTotoStatement.parse(InTotoStatement.PAYLOAD_TYPE, GITLAB_STATEMENT.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theNpmCliGitLabBuildTypeIsRecognised() throws Exception {
    ProvenanceClaims claims = ProvenanceParser.parse(gitLab());

    assertEquals("gitlab", claims.platform());
    assertEquals(Predicates.BUILD_NPM_GITLAB, claims.buildType());
  }

  @Test
  void gitLabProvenanceAsTheNpmCliWritesIt() throws Exception {
    assertEquals(new ProvenanceClaims("gitlab", "https://gitlab.com/hekate-group/hekate-project/-/runners/12270859",
            Predicates.BUILD_NPM_GITLAB, "https://gitlab.com/hekate-group/hekate-project",
            "6f1e9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b", "refs/heads/main", ".gitlab-ci.yml", "6455432118", "",
            "51234567", "61234567", "push", ""),
        ProvenanceParser.parse(gitLab()));
  }
}
