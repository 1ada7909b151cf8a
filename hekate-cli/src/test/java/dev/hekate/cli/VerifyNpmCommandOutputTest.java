package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.npm.Evidence;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code verify-npm} prints for a person: the failing check with its kind, findings by wire name, and a Hekate fault's stack trace on stderr only. */
class VerifyNpmCommandOutputTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private void print(Verdict verdict, boolean json) {
    VerifyNpmCommand.print(verdict, json, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aFailureNamesItsCheckItsKindAndBothValuesAndFindingsTheirWireType() {
    VerdictCheck integrity = new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.failed(VerificationException.mismatch(
        CheckId.NPM_INTEGRITY, "the provenance attests another tarball", "sha512-AAA", "sha512-BBB")));
    Verdict verdict = new Verdict("left-pad", "1.3.0", Status.FAILED, false, List.of(integrity),
        List.of(Finding.of(FindingType.REPOSITORY_MISMATCH, "another repository", "a", "b")), Evidence.none(),
        Optional.empty(), Optional.empty());

    print(verdict, false);

    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("FAILED   left-pad@1.3.0  package npm.integrity (mismatch): "), text);
    assertTrue(text.contains("expected: sha512-AAA") && text.contains("actual:   sha512-BBB"), text);
    assertTrue(text.contains("finding repository_mismatch: "), text);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aCheckThatFailedInsideHekateIsAnErrorWithItsStackTraceOnStderrOnly() {
    VerdictCheck bug = new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.error(CheckId.NPM_REGISTRY_SIGNATURE,
        "internal error while checking npm.registry_signature (IllegalStateException)",
        new IllegalStateException("simulated")));
    Verdict verdict = Verdict.of("left-pad", "1.3.0", false, List.of(bug), List.of(), Evidence.none());

    print(verdict, true);

    assertEquals(Status.ERROR, verdict.status());
    String json = out.toString(StandardCharsets.UTF_8);
    assertTrue(json.contains("\"status\":\"ERROR\""), json);
    assertFalse(json.contains("simulated"), "the cause stays off standard output: " + json);
    String trace = err.toString(StandardCharsets.UTF_8);
    assertTrue(trace.contains("java.lang.IllegalStateException: simulated"), trace);
  }
}
