package dev.hekate.core.npm;

import dev.hekate.core.github.RunComparison;
import dev.hekate.core.github.RunLookup;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code github.run}, question (b): did the GitHub Actions run the provenance names happen as
 * claimed? Asked only of a VERIFIED verdict from a GitHub repository; the run's commit, workflow,
 * attempt and event must be the provenance's. GitHub's answer arrives through {@link RunSource},
 * so the decision itself does no I/O: found and equal → PASSED; found and different → FAILED
 * (MISMATCH) with {@code github_run_mismatch}; not found → FAILED with {@code github_run_not_found};
 * GitHub unreachable, or no run to look up → UNKNOWN, which leaves the verdict VERIFIED (the check
 * is not required). Decides both {@code github_run_*} findings.
 */
public final class GitHubRunCheck {
  private static final String GITHUB = "https://github.com/";
  private static final Pattern RUN_ID = Pattern.compile("/actions/runs/([0-9]{1,18})");
  private static final Pattern ATTEMPT = Pattern.compile(".*/attempts/([0-9]+)$");

  private GitHubRunCheck() {}

  /** The run to ask GitHub about. */
  public record RunReference(String owner, String repository, long runId) {
    public RunReference {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(repository, "repository");
    }
  }

  /** Where GitHub's answer comes from (the service's GitHub client; a stub in tests). */
  @FunctionalInterface
  public interface RunSource {
    RunLookup lookup(RunReference run);
  }

  /** The verdict with {@code github.run} added, when the check applies to it. */
  public static Verdict apply(Verdict verdict, RunSource github) {
    Evidence evidence = verdict.evidence();
    if (verdict.status() != Status.VERIFIED || !evidence.sourceRepository().startsWith(GITHUB)) {
      return verdict;
    }
    String[] slug = evidence.sourceRepository().substring(GITHUB.length()).split("/");
    Matcher runId = RUN_ID.matcher(evidence.runUrl());
    if (slug.length != 2 || !runId.find()) {
      return verdict.withCheck(check(CheckResult.unknown(CheckId.GITHUB_RUN,
          "the provenance names no GitHub run to look up")), List.of());
    }
    RunReference run = new RunReference(slug[0], slug[1], Long.parseLong(runId.group(1)));
    return switch (github.lookup(run)) {
      case RunLookup.Found found -> compare(verdict, found);
      case RunLookup.NotFound notFound -> verdict.withCheck(
          check(CheckResult.failed(VerificationException.invalid(CheckId.GITHUB_RUN,
              "GitHub has no run " + run.runId() + " in " + run.owner() + "/" + run.repository()))),
          List.of(Finding.of(FindingType.GITHUB_RUN_NOT_FOUND,
              "the provenance names a GitHub Actions run that GitHub does not know", evidence.runUrl(), "not found")));
      case RunLookup.Unavailable unavailable -> verdict.withCheck(check(CheckResult.unknown(CheckId.GITHUB_RUN,
          "GitHub could not be asked: " + unavailable.reason())), List.of());
    };
  }

  private static Verdict compare(Verdict verdict, RunLookup.Found found) {
    Evidence evidence = verdict.evidence();
    Matcher attempt = ATTEMPT.matcher(evidence.runUrl());
    List<RunComparison.Mismatch> mismatches = RunComparison.compare(found.run(), evidence.commit(),
        ContinuityFindings.workflowPath(evidence.workflow()), attempt.matches() ? attempt.group(1) : "",
        evidence.event());
    if (mismatches.isEmpty()) {
      return verdict.withCheck(check(CheckResult.passed(CheckId.GITHUB_RUN, found.run().htmlUrl())), List.of());
    }
    RunComparison.Mismatch first = mismatches.get(0);
    return verdict.withCheck(
        check(CheckResult.failed(VerificationException.mismatch(CheckId.GITHUB_RUN,
            "GitHub's record of the run differs from the provenance: " + first.field(),
            first.expected(), first.actual()))),
        List.of(Finding.of(FindingType.GITHUB_RUN_MISMATCH,
            "the workflow run GitHub reports is not the one the provenance claims", first.expected(), first.actual())));
  }

  private static VerdictCheck check(CheckResult result) {
    return new VerdictCheck(VerdictCheck.PACKAGE, result);
  }
}
