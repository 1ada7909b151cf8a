package dev.hekate.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz harness for the lockfile readers: whatever the bytes, the only way out other than a
 * lockfile is {@link LockfileException}, and what a lockfile lists is what a registry URL may hold.
 * Seeds (one small lockfile per format) and every crash found live in
 * {@code LockfilesFuzzTestInputs/lockfile/}; {@code mvn verify} replays them.
 */
class LockfilesFuzzTest {

  @FuzzTest
  void lockfile(byte[] input) {
    Lockfile lockfile;
    try {
      lockfile = Lockfiles.parse("lockfile", input);
    } catch (LockfileException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
      return;
    }
    for (LockedPackage p : lockfile.packages()) {
      assertTrue(NpmSpecs.validName(p.name()), p.name());
      assertTrue(NpmSpecs.semver(p.version()), p.version());
      assertTrue(p.line() >= 1);
    }
    for (NotCheckable n : lockfile.notCheckable()) {
      assertTrue(!n.reason().isEmpty() && n.line() >= 1);
    }
  }
}
