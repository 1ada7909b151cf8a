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
 * @param regression the version was published with less trust than an earlier one ({@code trust.history})
 * @param tier how the version was published, where a verdict places it ({@link TrustTier}): VERIFIED
 *     and MISSING verdicts, and a FAILED one where the registry contradicted itself
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
    Optional<RegistryFailure> registryFailure,
    Optional<TrustTier> tier) {

  public Verdict {
    // One null check per component: records validate what they hold.
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(registryFailure, "registryFailure");
    Objects.requireNonNull(tier, "tier");
    if (status == Status.VERIFIED && VerdictStatus.decide(checks).status() != Status.VERIFIED) {
      throw new IllegalStateException("a verdict is VERIFIED only when every required check passed");
    }
  }

  /** A verdict without a trust tier (an ERROR, or a caller that does not place the version). */
  public Verdict(String packageName, String version, Status status, boolean regression, List<VerdictCheck> checks,
      List<Finding> findings, Evidence evidence, Optional<String> error, Optional<RegistryFailure> registryFailure) {
    this(packageName, version, status, regression, checks, findings, evidence, error, registryFailure, Optional.empty());
  }

  /** The verdict its checks imply ({@link VerdictStatus}), with the regression flag for a MISSING one. */
  public static Verdict of(String packageName, String version, boolean earlierVersionHadProvenance,
      List<VerdictCheck> checks, List<Finding> findings, Evidence evidence) {
    VerdictStatus.Decision decision = VerdictStatus.decide(checks);
    boolean regression = decision.status() == Status.MISSING && earlierVersionHadProvenance;
    return new Verdict(packageName, version, decision.status(), regression, checks, findings, evidence,
        decision.error(), Optional.empty());
  }

  /** An ERROR verdict: Hekate could not look. */
  public static Verdict error(String packageName, String version, String message) {
    return new Verdict(packageName, version, Status.ERROR, false, List.of(), List.of(), Evidence.none(),
        Optional.of(message), Optional.empty());
  }

  /** An ERROR verdict because a registry request failed. */
  public static Verdict error(String packageName, String version, String message, RegistryFailure failure) {
    return new Verdict(packageName, version, Status.ERROR, false, List.of(), List.of(), Evidence.none(),
        Optional.of(message), Optional.of(failure));
  }

  /** The first check whose evidence failed, if any. */
  public Optional<VerdictCheck> firstFailure() {
    return checks.stream().filter(c -> c.result().outcome() == Outcome.FAILED).findFirst();
  }

  /** The first check Hekate could not complete through its own fault, if any (its cause is for the log). */
  public Optional<VerdictCheck> internalError() {
    return checks.stream().filter(c -> c.result().outcome() == Outcome.ERROR).findFirst();
  }

  /** The exception of the first check that failed inside Hekate, for the log (never for an answer). */
  public Optional<Throwable> internalCause() {
    return internalError().flatMap(c -> c.result().cause());
  }

  /**
   * A copy with one more check (an extra assurance decided after verification, like
   * {@code github.run}) and its findings; the status is decided again from all the checks.
   * A verdict that is not VERIFIED keeps its status and error.
   */
  public Verdict withCheck(VerdictCheck check, List<Finding> moreFindings) {
    List<VerdictCheck> allChecks = new ArrayList<>(checks);
    allChecks.add(check);
    List<Finding> allFindings = new ArrayList<>(findings);
    allFindings.addAll(moreFindings);
    if (status != Status.VERIFIED) {
      return new Verdict(packageName, version, status, regression, allChecks, allFindings, evidence, error,
          registryFailure, tier);
    }
    VerdictStatus.Decision decision = VerdictStatus.decide(allChecks);
    return new Verdict(packageName, version, decision.status(), regression, allChecks, allFindings, evidence,
        decision.error(), registryFailure, decision.status() == Status.VERIFIED ? tier : Optional.empty());
  }

  /** A copy with {@code moreFindings} after its own; status, checks and evidence unchanged. */
  public Verdict withFindings(List<Finding> moreFindings) {
    List<Finding> allFindings = new ArrayList<>(findings);
    allFindings.addAll(moreFindings);
    return new Verdict(packageName, version, status, regression, checks, allFindings, evidence, error, registryFailure,
        tier);
  }

  /** Convenience for reports: a check result by id, if it ran. */
  public Optional<CheckResult> check(dev.hekate.core.result.CheckId id) {
    return checks.stream().map(VerdictCheck::result).filter(r -> r.id() == id).findFirst();
  }
}
