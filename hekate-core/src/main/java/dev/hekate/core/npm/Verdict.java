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
    Optional<String> error,
    Optional<RegistryFailure> registryFailure) {

  public Verdict {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(registryFailure, "registryFailure");
    if (status == Status.VERIFIED && checks.stream().anyMatch(c -> !acceptable(c.result()))) {
      throw new IllegalStateException("a verdict is VERIFIED only when every required check passed");
    }
  }

  /** A verdict that involved no failed registry request. */
  public Verdict(String packageName, String version, Status status, boolean regression, List<VerdictCheck> checks,
      List<Finding> findings, Evidence evidence, Optional<String> error) {
    this(packageName, version, status, regression, checks, findings, evidence, error, Optional.empty());
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

  /** An ERROR verdict because a registry request failed. */
  public static Verdict error(String packageName, String version, String message, RegistryFailure failure) {
    return new Verdict(packageName, version, Status.ERROR, false, List.of(), List.of(), Evidence.none(),
        Optional.of(message), Optional.of(failure));
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
    return new Verdict(packageName, version, newStatus, regression, allChecks, allFindings, evidence, error,
        registryFailure);
  }

  /** Convenience for reports: a check result by id, if it ran. */
  public Optional<CheckResult> check(dev.hekate.core.result.CheckId id) {
    return checks.stream().map(VerdictCheck::result).filter(r -> r.id() == id).findFirst();
  }
}
