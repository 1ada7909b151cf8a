package dev.hekate.core.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.statement.InTotoStatement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the build claims of a SLSA provenance — v0.2 from the npm CLI on GitHub Actions and
 * GitLab, v0.2 from slsa-github-generator's Node.js builder, v1 from the npm CLI on GitHub
 * Actions — into {@link ProvenanceClaims}. Only a verified statement should be passed in.
 */
public final class ProvenanceParser {
  private static final Pattern RUN_URL =
      Pattern.compile("(https://github\\.com/[^/]+/[^/]+)/actions/runs/([0-9]+)(?:/attempts/([0-9]+))?");

  private ProvenanceParser() {}

  /**
   * @throws VerificationException {@link CheckId#PROVENANCE_BUILDER} when the predicate type,
   *     build type or builder is not one Hekate knows
   */
  public static ProvenanceClaims parse(InTotoStatement statement) throws VerificationException {
    JsonNode predicate = statement.predicate();
    return switch (statement.predicateType()) {
      case Predicates.SLSA_V02 -> v02(predicate);
      case Predicates.SLSA_V1 -> v1(predicate);
      default -> throw VerificationException.mismatch(CheckId.PROVENANCE_BUILDER,
          "the provenance has an unsupported predicate type", Predicates.SLSA_V02 + " or " + Predicates.SLSA_V1,
          statement.predicateType());
    };
  }

  private static ProvenanceClaims v02(JsonNode predicate) throws VerificationException {
    String buildType = text(predicate, "/buildType");
    String builderId = text(predicate, "/builder/id");
    JsonNode environment = predicate.at("/invocation/environment");
    String entryPoint = text(predicate, "/invocation/configSource/entryPoint");
    switch (buildType) {
      case Predicates.BUILD_NPM_GHA_V2, Predicates.BUILD_SLSA_GENERATOR_DELEGATOR, Predicates.BUILD_NPM_GHA_V1_PREGA -> {
        String expectedBuilder = switch (buildType) {
          case Predicates.BUILD_SLSA_GENERATOR_DELEGATOR -> Predicates.SLSA_GENERATOR_NODEJS_BUILDER + "@refs/tags/v*";
          case Predicates.BUILD_NPM_GHA_V1_PREGA -> Predicates.NPM_CLI_BUILDER_PREFIX + "<version>";
          default -> Predicates.GITHUB_HOSTED_RUNNER;
        };
        boolean trusted = switch (buildType) {
          case Predicates.BUILD_SLSA_GENERATOR_DELEGATOR ->
              builderId.startsWith(Predicates.SLSA_GENERATOR_NODEJS_BUILDER + "@refs/tags/v");
          case Predicates.BUILD_NPM_GHA_V1_PREGA ->
              builderId.matches(Pattern.quote(Predicates.NPM_CLI_BUILDER_PREFIX) + "[0-9]+\\.[0-9]+\\.[0-9]+");
          default -> builderId.equals(Predicates.GITHUB_RUNNER_SHORT) || builderId.equals(Predicates.GITHUB_HOSTED_RUNNER);
        };
        if (!trusted) {
          throw VerificationException.mismatch(CheckId.PROVENANCE_BUILDER,
              "the provenance names a builder Hekate does not trust for this build type", expectedBuilder, builderId);
        }
        String repository = text(environment, "/GITHUB_REPOSITORY");
        if (buildType.equals(Predicates.BUILD_NPM_GHA_V1_PREGA)) {
          // The pre-GA npm CLI wrote the whole workflow ref (owner/repo/path@ref) as the entry point.
          String prefix = repository + "/";
          String workflowRef = text(environment, "/GITHUB_WORKFLOW_REF");
          entryPoint = workflowRef.startsWith(prefix) && workflowRef.contains("@")
              ? workflowRef.substring(prefix.length(), workflowRef.lastIndexOf('@')) : "";
        }
        return new ProvenanceClaims(
            "github",
            builderId,
            buildType,
            repository.isEmpty() ? "" : "https://github.com/" + repository,
            text(environment, "/GITHUB_SHA"),
            text(environment, "/GITHUB_REF"),
            entryPoint,
            text(environment, "/GITHUB_RUN_ID"),
            text(environment, "/GITHUB_RUN_ATTEMPT"),
            text(environment, "/GITHUB_REPOSITORY_ID"),
            text(environment, "/GITHUB_REPOSITORY_OWNER_ID"),
            text(environment, "/GITHUB_EVENT_NAME"),
            builderId.equals(Predicates.GITHUB_HOSTED_RUNNER) ? "github-hosted" : "");
      }
      case Predicates.BUILD_NPM_GITLAB -> {
        // The npm CLI writes GitLab's CI variables as the invocation's parameters; its
        // "environment" describes the runner instead.
        JsonNode parameters = predicate.at("/invocation/parameters");
        String tag = text(parameters, "/CI_COMMIT_TAG");
        String branch = text(parameters, "/CI_COMMIT_REF_NAME");
        return new ProvenanceClaims(
            "gitlab",
            builderId,
            buildType,
            text(parameters, "/CI_PROJECT_URL"),
            text(parameters, "/CI_COMMIT_SHA"),
            !tag.isEmpty() ? "refs/tags/" + tag : branch.isEmpty() ? "" : "refs/heads/" + branch,
            text(parameters, "/CI_CONFIG_PATH"),
            text(parameters, "/CI_JOB_ID"),
            "",
            text(parameters, "/CI_PROJECT_ID"),
            text(parameters, "/CI_PROJECT_NAMESPACE_ID"),
            text(parameters, "/CI_PIPELINE_SOURCE"),
            "");
      }
      default -> throw VerificationException.mismatch(CheckId.PROVENANCE_BUILDER,
          "the SLSA v0.2 provenance has an unsupported build type",
          Predicates.BUILD_NPM_GHA_V2 + ", " + Predicates.BUILD_NPM_GITLAB + " or " + Predicates.BUILD_SLSA_GENERATOR_DELEGATOR,
          buildType);
    }
  }

  private static ProvenanceClaims v1(JsonNode predicate) throws VerificationException {
    String buildType = text(predicate, "/buildDefinition/buildType");
    String builderId = text(predicate, "/runDetails/builder/id");
    if (!buildType.equals(Predicates.BUILD_GHA_WORKFLOW_V1)) {
      throw VerificationException.mismatch(CheckId.PROVENANCE_BUILDER,
          "the SLSA v1 provenance has an unsupported build type", Predicates.BUILD_GHA_WORKFLOW_V1, buildType);
    }
    String runner;
    if (builderId.equals(Predicates.GITHUB_HOSTED_RUNNER)) {
      runner = "github-hosted";
    } else if (builderId.equals("https://github.com/actions/runner/self-hosted")) {
      runner = "self-hosted";
    } else {
      // slsa-verifier's rule: v1 provenance must name the full runner id; the short form is refused.
      throw VerificationException.mismatch(CheckId.PROVENANCE_BUILDER,
          "the SLSA v1 provenance names an unsupported builder", Predicates.GITHUB_HOSTED_RUNNER, builderId);
    }
    JsonNode workflow = predicate.at("/buildDefinition/externalParameters/workflow");
    JsonNode github = predicate.at("/buildDefinition/internalParameters/github");
    JsonNode dependency = predicate.at("/buildDefinition/resolvedDependencies/0");
    String invocation = text(predicate, "/runDetails/metadata/invocationId");
    String runId = "";
    String attempt = "";
    Matcher matcher = RUN_URL.matcher(invocation);
    if (matcher.matches()) {
      runId = matcher.group(2);
      attempt = matcher.group(3) == null ? "" : matcher.group(3);
    }
    return new ProvenanceClaims(
        "github",
        builderId,
        buildType,
        text(workflow, "/repository"),
        text(dependency, "/digest/gitCommit"),
        text(workflow, "/ref"),
        text(workflow, "/path"),
        runId,
        attempt,
        text(github, "/repository_id"),
        text(github, "/repository_owner_id"),
        text(github, "/event_name"),
        runner);
  }

  private static String text(JsonNode node, String pointer) {
    JsonNode value = node.at(pointer);
    return value.isTextual() ? value.asText() : value.isIntegralNumber() ? value.asText() : "";
  }
}
