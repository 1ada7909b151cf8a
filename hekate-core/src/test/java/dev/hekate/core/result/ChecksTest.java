package dev.hekate.core.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Checks}: the one place an exception inside a check becomes an outcome, and the
 * invariants of {@link CheckResult} that keep the error model honest.
 */
class ChecksTest {

  @Test
  void aVerificationExceptionIsAFailureOfItsKind() {
    CheckResult invalid = Checks.result(CheckId.DSSE_SIGNATURE, "", () -> {
      throw VerificationException.invalid(CheckId.DSSE_SIGNATURE, "does not verify");
    });
    CheckResult mismatch = Checks.result(CheckId.NPM_INTEGRITY, "", () -> {
      throw VerificationException.mismatch(CheckId.NPM_INTEGRITY, "differs", "sha512-A", "sha512-B");
    });

    assertEquals(Outcome.FAILED, invalid.outcome());
    assertEquals(Optional.of(FailureKind.INVALID), invalid.kind());
    assertEquals(Outcome.FAILED, mismatch.outcome());
    assertEquals(Optional.of(FailureKind.MISMATCH), mismatch.kind());
    assertEquals(Optional.of("sha512-A"), mismatch.expected());
    assertEquals(Optional.of("sha512-B"), mismatch.actual());
  }

  @Test
  void anyOtherExceptionIsAnErrorThatKeepsItsCauseAndNoKind() {
    RuntimeException bug = new NullPointerException("bug");

    CheckResult result = Checks.result(CheckId.TLOG_SET, "", () -> {
      throw bug;
    });

    assertEquals(CheckId.TLOG_SET, result.id());
    assertEquals(Outcome.ERROR, result.outcome());
    assertTrue(result.kind().isEmpty());
    assertEquals(Optional.of(bug), result.cause());
  }

  @Test
  void anErrorStopsThePipelineAndLeavesTheRestNotRun() {
    Checks checks = new Checks();
    checks.plan(CheckId.TLOG_KEY, CheckId.TLOG_SET, CheckId.TLOG_INCLUSION_PROOF);
    checks.passed(CheckId.TLOG_KEY, "");

    assertThrows(Checks.Stop.class, () -> checks.run(CheckId.TLOG_SET, "", () -> {
      throw new IllegalStateException("bug");
    }));

    List<CheckResult> results = checks.results();
    assertEquals(List.of(Outcome.PASSED, Outcome.ERROR, Outcome.NOT_RUN), results.stream().map(CheckResult::outcome).toList());
    assertEquals(CheckId.TLOG_INCLUSION_PROOF, results.get(2).id());
    assertFalse(checks.allPassed());
  }

  @Test
  void aPlannedCheckThatNeverRanIsRecordedAsAnError() {
    Checks checks = new Checks();
    checks.plan(CheckId.TLOG_KEY, CheckId.CERTIFICATE_SCT);
    checks.passed(CheckId.TLOG_KEY, "");

    checks.errorUnrun();

    CheckResult sct = checks.results().get(1);
    assertEquals(CheckId.CERTIFICATE_SCT, sct.id());
    assertEquals(Outcome.ERROR, sct.outcome());
    assertInstanceOf(IllegalStateException.class, sct.cause().orElseThrow());
    assertFalse(checks.allPassed());
  }

  @Test
  void aCheckThatRunsTwicePassesOnlyIfBothRunsPassed() throws Exception {
    Checks checks = new Checks();
    checks.run(CheckId.TLOG_KEY, "", () -> {});

    assertThrows(Checks.Stop.class, () -> checks.run(CheckId.TLOG_KEY, "", () -> {
      throw VerificationException.invalid(CheckId.TLOG_KEY, "second entry from an unknown log");
    }));

    assertEquals(Outcome.FAILED, checks.results().get(0).outcome());
  }

  @Test
  void resultsRefuseAFailureWithoutKindAMismatchWithoutValuesAndACauseOutsideAnError() {
    assertThrows(IllegalArgumentException.class, () -> new CheckResult(CheckId.NPM_SUBJECT, Outcome.FAILED, "",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new CheckResult(CheckId.NPM_SUBJECT, Outcome.FAILED, "",
        Optional.of(FailureKind.MISMATCH), Optional.of("a"), Optional.empty(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new CheckResult(CheckId.NPM_SUBJECT, Outcome.PASSED, "",
        Optional.of(FailureKind.INVALID), Optional.empty(), Optional.empty(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new CheckResult(CheckId.NPM_SUBJECT, Outcome.FAILED, "",
        Optional.of(FailureKind.INVALID), Optional.empty(), Optional.empty(), Optional.of(new RuntimeException())));
  }

  @Test
  void onlyTheExtraAssurancesAreNotRequired() {
    for (CheckId id : CheckId.values()) {
      // GitHub's record of the run, the trust history and an in-toto link's command (a warning, as
      // in-toto-verify makes it) are extra assurances; everything else must pass.
      assertEquals(id != CheckId.GITHUB_RUN && id != CheckId.TRUST_HISTORY && id != CheckId.INTOTO_COMMAND,
          id.required(), id.wireName());
    }
  }

  @Test
  void kindsHaveStableWireNames() {
    assertEquals("invalid", FailureKind.INVALID.wireName());
    assertEquals("mismatch", FailureKind.MISMATCH.wireName());
  }
}
