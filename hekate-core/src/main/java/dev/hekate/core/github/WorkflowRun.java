package dev.hekate.core.github;

import java.util.Objects;

/**
 * One GitHub Actions workflow run as {@code GET /repos/{owner}/{repo}/actions/runs/{run_id}}
 * returned it, reduced to what Hekate compares with provenance. Unverified: this is what GitHub
 * says now, for the run's latest attempt.
 *
 * @param id {@code id}, the run id
 * @param headSha {@code head_sha}, the commit the run built
 * @param path {@code path}, the workflow file as GitHub gives it, e.g.
 *     {@code .github/workflows/release.yml} (see {@link RunComparison} for how it is normalised)
 * @param runAttempt {@code run_attempt}, the latest attempt (1 unless the run was re-run)
 * @param event {@code event}, e.g. {@code push}, {@code release}, {@code workflow_dispatch}
 * @param status {@code status}, e.g. {@code completed}, {@code in_progress}
 * @param conclusion {@code conclusion}, e.g. {@code success}; empty while the run has none
 * @param htmlUrl {@code html_url}, the run's page
 * @param repositoryFullName {@code repository.full_name}, e.g. {@code octo-org/octo-repo}; the
 *     current name, which differs from the requested one after a rename
 */
public record WorkflowRun(
    long id,
    String headSha,
    String path,
    int runAttempt,
    String event,
    String status,
    String conclusion,
    String htmlUrl,
    String repositoryFullName) {

  public WorkflowRun {
    // A record's components and their null checks: records list and validate what they hold.
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(conclusion, "conclusion");
    Objects.requireNonNull(htmlUrl, "htmlUrl");
    Objects.requireNonNull(repositoryFullName, "repositoryFullName");
  }
}
