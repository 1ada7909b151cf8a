package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hekate.core.github.RunLookup;
import dev.hekate.core.github.WorkflowRun;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link GitHubRunCheck}, {@code github.run}: GitHub's answer arrives through a stub
 * {@link GitHubRunCheck.RunSource}. Found and equal → PASSED; found and different → FAILED
 * (MISMATCH) with {@code github_run_mismatch}; not found → FAILED (INVALID) with
 * {@code github_run_not_found}; unavailable → UNKNOWN, still VERIFIED. A verdict that is not
 * VERIFIED comes back unchanged, and GitHub is not asked.
 */
class GitHubRunCheckTest {
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final String RUN_URL = "https://github.com/hekate-test/stages/actions/runs/4242/attempts/1";

  /** A stub GitHub that answers {@code answer} and remembers what it was asked. */
  private static final class StubGitHub implements GitHubRunCheck.RunSource {
    private final RunLookup answer;
    private final List<GitHubRunCheck.RunReference> asked = new ArrayList<>();

    StubGitHub(RunLookup answer) {
      this.answer = answer;
    }

    @Override
    public RunLookup lookup(GitHubRunCheck.RunReference run) {
      asked.add(run);
      return answer;
    }
  }

  private static Evidence evidence(String repository, String runUrl) {
    return new Evidence(repository, COMMIT, "refs/tags/v1.0.0", ".github/workflows/release.yml@refs/tags/v1.0.0",
        runUrl, "", "", "github-hosted", "push", "101", "202", "", "", "", "", Optional.empty(), List.of());
  }

  private static Verdict verdict(Evidence evidence, CheckResult... more) {
    List<VerdictCheck> checks = new ArrayList<>(List.of(
        new VerdictCheck(VerdictCheck.PUBLISH, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")),
        new VerdictCheck(VerdictCheck.PROVENANCE, CheckResult.passed(CheckId.DSSE_SIGNATURE, ""))));
    Stream.of(CheckId.NPM_ATTESTATIONS, CheckId.NPM_SUBJECT, CheckId.NPM_INTEGRITY, CheckId.PROVENANCE_BUILDER,
        CheckId.PROVENANCE_CERTIFICATE, CheckId.REGISTRY_SOURCE)
        .forEach(id -> checks.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.passed(id, ""))));
    Stream.of(more).forEach(r -> checks.add(new VerdictCheck(VerdictCheck.PACKAGE, r)));
    return Verdict.of("@hekate/stages", "1.0.0", false, checks, List.of(), evidence);
  }

  private static Verdict verified() {
    return verdict(evidence("https://github.com/hekate-test/stages", RUN_URL));
  }

  private static RunLookup.Found run(String headSha) {
    return new RunLookup.Found(new WorkflowRun(4242, headSha, ".github/workflows/release.yml", 1, "push", "completed",
        "success", "https://github.com/hekate-test/stages/actions/runs/4242", "hekate-test/stages"));
  }

  private static CheckResult githubRun(Verdict verdict) {
    return verdict.check(CheckId.GITHUB_RUN).orElseThrow(() -> new AssertionError(Verdicts.describe(verdict)));
  }

  private static List<FindingType> findings(Verdict verdict) {
    return verdict.findings().stream().map(Finding::type).toList();
  }

  @Test
  void theRunTheProvenanceNamesPasses() {
    StubGitHub github = new StubGitHub(run(COMMIT));

    Verdict verdict = GitHubRunCheck.apply(verified(), github);

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.PASSED, githubRun(verdict).outcome());
    assertEquals(List.of(new GitHubRunCheck.RunReference("hekate-test", "stages", 4242)), github.asked);
    assertEquals(List.of(), findings(verdict));
  }

  @Test
  void aRunOfAnotherCommitIsAMismatchWithBothValues() {
    String other = "f".repeat(40);

    Verdict verdict = GitHubRunCheck.apply(verified(), new StubGitHub(run(other)));

    assertEquals(Status.FAILED, verdict.status());
    CheckResult check = githubRun(verdict);
    assertEquals(Optional.of(FailureKind.MISMATCH), check.kind());
    assertEquals(Optional.of(COMMIT), check.expected());
    assertEquals(Optional.of(other), check.actual());
    assertEquals(List.of(FindingType.GITHUB_RUN_MISMATCH), findings(verdict));
  }

  @Test
  void aRunGitHubDoesNotKnowIsInvalid() {
    Verdict verdict = GitHubRunCheck.apply(verified(), new StubGitHub(new RunLookup.NotFound()));

    assertEquals(Status.FAILED, verdict.status());
    assertEquals(CheckId.GITHUB_RUN, verdict.firstFailure().orElseThrow().result().id());
    assertEquals(Optional.of(FailureKind.INVALID), githubRun(verdict).kind());
    assertEquals(List.of(FindingType.GITHUB_RUN_NOT_FOUND), findings(verdict));
  }

  @Test
  void gitHubUnavailableIsUnknownAndTheVerdictStaysVerified() {
    Verdict verdict = GitHubRunCheck.apply(verified(), new StubGitHub(new RunLookup.Unavailable("timeout", 0)));

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.UNKNOWN, githubRun(verdict).outcome());
    assertEquals(List.of(), findings(verdict));
  }

  @Test
  void aVerdictThatIsNotVerifiedIsReturnedUnchangedWithoutAskingGitHub() {
    StubGitHub github = new StubGitHub(run(COMMIT));
    Verdict failed = verdict(evidence("https://github.com/hekate-test/stages", RUN_URL),
        CheckResult.failed(dev.hekate.core.result.VerificationException.invalid(CheckId.NPM_REGISTRY_SIGNATURE, "no")));
    Verdict missing = Verdict.of("@hekate/stages", "1.0.0", true,
        List.of(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.missing(CheckId.NPM_ATTESTATIONS, ""))), List.of(),
        Evidence.none());
    assertEquals(Status.FAILED, failed.status());
    assertEquals(Status.MISSING, missing.status());

    assertSame(failed, GitHubRunCheck.apply(failed, github));
    assertSame(missing, GitHubRunCheck.apply(missing, github));
    assertEquals(List.of(), github.asked);
  }

  @Test
  void aSourceOutsideGitHubIsNotAsked() {
    StubGitHub github = new StubGitHub(run(COMMIT));
    Verdict gitlab = verdict(evidence("https://gitlab.com/hekate-test/stages", "https://gitlab.com/hekate-test/stages/-/jobs/1"));

    assertSame(gitlab, GitHubRunCheck.apply(gitlab, github));
    assertEquals(List.of(), github.asked);
  }

  @Test
  void aProvenanceNamingNoRunIsUnknownWithoutAskingGitHub() {
    StubGitHub github = new StubGitHub(run(COMMIT));

    Verdict verdict = GitHubRunCheck.apply(verdict(evidence("https://github.com/hekate-test/stages", "")), github);

    assertEquals(Outcome.UNKNOWN, githubRun(verdict).outcome());
    assertEquals(Status.VERIFIED, verdict.status());
    assertEquals(List.of(), github.asked);
  }
}
