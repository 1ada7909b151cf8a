package dev.hekate.core.npm;

import java.util.Optional;

/**
 * Continuity with the previous verified version (the latest earlier one, any major line, whose
 * provenance verified), from the signed evidence of both: a changed source repository, repository
 * id (deleted and re-created?), owner id or publishing workflow, a move from a GitHub-hosted to a
 * self-hosted runner, another trigger event (a pull-request event called out), another kind of ref
 * (a tag build followed by a branch or pull-request build), another builder; and, from the
 * registry's unsigned claims, a staged-publishing approval the previous version had and this one
 * has not. When no earlier version verified, that is said too: the package's first version with
 * provenance, or earlier versions that claim provenance and did not verify. Each is a finding for
 * a person, not a failure: projects do move, and an attacker who took over may too.
 */
final class ContinuityFindings {
  /** GitHub's SLSA v1 builder ids name the runner environment, which the certificate says (and is compared) itself. */
  private static final String GITHUB_RUNNER_BUILDER = "https://github.com/actions/runner/";

  private ContinuityFindings() {}

  /** Compares {@code now} (this version's evidence; {@code input}, its registry document) with {@code predecessor}. */
  static void compare(Predecessor predecessor, NpmVerifier.Input input, Evidence now, VerdictBuilder verdict) {
    switch (predecessor) {
      case Predecessor.NotLooked notLooked -> { }
      case Predecessor.Verified before -> {
        compare(before.evidence(), now, verdict);
        approval(before, input, verdict);
      }
      case Predecessor.NoneVerified none when none.unverified().isEmpty() ->
          verdict.finding(Finding.of(FindingType.FIRST_PROVENANCE,
              "no earlier version of the package has provenance: there is nothing to compare this build with",
              "none", now.sourceRepository()));
      case Predecessor.NoneVerified none ->
          verdict.finding(Finding.of(FindingType.NO_VERIFIED_PREDECESSOR,
              "no earlier version verified (the registry lists them with provenance): continuity could not be checked",
              String.join(", ", none.unverified()), "none verified"));
    }
  }

  /** The signed evidence of the previous verified version against this one's. */
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
    trigger(before.event(), now.event(), verdict);
    refKind(before.ref(), now.ref(), verdict);
    if (!(before.builderId().startsWith(GITHUB_RUNNER_BUILDER) && now.builderId().startsWith(GITHUB_RUNNER_BUILDER))) {
      changed(FindingType.BUILDER_CHANGED, "the builder changed since the previous version",
          before.builderId(), now.builderId(), verdict);
    }
  }

  private static void trigger(String before, String now, VerdictBuilder verdict) {
    changed(FindingType.TRIGGER_CHANGED, "the event that triggered the build changed since the previous version",
        before, now, verdict);
    if (!before.isEmpty() && pullRequestEvent(now) && !pullRequestEvent(before)) {
      verdict.finding(Finding.of(FindingType.PULL_REQUEST_TRIGGER,
          "this version was built from a pull-request event, the previous one was not: a pull request's code may"
              + " have run with the repository's publishing rights",
          before, now));
    }
  }

  private static void refKind(String before, String now, VerdictBuilder verdict) {
    if (before.isEmpty() || now.isEmpty() || refKind(before).equals(refKind(now))) {
      return;
    }
    verdict.finding(Finding.of(FindingType.REF_KIND_CHANGED,
        "the kind of ref built changed since the previous version",
        refKind(before) + " (" + before + ")", refKind(now) + " (" + now + ")"));
  }

  private static void approval(Predecessor.Verified before, NpmVerifier.Input input, VerdictBuilder verdict) {
    Optional<String> approver = before.approver();
    if (approver.isPresent() && input.document().approver().isEmpty()) {
      String previous = (approver.get().isEmpty() ? "approved" : "approved by " + approver.get())
          + (before.version().isEmpty() ? "" : " (" + before.version() + ")");
      verdict.finding(Finding.of(FindingType.APPROVAL_DROPPED,
          "the registry says a maintainer approved the previous version through staged publishing, and nobody"
              + " approved this one (registry claims, unsigned)",
          previous, "not approved"));
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

  /**
   * {@code tag}, {@code branch}, {@code pull_request} (GitHub's {@code refs/pull/}, GitLab's
   * {@code refs/merge-requests/}) or {@code other}.
   */
  static String refKind(String ref) {
    if (ref.startsWith("refs/tags/")) {
      return "tag";
    }
    if (ref.startsWith("refs/heads/")) {
      return "branch";
    }
    if (ref.startsWith("refs/pull/") || ref.startsWith("refs/merge-requests/")) {
      return "pull_request";
    }
    return "other";
  }

  /**
   * GitHub's {@code pull_request*} events ({@code pull_request_target} runs a pull request's
   * workflow with the base repository's secrets and OIDC token) and GitLab's merge-request pipelines.
   */
  static boolean pullRequestEvent(String event) {
    return event.startsWith("pull_request") || event.equals("merge_request_event")
        || event.equals("external_pull_request_event");
  }
}
