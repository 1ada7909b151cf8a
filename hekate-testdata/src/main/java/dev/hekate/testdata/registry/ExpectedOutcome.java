package dev.hekate.testdata.registry;

/**
 * What a correct npm provenance verifier should conclude about a package version served by a
 * {@link FakeRegistry}. Written here, not taken from hekate-core, so the test data does not
 * depend on the code under test.
 */
public enum ExpectedOutcome {
  /** Every required check passes (findings about unsigned data may still be reported). */
  VERIFIED,
  /** There is evidence and something in it is wrong. */
  FAILED,
  /** There is no provenance: nothing vouches for a CI build of this version. */
  MISSING
}
