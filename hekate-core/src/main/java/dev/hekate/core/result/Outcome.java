package dev.hekate.core.result;

/** What became of one check. */
public enum Outcome {
  /** The check ran and the evidence satisfied it. */
  PASSED,
  /** The check ran and the evidence did not satisfy it. */
  FAILED,
  /**
   * The check ran and found a disagreement in unsigned data: reported as a finding, it does not
   * fail the verdict on its own.
   */
  WARNING,
  /** The check could not reach a decision (for example an online source was unreachable). */
  UNKNOWN,
  /** The check did not run, because an earlier required check failed. */
  NOT_RUN
}
