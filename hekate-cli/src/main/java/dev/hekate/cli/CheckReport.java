package dev.hekate.cli;

import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.text.UntrustedText;
import java.io.PrintStream;
import java.util.Optional;

/**
 * How {@code verify-bundle}, {@code verify-artifact} and {@code verify-layout} tell a person why
 * something did not verify, on standard error, in one form (docs/verify-bundle.md):
 *
 * <pre>
 * NOT VERIFIED: &lt;check id&gt; (&lt;kind&gt;): &lt;reason&gt;      kind: invalid, mismatch or missing
 *   expected: ...
 *   actual:   ...
 * ERROR: &lt;check id&gt;: &lt;reason&gt;                         a fault inside Hekate, with its stack trace
 * </pre>
 *
 * Every value passes through {@link UntrustedText#terminal}: the evidence wrote it.
 */
final class CheckReport {
  private CheckReport() {}

  /** The first check that did not pass; {@code NOT VERIFIED} alone when there is none to name. */
  static void problem(Optional<CheckResult> problem, PrintStream err) {
    if (problem.isEmpty()) {
      err.println("NOT VERIFIED");
      return;
    }
    CheckResult check = problem.get();
    if (check.outcome() == Outcome.ERROR) {
      // Hekate's own fault, not the input's: say so, and keep the stack trace for a bug report.
      err.println("ERROR: " + check.id().wireName() + ": " + UntrustedText.terminal(check.detail()));
      check.cause().ifPresent(cause -> cause.printStackTrace(err));
      return;
    }
    String kind = check.outcome() == Outcome.MISSING ? "missing" : check.kind().map(k -> k.wireName()).orElse("");
    err.println("NOT VERIFIED: " + check.id().wireName() + (kind.isEmpty() ? "" : " (" + kind + ")") + ": "
        + UntrustedText.terminal(check.detail()));
    check.expected().ifPresent(v -> err.println("  expected: " + UntrustedText.terminal(v)));
    check.actual().ifPresent(v -> err.println("  actual:   " + UntrustedText.terminal(v)));
  }

  /** The exit status of a verification: 0 verified, 3 a fault inside Hekate (an ERROR first), else 1. */
  static int exitStatus(boolean verified, Optional<CheckResult> firstProblem) {
    if (verified) {
      return 0;
    }
    return firstProblem.filter(c -> c.outcome() == Outcome.ERROR).isPresent() ? 3 : 1;
  }

  /** A check that passed with a warning (an in-toto link's command that is not the step's). */
  static void warning(CheckResult warning, PrintStream err) {
    err.println("WARNING: " + warning.id().wireName() + ": " + UntrustedText.terminal(warning.detail()));
  }
}
