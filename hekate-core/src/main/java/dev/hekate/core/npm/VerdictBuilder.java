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
 * <p>Also decides the version's {@link TrustTier} and {@code trust.history} against the bar its
 * predecessors set ({@link TrustHistory}): the {@code trust_downgrade}, {@code provenance_regression}
 * and {@code publish_time_unknown} findings and the verdict's {@code regression}; a downgrade the
 * operator excepted ({@link TrustExceptions}) is PASSED with {@code trust_downgrade_excepted}
 * instead, and no regression.
 */
final class VerdictBuilder {
  private final NpmVerifier.Input input;
  private final Set<CheckId> planned = EnumSet.noneOf(CheckId.class);
  private final List<VerdictCheck> checks = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private boolean contradiction;

  VerdictBuilder(NpmVerifier.Input input) {
    this.input = input;
    planned.addAll(VerdictStatus.ESSENTIAL);
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

  /** The registry contradicted itself about this version's provenance: its tier is none. */
  void contradiction() {
    contradiction = true;
  }

  Verdict build(Evidence evidence) {
    List<VerdictCheck> all = new ArrayList<>(checks);
    for (CheckId id : planned) {
      if (all.stream().noneMatch(c -> c.attestation().equals(VerdictCheck.PACKAGE) && c.result().id() == id)) {
        all.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.notRun(id)));
      }
    }
    VerdictStatus.Decision decision = VerdictStatus.decide(all);
    Optional<TrustTier> tier = tierOf(decision.status());
    boolean regression = tier.isPresent() && trustHistory(tier.get(), all);
    return new Verdict(input.name(), input.version(), decision.status(), regression, all, findings, evidence,
        decision.error(), Optional.empty(), tier);
  }

  /**
   * The version's own tier, from what was verified: VERIFIED has provenance (and trusted publishing
   * where the registry says so), MISSING and a registry that contradicts itself have none. A
   * version whose evidence failed, or that could not be checked, has no tier to compare.
   */
  private Optional<TrustTier> tierOf(Status status) {
    return switch (status) {
      case VERIFIED -> Optional.of(TrustTier.withProvenance(input.document().trustedPublisher()));
      case MISSING -> Optional.of(TrustTier.NONE);
      case FAILED -> contradiction ? Optional.of(TrustTier.NONE) : Optional.empty();
      case ERROR -> Optional.empty();
    };
  }

  /**
   * {@code trust.history}: the tier against the bar earlier versions set. Decides the
   * {@code trust_downgrade}, {@code trust_downgrade_excepted}, {@code provenance_regression} and
   * {@code publish_time_unknown} findings.
   *
   * @return whether the version regressed
   */
  private boolean trustHistory(TrustTier tier, List<VerdictCheck> all) {
    return switch (input.history()) {
      case TrustHistory.Unplaced unplaced -> {
        findings.add(Finding.of(FindingType.PUBLISH_TIME_UNKNOWN,
            "the version cannot be compared with earlier ones: " + unplaced.reason()));
        all.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.unknown(CheckId.TRUST_HISTORY, unplaced.reason())));
        yield false;
      }
      case TrustHistory.Placed placed when tier.below(placed.bar()) -> {
        Optional<String> excepted = input.trustExceptions().match(input.name(), input.version()).map(Object::toString);
        if (excepted.isPresent()) {
          // The operator accepted this downgrade: said, with the entry, but not a regression.
          findings.add(Finding.of(FindingType.TRUST_DOWNGRADE_EXCEPTED,
              "this version was published with less trust than an earlier one; excepted by the trust exception "
                  + excepted.get(), placed.describe(), tier.wireName()));
          all.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.passed(CheckId.TRUST_HISTORY,
              "trust downgrade excepted by " + excepted.get() + ": " + tier.wireName() + " after " + placed.describe())));
          yield false;
        }
        findings.add(Finding.of(FindingType.TRUST_DOWNGRADE,
            "this version was published with less trust than an earlier one", placed.describe(), tier.wireName()));
        if (tier == TrustTier.NONE) {
          findings.add(Finding.of(FindingType.PROVENANCE_REGRESSION,
              "an earlier version was published with provenance; this one has none"));
        }
        all.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.warning(CheckId.TRUST_HISTORY,
            "trust downgrade: " + tier.wireName() + " after " + placed.describe(), placed.describe(), tier.wireName())));
        yield true;
      }
      case TrustHistory.Placed placed -> {
        all.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.passed(CheckId.TRUST_HISTORY,
            tier.wireName() + "; highest earlier: " + placed.describe())));
        yield false;
      }
    };
  }
}
