package dev.hekate.core.npm;

import dev.hekate.core.result.Outcome;
import java.util.stream.Collectors;

/** Short descriptions of verdicts for assertion messages: the status and what did not pass, never the whole record. */
public final class Verdicts {
  private Verdicts() {}

  /** e.g. {@code FAILED regression=false; package npm.integrity FAILED (expected …, actual …); findings [..]}. */
  public static String describe(Verdict verdict) {
    String notPassed = verdict.checks().stream()
        .filter(c -> c.result().outcome() != Outcome.PASSED)
        .map(c -> c.attestation() + " " + c.result().id().wireName() + " " + c.result().outcome()
            + c.result().expected().map(e -> " (expected " + e + ", actual " + c.result().actual().orElse("") + ")").orElse("")
            + (c.result().detail().isEmpty() ? "" : ": " + c.result().detail()))
        .collect(Collectors.joining("; "));
    String findings = verdict.findings().stream().map(f -> f.type().wireName()).collect(Collectors.joining(", "));
    return verdict.status() + " regression=" + verdict.regression() + "; " + (notPassed.isEmpty() ? "all checks passed" : notPassed)
        + "; findings [" + findings + "]" + verdict.error().map(e -> "; error " + e).orElse("");
  }
}
