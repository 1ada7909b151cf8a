package dev.hekate.core.npm;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Checks;
import dev.hekate.core.verify.VerificationResult;
import dev.hekate.core.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One npm decision's record, as {@link Checks} is one bundle's: the package-level checks are
 * planned up front, each stage records its results and findings here, and {@link #build} turns a
 * planned check that never ran into NOT_RUN and leaves the status to {@link VerdictStatus}. Unlike
 * a bundle's pipeline, one failed correlation does not stop the next: each is independent
 * evidence, and a person wants all of it.
 *
 * <p>Also decides the {@code provenance_regression} finding: a MISSING verdict where an earlier
 * version of the same major line had provenance.
 */
final class VerdictBuilder {
  private final NpmVerifier.Input input;
  private final Set<CheckId> planned = EnumSet.noneOf(CheckId.class);
  private final List<VerdictCheck> checks = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();

  VerdictBuilder(NpmVerifier.Input input) {
    this.input = input;
    planned.addAll(List.of(CheckId.NPM_ATTESTATIONS, CheckId.NPM_SUBJECT, CheckId.NPM_INTEGRITY,
        CheckId.PROVENANCE_BUILDER, CheckId.PROVENANCE_CERTIFICATE, CheckId.REGISTRY_SOURCE));
    if (input.tarball().isPresent()) {
      planned.add(CheckId.NPM_TARBALL);
    }
    if (RegistrySignatureCheck.planned(input)) {
      planned.add(CheckId.NPM_REGISTRY_SIGNATURE);
    }
  }

  NpmVerifier.Input input() {
    return input;
  }

  /** Runs one package-level check; its value when it passed. */
  <T> Optional<T> run(CheckId id, String detail, Checks.Step<T> step) {
    Checks.Attempt<T> attempt = Checks.attempt(id, detail, step);
    record(VerdictCheck.PACKAGE, attempt.result());
    return attempt.value();
  }

  /** Runs one package-level check that establishes nothing but that it passed. */
  boolean run(CheckId id, String detail, Checks.VoidStep step) {
    CheckResult result = Checks.result(id, detail, step);
    record(VerdictCheck.PACKAGE, result);
    return result.outcome() == dev.hekate.core.result.Outcome.PASSED;
  }

  void record(String attestation, CheckResult result) {
    checks.add(new VerdictCheck(attestation, result));
  }

  /** Records one bundle's checks under its label; the bundle, when every check passed. */
  Optional<VerifiedBundle> recordBundle(String attestation, VerificationResult result) {
    result.checks().forEach(check -> record(attestation, check));
    return result.verifiedBundle();
  }

  void finding(Finding finding) {
    findings.add(finding);
  }

  /** The version has no provenance: {@code npm.attestations} is MISSING, not failed. */
  void missing(String detail) {
    record(VerdictCheck.PACKAGE, CheckResult.missing(CheckId.NPM_ATTESTATIONS, detail));
  }

  Verdict build(Evidence evidence) {
    List<VerdictCheck> all = new ArrayList<>(checks);
    for (CheckId id : planned) {
      if (all.stream().noneMatch(c -> c.attestation().equals(VerdictCheck.PACKAGE) && c.result().id() == id)) {
        all.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.notRun(id)));
      }
    }
    Verdict verdict = Verdict.of(input.name(), input.version(), input.earlierVersionHadProvenance(), all, findings,
        evidence);
    if (verdict.regression()) {
      List<Finding> withRegression = new ArrayList<>(findings);
      withRegression.add(Finding.of(FindingType.PROVENANCE_REGRESSION,
          "an earlier version of this major line was published with provenance; this one has none"));
      return new Verdict(verdict.packageName(), verdict.version(), verdict.status(), true, verdict.checks(),
          withRegression, evidence, verdict.error(), Optional.empty());
    }
    return verdict;
  }
}
