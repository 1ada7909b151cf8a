package dev.hekate.core.npm;

import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer for one package version: its status, whether provenance regressed, every check that
 * ran, findings for a person, and the evidence behind it. Rendered by {@link VerdictJson}.
 *
 * @param error for {@link Status#ERROR}: what could not be read, and why
 */
public record Verdict(
    String packageName,
    String version,
    Status status,
    boolean regression,
    List<VerdictCheck> checks,
    List<Finding> findings,
    Evidence evidence,
    Optional<String> error) {

  public Verdict {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(error, "error");
    if (status == Status.VERIFIED && checks.stream().anyMatch(c -> !acceptable(c.result()))) {
      throw new IllegalStateException("a verdict is VERIFIED only when every required check passed");
    }
  }

  /** Passed, or a finding-only warning, or an unreachable extra assurance. */
  static boolean acceptable(CheckResult result) {
    return switch (result.outcome()) {
      case PASSED, WARNING -> true;
      case UNKNOWN -> result.id() == dev.hekate.core.result.CheckId.GITHUB_RUN;
      case FAILED, NOT_RUN -> false;
    };
  }

  /** An ERROR verdict: Hekate could not look. */
  public static Verdict error(String packageName, String version, String message) {
    return new Verdict(packageName, version, Status.ERROR, false, List.of(), List.of(), Evidence.none(),
        Optional.of(message));
  }

  /** The first check that failed, if any. */
  public Optional<VerdictCheck> firstFailure() {
    return checks.stream().filter(c -> c.result().outcome() == Outcome.FAILED).findFirst();
  }

  /** A copy with one more check, and the status it implies. */
  public Verdict withCheck(VerdictCheck check, List<Finding> moreFindings) {
    List<VerdictCheck> allChecks = new ArrayList<>(checks);
    allChecks.add(check);
    List<Finding> allFindings = new ArrayList<>(findings);
    allFindings.addAll(moreFindings);
    Status newStatus = status;
    if (status == Status.VERIFIED && !acceptable(check.result())) {
      newStatus = Status.FAILED;
    }
    return new Verdict(packageName, version, newStatus, regression, allChecks, allFindings, evidence, error);
  }

  /** Convenience for reports: a check result by id, if it ran. */
  public Optional<CheckResult> check(dev.hekate.core.result.CheckId id) {
    return checks.stream().map(VerdictCheck::result).filter(r -> r.id() == id).findFirst();
  }
}
