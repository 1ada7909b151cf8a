package dev.hekate.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hekate.core.github.RunComparison.Field;
import dev.hekate.core.github.RunComparison.Mismatch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RunComparison}: which claims a run bears out. */
class RunComparisonTest {
  private static final String SHA = GitHubFixtures.HEAD_SHA;
  private static final String WORKFLOW = GitHubFixtures.WORKFLOW;

  private static WorkflowRun run(String path, int attempt) {
    return new WorkflowRun(GitHubFixtures.RUN_ID, SHA, path, attempt, "push", "completed", "success",
        GitHubFixtures.HTML_URL, "sigstore/sigstore-js");
  }

  private static List<Mismatch> compare(WorkflowRun run, String commit, String path, String attempt, String event) {
    return RunComparison.compare(run, commit, path, attempt, event);
  }

  @Test
  void aRunAsClaimedHasNoMismatches() {
    assertEquals(List.of(), compare(GitHubFixtures.workflowRun(), SHA, WORKFLOW, "1", "push"));
  }

  @Test
  void theCommitIsComparedIgnoringHexCase() {
    assertEquals(List.of(), compare(run(WORKFLOW, 1), SHA.toUpperCase(), WORKFLOW, "1", "push"));
  }

  @Test
  void anotherCommit_fail() {
    String other = "b".repeat(40);
    assertEquals(List.of(new Mismatch(Field.COMMIT, other, SHA)), compare(run(WORKFLOW, 1), other, WORKFLOW, "1", "push"));
  }

  @Test
  void anAbbreviatedCommit_fail() {
    String abbreviated = SHA.substring(0, 7);
    assertEquals(List.of(new Mismatch(Field.COMMIT, abbreviated, SHA)),
        compare(run(WORKFLOW, 1), abbreviated, WORKFLOW, "1", "push"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      ".github/workflows/release.yml",
      ".github/workflows/release.yml@refs/tags/v2.1.0",
      "./.github/workflows/release.yml",
      "/.github/workflows/release.yml",
      "sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main",
      "Sigstore/Sigstore-JS/.github/workflows/release.yml@refs/heads/main",
      "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/tags/v2.1.0"})
  void theClaimedWorkflowPathIsNormalised(String claimed) {
    assertEquals(List.of(), compare(run(WORKFLOW, 1), SHA, claimed, "", ""));
  }

  @Test
  void aPathWithARefSuffixFromGitHubIsNormalised() {
    assertEquals(List.of(), compare(run(WORKFLOW + "@refs/heads/main", 1), SHA, WORKFLOW, "1", "push"));
  }

  @Test
  void anotherWorkflow_fail() {
    String other = ".github/workflows/ci.yml";
    assertEquals(List.of(new Mismatch(Field.WORKFLOW_PATH, other, WORKFLOW)), compare(run(WORKFLOW, 1), SHA, other, "1", "push"));
  }

  @Test
  void theSameFileNameInAnotherRepository_fail() {
    String elsewhere = "evil/sigstore-js/.github/workflows/release.yml@refs/heads/main";
    assertEquals(List.of(new Mismatch(Field.WORKFLOW_PATH, elsewhere, WORKFLOW)),
        compare(run(WORKFLOW, 1), SHA, elsewhere, "", ""));
  }

  @Test
  void aWorkflowPathDifferingInCase_fail() {
    String shouted = ".github/workflows/Release.yml";
    assertEquals(List.of(new Mismatch(Field.WORKFLOW_PATH, shouted, WORKFLOW)), compare(run(WORKFLOW, 1), SHA, shouted, "", ""));
  }

  @Test
  void aRunReRunSinceStillBearsOutAnEarlierAttempt() {
    assertEquals(List.of(), compare(run(WORKFLOW, 3), SHA, WORKFLOW, "1", "push"));
    assertEquals(List.of(), compare(run(WORKFLOW, 3), SHA, WORKFLOW, "3", "push"));
  }

  @Test
  void anAttemptTheRunNeverReached_fail() {
    assertEquals(List.of(new Mismatch(Field.RUN_ATTEMPT, "2", "1")), compare(run(WORKFLOW, 1), SHA, WORKFLOW, "2", "push"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "one", "1.0", " 1", "99999999999", "+1"})
  void anAttemptThatIsNotAPositiveNumber_fail(String attempt) {
    assertEquals(List.of(new Mismatch(Field.RUN_ATTEMPT, attempt, "1")), compare(run(WORKFLOW, 1), SHA, WORKFLOW, attempt, "push"));
  }

  @Test
  void anotherEvent_fail() {
    assertEquals(List.of(new Mismatch(Field.EVENT, "workflow_dispatch", "push")),
        compare(run(WORKFLOW, 1), SHA, WORKFLOW, "1", "workflow_dispatch"));
  }

  @Test
  void everyMismatchIsReportedInFieldOrder() {
    List<Mismatch> mismatches = compare(run(WORKFLOW, 1), "c".repeat(40), ".github/workflows/ci.yml", "4", "release");
    assertEquals(List.of(Field.COMMIT, Field.WORKFLOW_PATH, Field.RUN_ATTEMPT, Field.EVENT),
        mismatches.stream().map(Mismatch::field).toList());
  }

  @Test
  void aClaimNotMadeIsNotCompared() {
    assertEquals(List.of(), compare(run(WORKFLOW, 1), "", "", "", ""));
  }

  @Test
  void nullsAreProgrammingErrors() {
    assertThrows(NullPointerException.class, () -> compare(run(WORKFLOW, 1), null, WORKFLOW, "1", "push"));
    assertThrows(NullPointerException.class, () -> compare(null, SHA, WORKFLOW, "1", "push"));
  }
}
