package dev.hekate.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a lockfile may list as a registry package: names a registry URL can hold, exact semver versions. */
class LockfileNamesTest {

  @Test
  void registryNames() {
    for (String name : new String[] {"lodash", "JSONStream", "lodash.merge", "@babel/core", "@types/node",
        "string-width-cjs", "a", "x".repeat(214)}) {
      assertTrue(NpmSpecs.validName(name), name);
    }
    for (String name : new String[] {"", "../etc", "a/../b", "a b", "a\tb", "a\u0000", "@scope", "@/x", "@s/",
        "x/y", "@s/x/y", ".hidden", "_private", "@s/.x", "a..b", "x".repeat(215), "caf\u00e9", "a%2fb", "a?b",
        "a#b", "a:b"}) {
      assertFalse(NpmSpecs.validName(name), name);
    }
  }

  @Test
  void exactSemverVersions() {
    for (String version : new String[] {"1.2.3", "0.0.0", "12.0.0-rc.8", "1.0.0-alpha.0+build.5", "1.0.0-0a"}) {
      assertTrue(NpmSpecs.semver(version), version);
    }
    for (String version : new String[] {"", "1.2", "v1.2.3", "=1.2.3", "^1.2.3", "01.2.3", "1.2.3-01",
        "1.2.3 ", "latest", "file:x", "1.2.3-" + "a".repeat(300)}) {
      assertFalse(NpmSpecs.semver(version), version);
    }
  }

  @Test
  void splitAtTheVersionsAt() {
    assertEquals(new NpmSpecs.NameAt("@scope/a", "1.0.0"), NpmSpecs.splitAt("@scope/a@1.0.0"));
    assertEquals(new NpmSpecs.NameAt("a", "npm:b@^1"), NpmSpecs.splitAt("a@npm:b@^1"));
    assertEquals(new NpmSpecs.NameAt("a", ""), NpmSpecs.splitAt("a"));
  }
}
