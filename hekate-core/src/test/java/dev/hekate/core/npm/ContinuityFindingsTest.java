package dev.hekate.core.npm;

import static dev.hekate.core.npm.NpmStageFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.registry.VersionDocument;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ContinuityFindings}: the previous verified version's evidence (and approval) against this
 * one's, or the news that none verified. Each change is a finding with both values, never a
 * failure; a value either side lacks is no change.
 * (How the previous version is found is {@code NpmServiceContinuityTest}.)
 */
class ContinuityFindingsTest {
  private static final String HOSTED_BUILDER = "https://github.com/actions/runner/github-hosted";

  private static final Evidence BEFORE = build("refs/tags/v1.0.0", "push", HOSTED_BUILDER,
      "https://github.com/hekate-test/stages", "101", "202", ".github/workflows/release.yml@refs/tags/v1.0.0",
      "github-hosted");

  private static Evidence evidence(String repository, String repositoryId, String ownerId, String workflow,
      String runner) {
    return build("refs/tags/v1.0.1", "push", HOSTED_BUILDER, repository, repositoryId, ownerId, workflow, runner);
  }

  /** The honest setup of {@link #BEFORE} (repository, ids, workflow, runner) built from {@code ref} on {@code event} by {@code builder}. */
  private static Evidence built(String ref, String event, String builder) {
    return build(ref, event, builder, "https://github.com/hekate-test/stages", "101", "202",
        ".github/workflows/release.yml@" + ref, "github-hosted");
  }

  private static Evidence build(String ref, String event, String builder, String repository, String repositoryId,
      String ownerId, String workflow, String runner) {
    return new Evidence(repository, "", ref, workflow, "", builder, "", runner, event, repositoryId, ownerId, "", "",
        "", "", Optional.empty(), List.of());
  }

  private static List<Finding> compare(Evidence now) {
    VerdictBuilder verdict = new VerdictBuilder(input());
    ContinuityFindings.compare(BEFORE, now, verdict);
    return verdict.build(Evidence.none()).findings();
  }

  private static List<FindingType> types(Evidence now) {
    return compare(now).stream().map(Finding::type).toList();
  }

  @Test
  void theSameBuildSetupUnderANewTagGivesNoFinding() {
    assertEquals(List.of(), types(evidence("https://github.com/hekate-test/stages", "101", "202",
        ".github/workflows/release.yml@refs/tags/v1.0.1", "github-hosted")));
  }

  @Test
  void eachChangeIsItsOwnFindingWithBothValues() {
    assertEquals(List.of(FindingType.REPOSITORY_CHANGED), types(evidence("https://github.com/someone/stages", "101",
        "202", ".github/workflows/release.yml@refs/tags/v1.0.1", "github-hosted")));
    assertEquals(List.of(FindingType.REPOSITORY_ID_CHANGED, FindingType.OWNER_ID_CHANGED),
        types(evidence("https://github.com/hekate-test/stages", "103", "204", ".github/workflows/release.yml",
            "github-hosted")));
    List<Finding> workflow = compare(evidence("https://github.com/hekate-test/stages", "101", "202",
        ".github/workflows/other.yml@refs/tags/v1.0.1", "github-hosted"));
    assertEquals(List.of(FindingType.WORKFLOW_CHANGED), workflow.stream().map(Finding::type).toList());
    assertEquals(Optional.of(".github/workflows/release.yml"), workflow.get(0).expected());
    assertEquals(Optional.of(".github/workflows/other.yml"), workflow.get(0).actual());
  }

  @Test
  void onlyAMoveToASelfHostedRunnerIsAFinding() {
    Evidence selfHosted = evidence("https://github.com/hekate-test/stages", "101", "202",
        ".github/workflows/release.yml", "self-hosted");
    assertEquals(List.of(FindingType.RUNNER_SELF_HOSTED), types(selfHosted));

    VerdictBuilder verdict = new VerdictBuilder(input());
    ContinuityFindings.compare(selfHosted, BEFORE, verdict);
    assertEquals(List.of(), verdict.build(Evidence.none()).findings());
  }

  @Test
  void aValueTheEvidenceDoesNotGiveIsNoChange() {
    assertEquals(List.of(), types(evidence("https://github.com/hekate-test/stages", "", "", "", "")));
  }

  // --- how the build was started, and by what -----------------------------------------------

  @Test
  void aTagBuildFollowedByADispatchOnABranchIsTwoFindings() {
    List<Finding> findings = compare(built("refs/heads/main", "workflow_dispatch", HOSTED_BUILDER));

    assertEquals(List.of(FindingType.TRIGGER_CHANGED, FindingType.REF_KIND_CHANGED),
        findings.stream().map(Finding::type).toList());
    assertEquals(Optional.of("push"), findings.get(0).expected());
    assertEquals(Optional.of("workflow_dispatch"), findings.get(0).actual());
    assertEquals(Optional.of("tag (refs/tags/v1.0.0)"), findings.get(1).expected());
    assertEquals(Optional.of("branch (refs/heads/main)"), findings.get(1).actual());
  }

  @Test
  void aPullRequestTargetBuildIsCalledOut() {
    List<Finding> findings = compare(built("refs/pull/42/merge", "pull_request_target", HOSTED_BUILDER));

    assertEquals(List.of(FindingType.TRIGGER_CHANGED, FindingType.PULL_REQUEST_TRIGGER, FindingType.REF_KIND_CHANGED),
        findings.stream().map(Finding::type).toList());
    assertEquals(Optional.of("push"), findings.get(1).expected());
    assertEquals(Optional.of("pull_request_target"), findings.get(1).actual());
    assertEquals(Optional.of("pull_request (refs/pull/42/merge)"), findings.get(2).actual());
  }

  @Test
  void aReleaseEventInsteadOfATagPushIsATriggerChangeOnly() {
    assertEquals(List.of(FindingType.TRIGGER_CHANGED), types(built("refs/tags/v1.0.1", "release", HOSTED_BUILDER)));
  }

  @Test
  void aGitLabMergeRequestPipelineIsAPullRequestEvent() {
    assertTrue(ContinuityFindings.pullRequestEvent("merge_request_event"));
    assertTrue(ContinuityFindings.pullRequestEvent("pull_request"));
    assertFalse(ContinuityFindings.pullRequestEvent("push"));
    assertFalse(ContinuityFindings.pullRequestEvent("workflow_dispatch"));
    assertEquals("pull_request", ContinuityFindings.refKind("refs/merge-requests/7/head"));
    assertEquals("other", ContinuityFindings.refKind("main"));
  }

  @Test
  void anotherBuilderIsFoundButARunnerChangeIsTheRunnersFinding() {
    List<Finding> findings = compare(built("refs/tags/v1.0.1", "push", "https://github.com/npm/cli/gha/v2"));
    assertEquals(List.of(FindingType.BUILDER_CHANGED), findings.stream().map(Finding::type).toList());
    assertEquals(Optional.of(HOSTED_BUILDER), findings.get(0).expected());
    assertEquals(Optional.of("https://github.com/npm/cli/gha/v2"), findings.get(0).actual());

    // GitHub's runner builder ids restate the runner, which the certificate says: runner_self_hosted decides.
    assertEquals(List.of(), types(built("refs/tags/v1.0.1", "push", "https://github.com/actions/runner/self-hosted")));
  }

  // --- the predecessor --------------------------------------------------------------------------

  private static VersionDocument approvedBy(Optional<String> approver) {
    VersionDocument d = NpmStageFixture.document();
    return new VersionDocument(d.name(), d.version(), d.dist(), d.gitHead(), d.repositoryUrl(), d.npmUser(),
        d.trustedPublisher(), approver);
  }

  private static List<Finding> after(Predecessor predecessor, VersionDocument now) {
    NpmVerifier.Input input = NpmStageFixture.input(NpmStageFixture.PACKAGE.name(), now, Optional.empty());
    VerdictBuilder verdict = new VerdictBuilder(input);
    ContinuityFindings.compare(predecessor, input, BEFORE, verdict);
    return verdict.build(Evidence.none()).findings();
  }

  @Test
  void anApprovalThePreviousVersionHadAndThisOneLacksIsFound() {
    List<Finding> dropped = after(new Predecessor.Verified("0.9.0", BEFORE, Optional.of("alice")),
        approvedBy(Optional.empty()));
    assertEquals(List.of(FindingType.APPROVAL_DROPPED), dropped.stream().map(Finding::type).toList());
    assertEquals(Optional.of("approved by alice (0.9.0)"), dropped.get(0).expected());
    assertEquals(Optional.of("not approved"), dropped.get(0).actual());

    // Kept (by someone else), or never there: nothing.
    assertEquals(List.of(), after(new Predecessor.Verified("0.9.0", BEFORE, Optional.of("alice")),
        approvedBy(Optional.of("bob"))));
    assertEquals(List.of(), after(new Predecessor.Verified("0.9.0", BEFORE, Optional.empty()),
        approvedBy(Optional.empty())));
  }

  @Test
  void aFirstVersionWithProvenanceIsSaidAndIsNotANoVerifiedPredecessor() {
    List<Finding> first = after(new Predecessor.NoneVerified(List.of()), approvedBy(Optional.empty()));
    assertEquals(List.of(FindingType.FIRST_PROVENANCE), first.stream().map(Finding::type).toList());
    assertEquals(Optional.of("none"), first.get(0).expected());
    assertEquals(Optional.of("https://github.com/hekate-test/stages"), first.get(0).actual());

    List<Finding> none = after(new Predecessor.NoneVerified(List.of("1.1.0", "1.0.0")), approvedBy(Optional.empty()));
    assertEquals(List.of(FindingType.NO_VERIFIED_PREDECESSOR), none.stream().map(Finding::type).toList());
    assertEquals(Optional.of("1.1.0, 1.0.0"), none.get(0).expected());
    assertEquals(Optional.of("none verified"), none.get(0).actual());

    assertEquals(List.of(), after(Predecessor.NOT_LOOKED, approvedBy(Optional.empty())));
  }

  @Test
  void theWorkflowIsComparedWithoutItsRef() {
    assertEquals(".github/workflows/release.yml",
        ContinuityFindings.workflowPath(".github/workflows/release.yml@refs/tags/v1"));
    assertEquals(".github/workflows/release.yml", ContinuityFindings.workflowPath(".github/workflows/release.yml"));
  }
}
