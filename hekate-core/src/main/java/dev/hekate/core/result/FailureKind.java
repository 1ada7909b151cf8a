package dev.hekate.core.result;

import java.util.Locale;

/**
 * Why a check failed, in two kinds a caller can act on without reading the message (after
 * slsa-verifier's {@code ErrorInvalid*} and {@code ErrorMismatch*}).
 */
public enum FailureKind {
  /** The evidence is malformed or does not hold: it cannot be parsed, a signature or proof does not verify. */
  INVALID,
  /** Two values that must agree do not; the result carries both, as {@code expected} and {@code actual}. */
  MISMATCH;

  /** The kind as written in JSON: {@code invalid} or {@code mismatch}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
