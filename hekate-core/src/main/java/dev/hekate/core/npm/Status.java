package dev.hekate.core.npm;

/** The answer for one package version. */
public enum Status {
  /** Every required check ran and passed: built by CI from the claimed source, published as built. */
  VERIFIED,
  /** The evidence is there and something in it is wrong. */
  FAILED,
  /** There is no provenance: no CI build vouches for this version. */
  MISSING,
  /** Hekate could not look (registry or trust material unreachable); retry later. Never a verdict on the package. */
  ERROR
}
