package dev.hekate.core.result;

/** What became of one check. */
public enum Outcome {
  /** The check ran and the evidence satisfied it. */
  PASSED,
  /** The check ran and the evidence did not satisfy it; the result says how ({@link FailureKind}). */
  FAILED,
  /**
   * The check ran and found a disagreement in unsigned data: reported as a finding, it does not
   * fail the verdict on its own.
   */
  WARNING,
  /** The check could not reach a decision (for example an online source was unreachable). */
  UNKNOWN,
  /**
   * The evidence the check examines does not exist (npm has no provenance for the version). Not a
   * failure of evidence: the verdict is MISSING.
   */
  MISSING,
  /**
   * Hekate could not complete the check because of its own fault (an unexpected exception), or
   * because a service the check must ask could not be asked ({@code verify-artifact --rekor-url}).
   * Never a verdict on the evidence: the verdict is ERROR, and the log keeps the stack trace.
   */
  ERROR,
  /** The check did not run, because an earlier check did not pass. */
  NOT_RUN
}
