package dev.hekate.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeBundleBuilder;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.GithubExtensions;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.PackageVersion;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * One GitHub Actions build of an npm package version with every claim chosen: the Fulcio
 * certificate's extensions and the npm CLI's SLSA v1 provenance are derived from the same values,
 * so an honest version verifies and two versions differ exactly where the test says.
 * {@link GeneratedNpm} fixes these values; continuity and the GitHub run check need them chosen.
 *
 * <p>The provenance is written as {@code libnpmpublish/lib/provenance.js} writes it (npm CLI 9.6+,
 * SLSA v1): builder {@code https://github.com/actions/runner/<RUNNER_ENVIRONMENT>}, invocation id
 * {@code <repo>/actions/runs/<id>/attempts/<n>}.
 */
record MintedBuild(
    String owner,
    String repo,
    String workflowPath,
    String ref,
    String commit,
    String repositoryId,
    String ownerId,
    String runId,
    String attempt,
    String runner,
    String event,
    String builder) {

  static final String PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
  static final String NPM_PUBLISH = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";
  static final String GHA_WORKFLOW_V1 = "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1";
  static final String PROVENANCE_V02 = "https://slsa.dev/provenance/v0.2";
  static final String NPM_CLI_PRE_GA = "https://github.com/npm/cli@";
  static final String NPM_GHA_PRE_GA = "https://github.com/npm/cli/gha@v1";

  /** The honest defaults for {@code name@version}: {@code hekate-test/<name>}, release.yml at tag v<version>. */
  static MintedBuild of(String name, String version) {
    return new MintedBuild(GeneratedNpm.DEFAULT_OWNER, name, ".github/workflows/release.yml", "refs/tags/v" + version,
        GeneratedNpm.commitOf(name, version), "610000001", "620000002", "7100000" + version.replace(".", ""), "1",
        "github-hosted", "push", "");
  }

  MintedBuild withOwner(String value) {
    return new MintedBuild(value, repo, workflowPath, ref, commit, repositoryId, ownerId, runId, attempt, runner, event, builder);
  }

  MintedBuild withRepo(String value) {
    return new MintedBuild(owner, value, workflowPath, ref, commit, repositoryId, ownerId, runId, attempt, runner, event, builder);
  }

  MintedBuild withWorkflowPath(String value) {
    return new MintedBuild(owner, repo, value, ref, commit, repositoryId, ownerId, runId, attempt, runner, event, builder);
  }

  MintedBuild withRepositoryId(String value) {
    return new MintedBuild(owner, repo, workflowPath, ref, commit, value, ownerId, runId, attempt, runner, event, builder);
  }

  MintedBuild withOwnerId(String value) {
    return new MintedBuild(owner, repo, workflowPath, ref, commit, repositoryId, value, runId, attempt, runner, event, builder);
  }

  MintedBuild withAttempt(String value) {
    return new MintedBuild(owner, repo, workflowPath, ref, commit, repositoryId, ownerId, runId, value, runner, event, builder);
  }

  MintedBuild withRunner(String value) {
    return new MintedBuild(owner, repo, workflowPath, ref, commit, repositoryId, ownerId, runId, attempt, value, event, builder);
  }

  MintedBuild withRef(String value) {
    return new MintedBuild(owner, repo, workflowPath, value, commit, repositoryId, ownerId, runId, attempt, runner, event,
        builder);
  }

  MintedBuild withEvent(String value) {
    return new MintedBuild(owner, repo, workflowPath, ref, commit, repositoryId, ownerId, runId, attempt, runner, value,
        builder);
  }

  /**
   * Built by the pre-GA npm CLI ({@code https://github.com/npm/cli@<version>}, early 2023), which
   * wrote SLSA v0.2 provenance; the default is the npm CLI's SLSA v1 with GitHub's runner builder.
   */
  MintedBuild withPreGaNpmCli(String version) {
    return new MintedBuild(owner, repo, workflowPath, ref, commit, repositoryId, ownerId, runId, attempt, runner, event,
        NPM_CLI_PRE_GA + version);
  }

  String repository() {
    return "https://github.com/" + owner + "/" + repo;
  }

  /** The certificate's SAN and build config URI. */
  String workflowRef() {
    return repository() + "/" + workflowPath + "@" + ref;
  }

  String runUrl() {
    return repository() + "/actions/runs/" + runId + "/attempts/" + attempt;
  }

  GithubExtensions extensions() {
    return new GithubExtensions(workflowRef(), commit, runner, repository(), commit, ref, repositoryId,
        "https://github.com/" + owner, ownerId, workflowRef(), commit, event, runUrl(), "public");
  }

  /** The npm CLI's predicate for this build: SLSA v1, or v0.2 for the pre-GA CLI. */
  String predicateJson() {
    return builder.isEmpty() ? v1PredicateJson() : preGaPredicateJson();
  }

  String predicateType() {
    return builder.isEmpty() ? PROVENANCE_V1 : PROVENANCE_V02;
  }

  /** The pre-GA npm CLI's SLSA v0.2 predicate: GitHub's environment variables, the workflow ref as entry point. */
  private String preGaPredicateJson() {
    ObjectNode predicate = Json.newObject();
    predicate.put("buildType", NPM_GHA_PRE_GA);
    predicate.putObject("builder").put("id", builder);
    ObjectNode invocation = predicate.putObject("invocation");
    String workflowRef = owner + "/" + repo + "/" + workflowPath + "@" + ref;
    invocation.putObject("configSource").put("uri", "git+" + repository() + "@" + ref).put("entryPoint", workflowRef)
        .putObject("digest").put("sha1", commit);
    invocation.putObject("parameters");
    invocation.putObject("environment")
        .put("GITHUB_EVENT_NAME", event).put("GITHUB_REF", ref).put("GITHUB_REPOSITORY", owner + "/" + repo)
        .put("GITHUB_REPOSITORY_ID", repositoryId).put("GITHUB_REPOSITORY_OWNER_ID", ownerId)
        .put("GITHUB_RUN_ATTEMPT", attempt).put("GITHUB_RUN_ID", runId).put("GITHUB_SHA", commit)
        .put("GITHUB_WORKFLOW_REF", workflowRef);
    return Json.write(predicate);
  }

  private String v1PredicateJson() {
    ObjectNode predicate = Json.newObject();
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", GHA_WORKFLOW_V1);
    definition.putObject("externalParameters").putObject("workflow")
        .put("ref", ref).put("repository", repository()).put("path", workflowPath);
    definition.putObject("internalParameters").putObject("github")
        .put("event_name", event).put("repository_id", repositoryId).put("repository_owner_id", ownerId);
    ObjectNode dependency = definition.putArray("resolvedDependencies").addObject();
    dependency.put("uri", "git+" + repository() + "@" + ref);
    dependency.putObject("digest").put("gitCommit", commit);
    ObjectNode run = predicate.putObject("runDetails");
    run.putObject("builder").put("id", "https://github.com/actions/runner/" + runner);
    run.putObject("metadata").put("invocationId", runUrl());
    return Json.write(predicate);
  }

  /**
   * Signs this build's provenance and npm's publish attestation for {@code name@version} at
   * {@code signedAt} and returns the version as an honest registry serves it: integrity of the
   * tarball, {@code dist.signatures} by the registry key, repository and gitHead of this build,
   * published at the provenance's log time.
   */
  PackageVersion.Builder mint(FakeSigstore sigstore, String name, String version, Instant signedAt) {
    byte[] tarball = GeneratedNpm.tarball(name, version);
    Map<String, String> digest = Map.of("sha512", sha512Hex(tarball));
    String purl = "pkg:npm/" + (name.startsWith("@") ? "%40" + name.substring(1) : name) + "@" + version;
    FakeBundle provenance = sigstore.bundle()
        .identity(workflowRef(), FakeBundleBuilder.GITHUB_ISSUER)
        .githubExtensions(extensions())
        .inTotoStatement(purl, digest, predicateType(), predicateJson())
        .signingTime(signedAt)
        .build();
    FakeBundle publish = sigstore.bundle()
        .npmPublishAttestation(name, version, tarball)
        .signingTime(signedAt.plusSeconds(3))
        .build();
    return PackageVersion.builder(name, version)
        .tarball(tarball)
        .attestations(FakeSigstore.npmAttestationsResponse(publish, provenance))
        .publishedAt(provenance.integratedTime().orElse(signedAt))
        .gitHead(commit)
        .repositoryUrl("git+" + repository() + ".git")
        .signedBy(sigstore.npmKey());
  }

  private static String sha512Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
