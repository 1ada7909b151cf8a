package dev.hekate.core.npm;

import java.util.Objects;

/**
 * What a SLSA provenance says about its build, normalised across predicate versions and CI
 * platforms so it can be compared field by field with the signing certificate. A claim the
 * provenance does not make is the empty string.
 *
 * @param platform {@code github} or {@code gitlab}
 * @param builderId the builder id ({@code runDetails.builder.id} or {@code builder.id})
 * @param buildType the build type
 * @param repository the source repository as an https URL, e.g. {@code https://github.com/o/r}
 * @param commit the source commit (hex)
 * @param ref the git ref built, e.g. {@code refs/tags/v1.0.1}
 * @param workflowPath the workflow file, e.g. {@code .github/workflows/release.yml} (GitLab: the CI
 *     configuration's path, e.g. {@code .gitlab-ci.yml})
 * @param runId the CI run (GitHub run id, GitLab job id)
 * @param runAttempt the GitHub run attempt
 * @param repositoryId GitHub's numeric repository id
 * @param ownerId GitHub's numeric repository owner id
 * @param event the triggering event
 * @param runnerEnvironment {@code github-hosted} or {@code self-hosted} where the provenance says
 */
public record ProvenanceClaims(
    String platform,
    String builderId,
    String buildType,
    String repository,
    String commit,
    String ref,
    String workflowPath,
    String runId,
    String runAttempt,
    String repositoryId,
    String ownerId,
    String event,
    String runnerEnvironment) {

  public ProvenanceClaims {
    // A record's components and their null checks: records list and validate what they hold.
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(builderId, "builderId");
    Objects.requireNonNull(buildType, "buildType");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(workflowPath, "workflowPath");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(runAttempt, "runAttempt");
    Objects.requireNonNull(repositoryId, "repositoryId");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(runnerEnvironment, "runnerEnvironment");
  }

  /** The run's web address, e.g. {@code https://github.com/o/r/actions/runs/1/attempts/1}. */
  public String runUrl() {
    if (runId.isEmpty() || repository.isEmpty()) {
      return "";
    }
    if (platform.equals("gitlab")) {
      return repository + "/-/jobs/" + runId;
    }
    return repository + "/actions/runs/" + runId + (runAttempt.isEmpty() ? "" : "/attempts/" + runAttempt);
  }
}
