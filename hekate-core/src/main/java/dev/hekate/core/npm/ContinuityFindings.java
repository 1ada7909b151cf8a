package dev.hekate.core.npm;

/**
 * Continuity with the previous verified version of the same major line, from the signed evidence
 * of both: a changed source repository, repository id (deleted and re-created?), owner id or
 * publishing workflow, or a move from a GitHub-hosted to a self-hosted runner. Each is a finding
 * for a person, not a failure: projects do move, and an attacker who took over may too.
 */
final class ContinuityFindings {
  private ContinuityFindings() {}

  static void compare(Evidence before, Evidence now, VerdictBuilder verdict) {
    changed(FindingType.REPOSITORY_CHANGED, "the source repository changed since the previous version",
        before.sourceRepository(), now.sourceRepository(), verdict);
    changed(FindingType.REPOSITORY_ID_CHANGED,
        "the repository id changed since the previous version: the repository may have been deleted and re-created",
        before.repositoryId(), now.repositoryId(), verdict);
    changed(FindingType.OWNER_ID_CHANGED, "the repository owner id changed since the previous version",
        before.ownerId(), now.ownerId(), verdict);
    changed(FindingType.WORKFLOW_CHANGED, "the publishing workflow changed since the previous version",
        workflowPath(before.workflow()), workflowPath(now.workflow()), verdict);
    if (before.runnerEnvironment().equals("github-hosted") && now.runnerEnvironment().equals("self-hosted")) {
      verdict.finding(Finding.of(FindingType.RUNNER_SELF_HOSTED,
          "the previous version was built on a GitHub-hosted runner, this one on a self-hosted runner",
          before.runnerEnvironment(), now.runnerEnvironment()));
    }
  }

  private static void changed(FindingType type, String message, String before, String now, VerdictBuilder verdict) {
    if (!before.isEmpty() && !now.isEmpty() && !before.equals(now)) {
      verdict.finding(Finding.of(type, message, before, now));
    }
  }

  /** {@code .github/workflows/release.yml@refs/tags/v1} → {@code .github/workflows/release.yml}. */
  static String workflowPath(String workflow) {
    int at = workflow.indexOf('@');
    return at < 0 ? workflow : workflow.substring(0, at);
  }
}
