package dev.hekate.core.npm;

import static dev.hekate.core.npm.NpmStageFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ContinuityFindings}: the previous verified version's evidence against this one's. Each
 * change is a finding with both values, never a failure; a value either side lacks is no change.
 * (How the previous version is found is {@code NpmServiceContinuityTest}.)
 */
class ContinuityFindingsTest {
  private static final Evidence BEFORE = evidence("https://github.com/hekate-test/stages", "101", "202",
      ".github/workflows/release.yml@refs/tags/v1.0.0", "github-hosted");

  private static Evidence evidence(String repository, String repositoryId, String ownerId, String workflow,
      String runner) {
    return new Evidence(repository, "", "", workflow, "", "", "", runner, "", repositoryId, ownerId, "", "", "", "",
        Optional.empty(), List.of());
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

  @Test
  void theWorkflowIsComparedWithoutItsRef() {
    assertEquals(".github/workflows/release.yml",
        ContinuityFindings.workflowPath(".github/workflows/release.yml@refs/tags/v1"));
    assertEquals(".github/workflows/release.yml", ContinuityFindings.workflowPath(".github/workflows/release.yml"));
  }
}
