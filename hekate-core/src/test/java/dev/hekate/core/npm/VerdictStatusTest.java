package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link VerdictStatus}, the one place a verdict's status is decided from its checks: ERROR before
 * FAILED before MISSING; then a required check that is not PASSED (or a finding-only WARNING), or
 * one every npm verdict needs that is absent, is ERROR — never VERIFIED by omission.
 */
class VerdictStatusTest {
  private static final List<CheckId> ESSENTIAL = List.of(CheckId.NPM_ATTESTATIONS, CheckId.NPM_SUBJECT,
      CheckId.NPM_INTEGRITY, CheckId.PROVENANCE_BUILDER, CheckId.PROVENANCE_CERTIFICATE, CheckId.REGISTRY_SOURCE);

  private static VerdictCheck pkg(CheckResult result) {
    return new VerdictCheck(VerdictCheck.PACKAGE, result);
  }

  /** Both bundles' signatures and every essential package check PASSED, then {@code more}. */
  private static List<VerdictCheck> complete(VerdictCheck... more) {
    List<VerdictCheck> checks = new ArrayList<>(List.of(
        new VerdictCheck(VerdictCheck.PUBLISH, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")),
        new VerdictCheck(VerdictCheck.PROVENANCE, CheckResult.passed(CheckId.DSSE_SIGNATURE, ""))));
    ESSENTIAL.forEach(id -> checks.add(pkg(CheckResult.passed(id, ""))));
    checks.addAll(List.of(more));
    return checks;
  }

  private static CheckResult failed(CheckId id) {
    return CheckResult.failed(VerificationException.invalid(id, "fails"));
  }

  private static CheckResult error(CheckId id) {
    return CheckResult.error(id, "internal error", new IllegalStateException("bug"));
  }

  @Test
  void everyRequiredCheckPassedIsVerifiedEvenWithAWarningAndAnUnknownRun() {
    List<VerdictCheck> checks = new ArrayList<>(complete().stream()
        .filter(c -> c.result().id() != CheckId.REGISTRY_SOURCE).toList());
    checks.add(pkg(CheckResult.warning(CheckId.REGISTRY_SOURCE, "differs", "a", "b")));
    checks.add(pkg(CheckResult.unknown(CheckId.GITHUB_RUN, "GitHub down")));

    assertEquals(new VerdictStatus.Decision(Status.VERIFIED, Optional.empty()), VerdictStatus.decide(checks));
  }

  @Test
  void anErrorOutranksAFailureWhichOutranksMissing() {
    VerdictCheck missing = pkg(CheckResult.missing(CheckId.NPM_ATTESTATIONS, "none"));
    VerdictCheck failure = pkg(failed(CheckId.NPM_INTEGRITY));
    VerdictCheck error = pkg(error(CheckId.NPM_REGISTRY_SIGNATURE));

    assertEquals(Status.MISSING, VerdictStatus.decide(List.of(missing)).status());
    assertEquals(Status.FAILED, VerdictStatus.decide(List.of(missing, failure)).status());
    VerdictStatus.Decision decision = VerdictStatus.decide(List.of(missing, failure, error));
    assertEquals(Status.ERROR, decision.status());
    assertEquals(Optional.of("internal error"), decision.error());
  }

  @Test
  void theStatusIsErrorWhenARequiredCheckIsAbsentThoughNothingFailed() {
    List<VerdictCheck> checks = List.of(
        new VerdictCheck(VerdictCheck.PUBLISH, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")),
        new VerdictCheck(VerdictCheck.PROVENANCE, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")),
        pkg(CheckResult.passed(CheckId.NPM_ATTESTATIONS, "")));

    VerdictStatus.Decision decision = VerdictStatus.decide(checks);

    assertEquals(Status.ERROR, decision.status());
    assertTrue(decision.error().orElseThrow().contains("did not run"));
  }

  @Test
  void aRequiredCheckNotRunOrUnknownIsErrorNotVerified() {
    assertEquals(Status.ERROR, VerdictStatus.decide(complete(pkg(CheckResult.notRun(CheckId.NPM_TARBALL)))).status());
    assertEquals(Status.ERROR,
        VerdictStatus.decide(complete(pkg(CheckResult.unknown(CheckId.NPM_REGISTRY_SIGNATURE, "")))).status());
  }

  @Test
  void aBundleWhoseSignatureWasNeverCheckedIsError() {
    List<VerdictCheck> checks = complete().stream()
        .filter(c -> !c.attestation().equals(VerdictCheck.PROVENANCE)).toList();

    assertEquals(Status.ERROR, VerdictStatus.decide(checks).status());
  }

  @Test
  void anUnknownGitHubRunLeavesTheVerdictVerifiedAndANotRunRequiredCheckDoesNot() {
    assertTrue(VerdictStatus.acceptable(CheckResult.unknown(CheckId.GITHUB_RUN, "GitHub down")));
    assertFalse(VerdictStatus.acceptable(CheckResult.unknown(CheckId.NPM_INTEGRITY, "")));
    assertFalse(VerdictStatus.acceptable(CheckResult.notRun(CheckId.NPM_SUBJECT)));
    assertTrue(VerdictStatus.acceptable(CheckResult.warning(CheckId.REGISTRY_SOURCE, "differs", "a", "b")));
    assertTrue(Stream.of(failed(CheckId.GITHUB_RUN), error(CheckId.GITHUB_RUN)).noneMatch(VerdictStatus::acceptable));
  }
}
