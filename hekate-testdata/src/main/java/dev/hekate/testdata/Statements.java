package dev.hekate.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** in-toto statements as npm and the npm CLI write them (compact JSON, their member order). */
final class Statements {

  static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";
  static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
  static final String NPM_PUBLISH_PREDICATE = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";
  static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
  static final String GITHUB_HOSTED_BUILDER = "https://github.com/actions/runner/github-hosted";

  private Statements() {}

  static byte[] statement(
      String type, String subjectName, Map<String, String> digests, String predicateType, JsonNode predicate) {
    ObjectNode s = Json.object();
    s.put("_type", type);
    ObjectNode subject = s.putArray("subject").addObject();
    subject.put("name", subjectName);
    ObjectNode d = subject.putObject("digest");
    digests.forEach(d::put);
    s.put("predicateType", predicateType);
    s.set("predicate", predicate);
    return Json.compact(s);
  }

  /** {@code pkg:npm/<name>@<version>} with a scope's {@code @} percent-encoded, as npm writes it. */
  static String npmPurl(String name, String version) {
    String encoded = name.startsWith("@") ? "%40" + name.substring(1) : name;
    return "pkg:npm/" + encoded + "@" + version;
  }

  static byte[] npmPublish(String name, String version, byte[] tarball) {
    ObjectNode predicate = Json.object();
    predicate.put("name", name);
    predicate.put("version", version);
    predicate.put("registry", "https://registry.npmjs.org");
    return statement(STATEMENT_V01, npmPurl(name, version), Map.of("sha512", Bytes.hex(Bytes.sha512(tarball))),
        NPM_PUBLISH_PREDICATE, predicate);
  }

  static byte[] npmProvenance(String name, String version, byte[] tarball, GithubExtensions ext) {
    return npmProvenance(name, version, Bytes.hex(Bytes.sha512(tarball)), ext);
  }

  /** As {@link #npmProvenance(String, String, byte[], GithubExtensions)}, for a tarball known by its SHA-512. */
  static byte[] npmProvenance(String name, String version, String sha512Hex, GithubExtensions ext) {
    if (ext.buildConfigUri().isEmpty() || ext.sourceRepositoryUri().isEmpty()) {
      throw new IllegalArgumentException("npm provenance needs a GitHub Actions identity with GitHub extensions");
    }
    String repository = ext.sourceRepositoryUri();
    String config = ext.buildConfigUri();
    String path = config.substring(repository.length() + 1, config.lastIndexOf('@'));

    ObjectNode predicate = Json.object();
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1");
    definition.putObject("externalParameters").putObject("workflow")
        .put("ref", ext.sourceRepositoryRef())
        .put("repository", repository)
        .put("path", path);
    definition.putObject("internalParameters").putObject("github")
        .put("event_name", ext.buildTrigger())
        .put("repository_id", ext.sourceRepositoryIdentifier())
        .put("repository_owner_id", ext.sourceRepositoryOwnerIdentifier());
    ObjectNode dependency = definition.putArray("resolvedDependencies").addObject();
    dependency.put("uri", "git+" + repository + "@" + ext.sourceRepositoryRef());
    dependency.putObject("digest").put("gitCommit", ext.sourceRepositoryDigest());
    ObjectNode run = predicate.putObject("runDetails");
    run.putObject("builder").put("id", GITHUB_HOSTED_BUILDER);
    run.putObject("metadata").put("invocationId", ext.runInvocationUri());
    return statement(STATEMENT_V1, npmPurl(name, version), Map.of("sha512", sha512Hex), SLSA_PROVENANCE_V1, predicate);
  }

  /**
   * SLSA v0.2 provenance as the npm CLI writes it on GitLab CI ({@code buildType}
   * {@code https://github.com/npm/cli/gitlab/v0alpha1}, GitLab's CI variables as the invocation's
   * parameters), claiming {@code project} at {@code commit}, tag {@code tag}, CI configuration
   * {@code configPath}: whatever the signing certificate says — for attacks that pair it with a
   * certificate of another platform.
   */
  static byte[] npmGitLabProvenance(String name, String version, byte[] tarball, String project, String commit,
      String tag, String configPath) {
    return npmGitLabProvenance(name, version, tarball, project, commit, tag, configPath, "", "", "push");
  }

  /**
   * As {@link #npmGitLabProvenance(String, String, byte[], String, String, String, String)}, also
   * claiming the project and namespace ids ({@code CI_PROJECT_ID}, {@code CI_PROJECT_NAMESPACE_ID};
   * left out when empty) and the pipeline source ({@code CI_PIPELINE_SOURCE}).
   */
  static byte[] npmGitLabProvenance(String name, String version, byte[] tarball, String project, String commit,
      String tag, String configPath, String projectId, String namespaceId, String pipelineSource) {
    ObjectNode predicate = Json.object();
    predicate.put("buildType", "https://github.com/npm/cli/gitlab/v0alpha1");
    predicate.putObject("builder").put("id", project + "/-/runners/12270859");
    ObjectNode invocation = predicate.putObject("invocation");
    invocation.putObject("configSource").put("uri", "git+" + project).put("entryPoint", "publish")
        .putObject("digest").put("sha1", commit);
    invocation.putObject("parameters")
        .put("CI_PROJECT_URL", project)
        .put("CI_COMMIT_SHA", commit)
        .put("CI_COMMIT_TAG", tag)
        .put("CI_COMMIT_REF_NAME", tag)
        .put("CI_CONFIG_PATH", configPath)
        .put("CI_JOB_ID", "6455432118")
        .put("CI_PIPELINE_SOURCE", pipelineSource);
    ObjectNode parameters = (ObjectNode) invocation.get("parameters");
    if (!projectId.isEmpty()) {
      parameters.put("CI_PROJECT_ID", projectId);
    }
    if (!namespaceId.isEmpty()) {
      parameters.put("CI_PROJECT_NAMESPACE_ID", namespaceId);
    }
    return statement(STATEMENT_V01, npmPurl(name, version), Map.of("sha512", Bytes.hex(Bytes.sha512(tarball))),
        "https://slsa.dev/provenance/v0.2", predicate);
  }
}
