package dev.hekate.core.lockfile;

import dev.hekate.core.npm.Evidence;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Verdicts of each status for the policy's tests, built from their checks as the verifier would. */
final class PolicyVerdicts {
  private PolicyVerdicts() {}

  static LockedPackage locked(String name, String version) {
    return new LockedPackage(name, version, Optional.empty(), Optional.empty(), 7);
  }

  /** Every check passed, both bundles' signatures included. */
  static List<VerdictCheck> allPassed() {
    List<VerdictCheck> checks = new ArrayList<>();
    for (CheckId id : CheckId.values()) {
      checks.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.passed(id, "")));
    }
    checks.add(new VerdictCheck(VerdictCheck.PUBLISH, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")));
    checks.add(new VerdictCheck(VerdictCheck.PROVENANCE, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")));
    return checks;
  }

  static Evidence builtFrom(String repository) {
    Evidence none = Evidence.none();
    return new Evidence(repository, "abc", "refs/tags/v1", "", "", "", "", "", "", "", "", "", "", "", "",
        none.publishedAt(), List.of());
  }

  static Verdict verified(String name, String version, TrustTier tier, String repository, Finding... findings) {
    return new Verdict(name, version, Status.VERIFIED, false, allPassed(), List.of(findings), builtFrom(repository),
        Optional.empty(), Optional.empty(), Optional.of(tier));
  }

  /** VERIFIED with less trust than an earlier version: a regression unless excepted. */
  static Verdict downgraded(String name, String version, String repository) {
    return new Verdict(name, version, Status.VERIFIED, true, allPassed(), List.of(), builtFrom(repository),
        Optional.empty(), Optional.empty(), Optional.of(TrustTier.PROVENANCE));
  }

  static Verdict missing(String name, String version, boolean regression) {
    return new Verdict(name, version, Status.MISSING, regression,
        List.of(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.missing(CheckId.NPM_ATTESTATIONS, "no provenance"))),
        List.of(), Evidence.none(), Optional.empty(), Optional.empty(), Optional.of(TrustTier.NONE));
  }

  static Verdict failed(String name, String version) {
    VerdictCheck integrity = new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.failed(VerificationException.mismatch(
        CheckId.NPM_INTEGRITY, "the provenance attests another tarball", "sha512-AAA", "sha512-BBB")));
    return new Verdict(name, version, Status.FAILED, false, List.of(integrity), List.of(),
        builtFrom("https://github.com/evil/fork"), Optional.empty(), Optional.empty());
  }

  static Verdict error(String name, String version) {
    return Verdict.error(name, version, "registry unreachable");
  }
}
