package dev.hekate.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lockfiles Hekate refuses: each is a {@link LockfileException} (never another exception) whose
 * message says what is wrong and, where known, the line.
 */
class LockfileMalformedTest {

  private static LockfileException refused(String fileName, String content) {
    return refused(fileName, content.getBytes(StandardCharsets.UTF_8));
  }

  private static LockfileException refused(String fileName, byte[] content) {
    return assertThrows(LockfileException.class, () -> Lockfiles.parse(fileName, content));
  }

  private static void assertMentions(LockfileException e, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), () -> "\"" + e.getMessage() + "\" should mention " + fragment);
    }
  }

  @Test
  void emptyFile() {
    assertMentions(refused("package-lock.json", ""), "empty");
    assertMentions(refused("yarn.lock", " \n\n"), "empty", "known formats");
  }

  @Test
  void garbageBytes() {
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80, '\n', (byte) 0xc3, '{', '[', ':'};
    assertMentions(refused("", garbage), "lockfile");
  }

  @Test
  void unknownFormatNamesTheKnownOnes() {
    assertMentions(refused("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}"), "lockfileVersion");
    assertMentions(refused("config.yaml", "name: x\nversion: 1.0.0\n"), "known formats", "pnpm-lock.yaml",
        "yarn.lock");
  }

  @Test
  void truncatedJson() {
    assertMentions(refused("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {"),
        "package-lock.json");
  }

  @Test
  void truncatedYaml() {
    assertMentions(refused("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n"
        + "    resolution: {integrity: sha512-AAAA\n"), "pnpm-lock.yaml", "not valid");
  }

  @Test
  void truncatedYarnClassic() {
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\n\"a@^1.0.0\":\n  version \"1.0"),
        "unterminated", "line 4");
  }

  @Test
  void unsupportedVersions() {
    assertMentions(refused("package-lock.json", "{\"lockfileVersion\": 4}"), "lockfileVersion 4", "1, 2 and 3");
    assertMentions(refused("package-lock.json", "{\"lockfileVersion\": \"3\"}"), "lockfileVersion 3");
    assertMentions(refused("pnpm-lock.yaml", "lockfileVersion: 5.4\npackages: {}\n"), "\"5.4\"", "line 1",
        "6.x to 9.x");
    assertMentions(refused("pnpm-lock.yaml", "lockfileVersion: '10.0'\n"), "\"10.0\"");
    assertMentions(refused("yarn.lock", "__metadata:\n  version: 3\n"), "\"3\"", "line 2", "4 to 10");
    assertMentions(refused("yarn.lock", "__metadata:\n  version: 11\n"), "\"11\"");
    assertMentions(refused("yarn.lock", "__metadata:\n  cacheKey: 8\n"), "__metadata.version");
  }

  @Test
  void duplicateKeys() {
    assertMentions(refused("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\n"
        + "\"node_modules/a\": {\"version\": \"1.0.0\"},\n\"node_modules/a\": {\"version\": \"6.6.6\"}}}"),
        "node_modules/a", "line 3");
    assertMentions(refused("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n"
        + "  a@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n"
        + "  a@1.0.0:\n    resolution: {integrity: sha512-BBBB}\n"), "a@1.0.0", "line 5");
    assertMentions(refused("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n"
        + "  a@1.0.0:\n    resolution: {integrity: sha512-AAAA, integrity: sha512-BBBB}\n"), "integrity");
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\na@^1.0.0:\n  version \"1.0.0\"\n\n"
        + "a@^1.0.0, a@^1.0.1:\n  version \"1.0.1\"\n"), "a@^1.0.0", "line 6", "first at line 3");
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\na@^1.0.0:\n  version \"1.0.0\"\n"
        + "  version \"6.6.6\"\n"), "version", "line 5");
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\na@^1.0.0:\n  version \"1.0.0\"\n  dependencies:\n"
        + "    b \"^1\"\n    b \"^2\"\n"), "\"b\"", "line 7");
  }

  @Test
  void wrongTypes() {
    assertMentions(refused("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": \"none\"}"),
        "must be an object", "a string");
    assertMentions(refused("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\n"
        + "\"node_modules/a\": {\"version\": 1}}}"), "version", "must be a string", "line 2");
    assertMentions(refused("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\n"
        + "\"node_modules/a\": {\"version\": \"1.0.0\", \"link\": \"yes\"}}}"), "link", "must be a boolean");
    assertMentions(refused("package-lock.json", "[1, 2]"), "not a lockfile");
    assertMentions(refused("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: [1, 2]\n"),
        "a@1.0.0", "must be an object", "line 3");
    assertMentions(refused("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n"
        + "    resolution: sha512-AAAA\n"), "resolution", "must be an object");
    assertMentions(refused("yarn.lock", "__metadata:\n  version: 8\n\"a@npm:^1\":\n  resolution: [1]\n"),
        "resolution", "must be a string");
    assertMentions(refused("yarn.lock", "__metadata:\n  version: 8\n\"a@npm:^1\":\n  version: 1.0.0\n"),
        "no resolution", "line 3");
  }

  @Test
  void pnpmSnapshotWithoutItsPackage() {
    assertMentions(refused("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages: {}\nsnapshots:\n"
        + "  a@1.0.0(b@2.0.0): {}\n"), "a@1.0.0", "line 4");
  }

  @Test
  void yamlAliasesAreRefused() {
    StringBuilder bomb = new StringBuilder("lockfileVersion: '9.0'\na: &a [\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'z'; c++) {
      char previous = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(previous).append(",*").append(previous)
          .append(",*").append(previous).append(",*").append(previous).append("]\n");
    }
    assertMentions(refused("pnpm-lock.yaml", bomb.toString()), "anchors and aliases");
    assertMentions(refused("yarn.lock", "__metadata:\n  version: 8\nx: &x {resolution: \"a@npm:1.0.0\"}\n"
        + "y: *x\n"), "anchors and aliases", "line 3");
  }

  @Test
  void deepNesting() {
    String deepJson = "{\"lockfileVersion\": 3, \"x\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertMentions(refused("package-lock.json", deepJson), "package-lock.json");
    String deepYaml = "lockfileVersion: '9.0'\nx: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    assertMentions(refused("pnpm-lock.yaml", deepYaml), "pnpm-lock.yaml");
    StringBuilder deepV1 = new StringBuilder("{\"lockfileVersion\": 1, \"dependencies\": ");
    for (int i = 0; i < 200; i++) {
      deepV1.append("{\"a\": {\"version\": \"1.0.0\", \"dependencies\": ");
    }
    deepV1.append("{}").append("}}".repeat(200)).append("}");
    assertMentions(refused("package-lock.json", deepV1.toString()), "package-lock.json");
  }

  @Test
  void tooManyValues() {
    String many = "{\"lockfileVersion\": 3, \"x\": [" + "0,".repeat(LockfileLimits.MAX_VALUES) + "0]}";
    assertMentions(refused("package-lock.json", many), "more than " + LockfileLimits.MAX_VALUES + " values");
  }

  @Test
  void yarnClassicShape() {
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\n  version \"1.0.0\"\n"), "indentation", "line 3");
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\na@^1.0.0\n  version \"1.0.0\"\n"), "':'", "line 3");
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\na@^1.0.0:\n  resolved \"x\"\n"), "no version",
        "line 3");
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\na@^1.0.0:\n\tversion \"1.0.0\"\n"), "tab");
    assertMentions(refused("yarn.lock", new byte[] {'#', ' ', 'y', 'a', 'r', 'n', ' ', 'l', 'o', 'c', 'k', 'f',
        'i', 'l', 'e', ' ', 'v', '1', '\n', (byte) 0xc3, '\n'}), "UTF-8");
  }

  @Test
  void aRegistryEntryWithANameTheRegistryCannotHoldRefusesTheFile() {
    String[] entries = {"\"node_modules/../../etc\": {\"version\": \"1.0.0\"}",
        "\"node_modules/a b\": {\"version\": \"1.0.0\"}",
        "\"node_modules/ok\": {\"name\": \"@x/y/z\", \"version\": \"1.0.0\"}"};
    for (String entry : entries) {
      assertMentions(refused("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\n" + entry + "}}"),
          "not a valid npm package name", "line 2");
    }
    assertMentions(refused("yarn.lock", "# yarn lockfile v1\n\n\"../x@^1.0.0\":\n  version \"1.0.0\"\n"),
        "not a valid npm package name", "line 3");
  }

  @Test
  void fiftyMegabytesAreRefusedBySize(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("package-lock.json");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(50L << 20);
    }
    LockfileException e = assertThrows(LockfileException.class, () -> Lockfiles.read(big));
    assertMentions(e, "52428800 bytes", "over the limit of " + Lockfiles.MAX_BYTES);
  }

  @Test
  void justUnderTheLimitIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("package-lock.json");
    String body = "{\"lockfileVersion\": 3, \"packages\": {}}";
    Files.writeString(file, body + " ".repeat(Lockfiles.MAX_BYTES - body.length()));
    assertEquals(List.of(), Lockfiles.read(file).packages());
  }

  @Test
  void yamlOverSnakeYamlsDefaultLimitIsRead() throws LockfileException {
    // SnakeYAML refuses over 3 MB by default; Hekate's own limit is MAX_BYTES.
    String yaml = "lockfileVersion: '9.0'\n" + ("# " + "x".repeat(98) + "\n").repeat(50_000) + "packages:\n"
        + "  a@1.0.0:\n    resolution: {integrity: sha512-AAAA}\n";
    Lockfile lockfile = Lockfiles.parse("pnpm-lock.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("a@1.0.0"), lockfile.specs());
    assertEquals(50_003, lockfile.packages().get(0).line());
  }

  @Test
  void longYamlLinesAreRefused() {
    // Refused before SnakeYAML reads them: its time grows with the square of a line's length.
    String yaml = "lockfileVersion: '9.0'\nx: " + "x".repeat(LockfileLimits.MAX_YAML_LINE) + "\n";
    assertMentions(refused("pnpm-lock.yaml", yaml), "line 2", "longer than " + LockfileLimits.MAX_YAML_LINE);
  }
}
