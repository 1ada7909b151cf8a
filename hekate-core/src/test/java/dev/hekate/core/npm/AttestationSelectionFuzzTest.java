package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz harness for the attestations response ({@link AttestationSelection#select}): whatever the
 * registry answers, selection returns at least one attestation, or returns none and records
 * {@code npm.attestations} FAILED as invalid. It never throws and never records an ERROR (an
 * exception inside a check). Seeds and crashes found: {@code AttestationSelectionFuzzTestInputs/}.
 */
class AttestationSelectionFuzzTest {

  @FuzzTest
  void attestationsResponse(byte[] input) {
    VerdictBuilder verdict = new VerdictBuilder(NpmStageFixture.input());
    Optional<AttestationSelection.Selected> selected = AttestationSelection.select(Optional.of(input), verdict);
    List<CheckResult> recorded = NpmStageFixture.recorded(verdict);
    assertTrue(recorded.stream().noneMatch(r -> r.outcome() == Outcome.ERROR), recorded::toString);
    if (selected.isPresent()) {
      assertTrue(selected.get().publish().isPresent() || selected.get().provenance().isPresent());
      assertEquals(List.of(), recorded);
    } else {
      assertEquals(1, recorded.size(), recorded::toString);
      assertEquals(CheckId.NPM_ATTESTATIONS, recorded.get(0).id());
      assertEquals(Outcome.FAILED, recorded.get(0).outcome());
      assertEquals(Optional.of(FailureKind.INVALID), recorded.get(0).kind());
    }
  }
}
