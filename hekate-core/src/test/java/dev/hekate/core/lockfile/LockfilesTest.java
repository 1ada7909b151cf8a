package dev.hekate.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One small hand-written lockfile per format and version (src/test/resources/.../lockfile/, see
 * its README.md), each with every listed package, not-checkable entry, integrity, resolved URL and
 * line asserted.
 */
class LockfilesTest {

  private static Lockfile read(String relative) throws IOException, LockfileException, URISyntaxException {
    URL url = LockfilesTest.class.getResource(relative);
    if (url == null) {
      throw new IOException("missing fixture " + relative);
    }
    return Lockfiles.read(Path.of(url.toURI()));
  }

  private static LockedPackage pkg(String name, String version, String integrity, String resolved, int line) {
    return new LockedPackage(name, version, Optional.ofNullable(integrity), Optional.ofNullable(resolved), line);
  }

  @Test
  void npmV1() throws Exception {
    Lockfile lockfile = read("npm-v1/package-lock.json");
    assertEquals(LockfileFormat.NPM, lockfile.format());
    assertEquals("1", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("@scope/a", "1.0.0", "sha512-AAAA", "https://registry.npmjs.org/@scope/a/-/a-1.0.0.tgz", 7),
        pkg("b", "2.0.1", "sha1-BBBB", "https://registry.npmjs.org/b/-/b-2.0.1.tgz", 15),
        pkg("bundler", "3.0.0", "sha512-CCCC", "https://registry.npmjs.org/bundler/-/bundler-3.0.0.tgz", 22),
        pkg("real", "4.5.6", "sha512-DDDD", "https://registry.npmjs.org/real/-/real-4.5.6.tgz", 33),
        pkg("own-bundle", "5.0.0", null, null, 45)), lockfile.packages());
    assertEquals(List.of(
        new NotCheckable("node_modules/bundler/node_modules/inner",
            "inside a dependency's bundle (it comes in that dependency's tarball)", 27),
        new NotCheckable("node_modules/from-git", "git dependency", 38),
        new NotCheckable("node_modules/local", "local file: dependency", 42)), lockfile.notCheckable());
    assertEquals(List.of("@scope/a@1.0.0", "b@2.0.1", "bundler@3.0.0", "own-bundle@5.0.0", "real@4.5.6"),
        lockfile.specs());
  }

  @Test
  void npmV2ReadsPackagesNotTheLegacyTree() throws Exception {
    Lockfile lockfile = read("npm-v2/package-lock.json");
    assertEquals("2", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("@scope/a", "1.0.0", "sha512-AAAA sha1-BBBB", "https://registry.npmjs.org/@scope/a/-/a-1.0.0.tgz", 13),
        pkg("b", "2.0.1", "sha1-BBBB", "https://registry.npmjs.org/b/-/b-2.0.1.tgz", 18),
        pkg("bundler", "3.0.0", "sha512-CCCC", "https://registry.npmjs.org/bundler/-/bundler-3.0.0.tgz", 23),
        pkg("real", "4.5.6", "sha512-DDDD", "https://registry.npmjs.org/real/-/real-4.5.6.tgz", 33),
        pkg("own-bundle", "5.0.0", "sha512-EEEE", "https://registry.npmjs.org/own-bundle/-/own-bundle-5.0.0.tgz",
            43)), lockfile.packages());
    assertEquals(List.of(
        new NotCheckable("node_modules/bundler/node_modules/inner",
            "inside a dependency's bundle (it comes in that dependency's tarball)", 29),
        new NotCheckable("node_modules/ws-member", "link (a workspace or local folder symlink)", 39),
        new NotCheckable("node_modules/tarball", "remote tarball URL (not a registry tarball)", 49),
        new NotCheckable("packages/ws-member", "local folder (a workspace member), not under node_modules/", 54)),
        lockfile.notCheckable());
  }

  @Test
  void npmV3() throws Exception {
    Lockfile lockfile = read("npm-v3/package-lock.json");
    assertEquals("3", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("no-resolved", "1.2.3", null, null, 11),
        pkg("other-registry", "2.0.0", "sha512-GGGG",
            "https://npm.example.com/repo/other-registry/-/other-registry-2.0.0.tgz", 14)), lockfile.packages());
    assertEquals(List.of(
        new NotCheckable("node_modules/from-git", "git dependency", 19),
        new NotCheckable("node_modules/graphql", "local file: dependency", 23),
        new NotCheckable("node_modules/odd-version", "version \"latest\" is not semver", 28)),
        lockfile.notCheckable());
  }

  @Test
  void npmShrinkwrapIsAPackageLock() throws Exception {
    Lockfile lockfile = read("npm-shrinkwrap/npm-shrinkwrap.json");
    assertEquals(LockfileFormat.NPM, lockfile.format());
    assertEquals(List.of(pkg("JSONStream", "1.3.5", "sha512-IIII",
        "https://registry.npmjs.org/JSONStream/-/JSONStream-1.3.5.tgz", 11)), lockfile.packages());
    assertEquals(List.of(), lockfile.notCheckable());
  }

  @Test
  void pnpm6() throws Exception {
    Lockfile lockfile = read("pnpm-6.0/pnpm-lock.yaml");
    assertEquals(LockfileFormat.PNPM, lockfile.format());
    assertEquals("6.0", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("@scope/a", "1.0.0", "sha512-AAAA", null, 20),
        pkg("eslint-plugin-i", "2.29.1", "sha512-BBBB", null, 24),
        pkg("eslint-plugin-i", "2.29.1", "sha512-BBBB", null, 30),
        pkg("patched", "1.0.0", "sha512-CCCC", null, 34),
        pkg("from-tarball", "2.0.0", "sha512-DDDD",
            "https://registry.example.com/from-tarball/-/from-tarball-2.0.0.tgz", 38)), lockfile.packages());
    assertEquals(List.of(
        new NotCheckable("file:local", "local directory (file: folder)", 42),
        new NotCheckable("github.com/o/repo/0123456789abcdef0123456789abcdef01234567", "git-hosted tarball", 48)),
        lockfile.notCheckable());
    assertEquals(List.of("@scope/a@1.0.0", "eslint-plugin-i@2.29.1", "from-tarball@2.0.0", "patched@1.0.0"),
        lockfile.specs());
  }

  @Test
  void pnpm9WithCatalogsPeersAndPatches() throws Exception {
    Lockfile lockfile = read("pnpm-9.0/pnpm-lock.yaml");
    assertEquals("9.0", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("@scope/a", "1.0.0", "sha512-AAAA", null, 29),
        pkg("slash", "3.0.0", "sha512-BBBB", null, 32),
        pkg("peer-user", "2.0.0", "sha512-CCCC", null, 35)), lockfile.packages());
    assertEquals(List.of(
        new NotCheckable("@test/dir@file:playground/dir", "local directory (file: folder)", 40),
        new NotCheckable("git-dep@https://codeload.github.com/o/git-dep/tar.gz/0123456789abcdef0123456789abcdef01234567",
            "git-hosted tarball", 43),
        new NotCheckable("tarball-dep@https://example.com/tarball-dep.tgz", "remote tarball URL", 47)),
        lockfile.notCheckable());
  }

  @Test
  void pnpm9TwoDocumentsAreBothRead() throws Exception {
    Lockfile lockfile = read("pnpm-9.0-two-documents/pnpm-lock.yaml");
    assertEquals("9.0", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("pnpm", "12.0.0-rc.8", "sha512-PPPP", null, 15),
        pkg("left-pad", "1.3.0", "sha512-LLLL", null, 49)), lockfile.packages());
    assertEquals(List.of(new NotCheckable("node@runtime:26.7.0",
        "pnpm runtime: (a runtime binary such as Node.js, not an npm registry package)", 52)),
        lockfile.notCheckable());
  }

  @Test
  void yarnClassic() throws Exception {
    Lockfile lockfile = read("yarn-classic/yarn.lock");
    assertEquals(LockfileFormat.YARN_CLASSIC, lockfile.format());
    assertEquals("v1", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("@scope/a", "1.0.2", "sha512-AAAA", "https://registry.yarnpkg.com/@scope/a/-/a-1.0.2.tgz", 5),
        pkg("b", "2.0.1", "sha1-ABEiM0RVZneImaq7zN3u/wARIjM=", "https://registry.yarnpkg.com/b/-/b-2.0.1.tgz", 12),
        pkg("prettier", "2.8.8", "sha512-CCCC", "https://registry.yarnpkg.com/prettier/-/prettier-2.8.8.tgz", 16),
        pkg("no-integrity", "3.0.0", null, "https://registry.yarnpkg.com/no-integrity/-/no-integrity-3.0.0.tgz", 28)),
        lockfile.packages());
    assertEquals(List.of(
        new NotCheckable("tooling@webpack/tooling#v1.28.1", "git dependency (hosted-git shorthand)", 21),
        new NotCheckable("local@file:./local", "local file: dependency", 25)), lockfile.notCheckable());
  }

  @Test
  void yarnBerry6() throws Exception {
    Lockfile lockfile = read("berry-6/yarn.lock");
    assertEquals(LockfileFormat.YARN_BERRY, lockfile.format());
    assertEquals("6", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("@scope/a", "1.0.2", null, null, 8),
        pkg("real", "4.5.6", null, null, 17),
        pkg("resolve", "1.22.1", null, null, 36)), lockfile.packages());
    assertEquals(List.of(
        new NotCheckable("fixture@workspace:.", "workspace package", 24),
        new NotCheckable("c8@condition:BABEL_8_BREAKING ? c8-new : c8-old",
            "condition: placeholder (its npm target is a separate entry)", 30),
        new NotCheckable("tools@link:./tools::locator=fixture%40workspace%3A.", "link: dependency", 42)),
        lockfile.notCheckable());
  }

  @Test
  void yarnBerry10() throws Exception {
    Lockfile lockfile = read("berry-10/yarn.lock");
    assertEquals("10", lockfile.formatVersion());
    assertEquals(List.of(
        pkg("b", "2.0.1", null, null, 8),
        pkg("typescript", "5.4.5", null, null, 27),
        pkg("with-archive", "1.0.0", null, null, 33)), lockfile.packages());
    assertEquals(List.of(
        new NotCheckable("from-git@https://github.com/o/from-git.git#commit=0123456789abcdef0123456789abcdef01234567",
            "git dependency", 15),
        new NotCheckable("tarball@https://example.com/tarball-3.0.0.tgz", "remote tarball URL", 21)),
        lockfile.notCheckable());
  }

  @Test
  void yarnClassicWithByteOrderMarkAndWindowsLineEnds() throws LockfileException {
    String text = "\uFEFF# yarn lockfile v1\r\n\r\n\"a@^1.0.0\":\r\n  version \"1.0.0\"\r\n"
        + "  resolved \"https://registry.yarnpkg.com/a/-/a-1.0.0.tgz\"\r\n";
    Lockfile lockfile = Lockfiles.parse("yarn.lock", text.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(pkg("a", "1.0.0", null, "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz", 3)),
        lockfile.packages());
  }

  @Test
  void theFormatIsToldFromTheContentNotTheName() throws LockfileException {
    byte[] berry = "__metadata:\n  version: 8\n\"a@npm:^1\":\n  resolution: \"a@npm:1.0.0\"\n"
        .getBytes(StandardCharsets.UTF_8);
    Lockfile lockfile = Lockfiles.parse("package-lock.json", berry);
    assertEquals(LockfileFormat.YARN_BERRY, lockfile.format());
    assertEquals(List.of("a@1.0.0"), lockfile.specs());
  }

  @Test
  void aLockfileWithNoPackagesIsEmpty() throws LockfileException {
    byte[] pnpm = "lockfileVersion: '9.0'\nimporters:\n  .: {}\n".getBytes(StandardCharsets.UTF_8);
    Lockfile lockfile = Lockfiles.parse("pnpm-lock.yaml", pnpm);
    assertEquals(List.of(), lockfile.packages());
    assertEquals(List.of(), lockfile.notCheckable());
  }
}
