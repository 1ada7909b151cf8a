package dev.hekate.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.registry.Dist;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockfileComparisonTest {
  private static final byte[] TARBALL = "the tarball the registry serves".getBytes();
  private static final byte[] OTHER = "another tarball".getBytes();
  private static final String URL = "https://registry.npmjs.org/@scope/pkg/-/pkg-1.0.0.tgz";

  private static String sri(String algorithm, byte[] bytes) throws Exception {
    String jdk = algorithm.equals("sha1") ? "SHA-1" : "SHA-512";
    return algorithm + "-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance(jdk).digest(bytes));
  }

  private static Dist dist() throws Exception {
    String shasum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(TARBALL));
    return new Dist(Optional.of(sri("sha512", TARBALL)), shasum, URL, Optional.empty(), Optional.empty(), List.of());
  }

  private static List<Finding> findings(Optional<String> integrity, Optional<String> resolved) throws Exception {
    return LockfileComparison.findings(new LockedPackage("@scope/pkg", "1.0.0", integrity, resolved, 7), dist());
  }

  @Test
  void theSameTarballGivesNoFinding() throws Exception {
    assertEquals(List.of(), findings(Optional.of(sri("sha512", TARBALL)), Optional.of(URL)));
    assertEquals(List.of(), findings(Optional.of(sri("sha1", TARBALL)), Optional.of(URL)));
    // Several tokens, each agreeing; an algorithm the registry gives no value for is not compared.
    assertEquals(List.of(), findings(Optional.of(sri("sha1", TARBALL) + " " + sri("sha512", TARBALL)
        + " sha256-AAAA"), Optional.empty()));
  }

  @Test
  void anotherTarballIsAFindingWithBothValues() throws Exception {
    String locked = sri("sha512", OTHER);
    List<Finding> found = findings(Optional.of(locked), Optional.empty());
    assertEquals(1, found.size());
    assertEquals(FindingType.LOCKFILE_INTEGRITY_MISMATCH, found.get(0).type());
    assertEquals(Optional.of(sri("sha512", TARBALL)), found.get(0).expected());
    assertEquals(Optional.of(locked), found.get(0).actual());
  }

  @Test
  void oneDisagreeingTokenAmongAgreeingOnesIsAFinding() throws Exception {
    // A sha512 that matches cannot hide a sha1 that does not: both name the installed tarball.
    List<Finding> found = findings(Optional.of(sri("sha512", TARBALL) + " " + sri("sha1", OTHER)), Optional.empty());
    assertEquals(List.of(FindingType.LOCKFILE_INTEGRITY_MISMATCH), found.stream().map(Finding::type).toList());
  }

  @Test
  void anUnreadableIntegrityIsAFindingNotASilentPass() throws Exception {
    List<Finding> found = findings(Optional.of("sha512-!!!not base64!!!"), Optional.empty());
    assertEquals(List.of(FindingType.LOCKFILE_INTEGRITY_MISMATCH), found.stream().map(Finding::type).toList());
  }

  @Test
  void yarnsMirrorAndHttpAreTheSameTarball() throws Exception {
    assertEquals(List.of(), findings(Optional.empty(),
        Optional.of("https://registry.yarnpkg.com/@scope/pkg/-/pkg-1.0.0.tgz#0123abcd")));
    assertEquals(List.of(), findings(Optional.empty(), Optional.of("http://registry.npmjs.org/@scope/pkg/-/pkg-1.0.0.tgz")));
    assertEquals(List.of(), findings(Optional.empty(), Optional.of("https://registry.npmjs.org/@scope%2fpkg/-/pkg-1.0.0.tgz")));
  }

  @Test
  void anotherUrlIsAFinding() throws Exception {
    for (String resolved : List.of("https://registry.npmjs.org/evil/-/evil-1.0.0.tgz",
        "https://evil.example/@scope/pkg/-/pkg-1.0.0.tgz", "file:../pkg-1.0.0.tgz", "not a url at all")) {
      List<Finding> found = findings(Optional.empty(), Optional.of(resolved));
      assertEquals(List.of(FindingType.LOCKFILE_RESOLVED_MISMATCH), found.stream().map(Finding::type).toList(), resolved);
      assertEquals(Optional.of(URL), found.get(0).expected());
      assertEquals(Optional.of(resolved), found.get(0).actual());
    }
  }

  @Test
  void registryHostNormalisesYarnsMirrorAndKeepsPorts() {
    assertEquals(Optional.of("registry.npmjs.org"), LockfileComparison.registryHost("https://registry.yarnpkg.com/a/-/a-1.tgz"));
    assertEquals(Optional.of("127.0.0.1:8080"), LockfileComparison.registryHost("http://127.0.0.1:8080/"));
    assertEquals(Optional.of("registry.npmjs.org"), LockfileComparison.registryHost("https://REGISTRY.npmjs.org/"));
    assertTrue(LockfileComparison.registryHost("git+ssh://github.com/a/b.git").isEmpty());
  }
}
