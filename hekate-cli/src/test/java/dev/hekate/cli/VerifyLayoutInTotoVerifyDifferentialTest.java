package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.testdata.RealData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential: {@code hekate verify-layout} and in-toto's own {@code in-toto-verify} (Debian's
 * {@code in-toto} 1.3.1) reach the same outcome on in-toto-python's demo (its signed links, its
 * layout template signed here with its alice key by {@code in-toto-sign}) and on variants: edited
 * rules, an edited tarball, an edited or missing link, an expired layout. Skipped when
 * {@code in-toto-verify} is not installed ({@code apt-get install in-toto}) or the real data is absent.
 */
class VerifyLayoutInTotoVerifyDifferentialTest {
  private static Path demo;

  @TempDir
  Path temp;

  @BeforeAll
  static void requireInToto() {
    demo = RealData.require("in_toto/in-toto-python-demo_files");
    assumeTrue(onPath("in-toto-verify") && onPath("in-toto-sign"), "in-toto-verify is not installed");
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static int exec(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    return process.exitValue();
  }

  /** A working directory as in-toto-verify expects: the final product, the key, the links and the signed layout. */
  private Path case_(String name, Consumer<ObjectNode> layoutEdit, Consumer<Path> filesEdit)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(temp.resolve(name));
    for (String file : List.of("foo.tar.gz", "alice.pub", "write-code.776a00e2.link", "package.2f89b927.link")) {
      Files.copy(demo.resolve(file), dir.resolve(file));
    }
    ObjectNode template = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(demo.resolve("demo.layout.template")));
    ObjectNode signed = (ObjectNode) template.get("signed");
    signed.put("expires", "2099-01-01T00:00:00Z");
    // the demo runs its own tar script; the system's tar does the same here
    ((ObjectNode) signed.get("inspect").get(0)).putArray("run").add("tar").add("xfz").add("foo.tar.gz");
    layoutEdit.accept(signed);
    Path signing = Files.createDirectories(temp.resolve(name + "-signing"));
    Files.writeString(signing.resolve("unsigned.layout"), Json.write(template));
    Files.copy(demo.resolve("alice"), signing.resolve("alice"));
    assertEquals(0, exec(signing, "in-toto-sign", "-f", "unsigned.layout", "-k", "alice", "-o",
        dir.resolve("root.layout").toString()), "in-toto-sign");
    filesEdit.accept(dir);
    return dir;
  }

  /** Both verifiers on copies of {@code dir}: in-toto-verify leaves files behind in its working directory. */
  private void assertSameOutcome(Path dir, boolean expectedVerified) throws IOException, InterruptedException {
    Path forInToto = copy(dir, dir.getFileName() + "-in-toto");
    int inToto = exec(forInToto, "in-toto-verify", "--layout", "root.layout", "--layout-keys", "alice.pub",
        "--link-dir", ".");
    CliRun hekate = CliRun.of("verify-layout", "--layout", dir.resolve("root.layout").toString(), "--layout-key",
        dir.resolve("alice.pub").toString(), "--link-dir", dir.toString(), "--run-inspections", "--artifacts",
        dir.toString());
    assertEquals(expectedVerified, inToto == 0, "in-toto-verify on " + dir.getFileName());
    assertEquals(inToto == 0, hekate.exit() == 0, () -> "hekate differs from in-toto-verify (exit " + inToto + ") on "
        + dir.getFileName() + ": " + hekate);
    if (inToto != 0) {
      assertEquals(1, hekate.exit(), hekate::toString);
    }
  }

  private Path copy(Path from, String name) throws IOException {
    Path to = Files.createDirectories(temp.resolve(name));
    try (var files = Files.list(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    return to;
  }

  private static ArrayNode rules(ObjectNode signed, int step, String list, String[]... rules) {
    ArrayNode array = ((ObjectNode) signed.get("steps").get(step)).putArray(list);
    for (String[] rule : rules) {
      ArrayNode node = array.addArray();
      for (String word : rule) {
        node.add(word);
      }
    }
    return array;
  }

  private static void noChange(Path dir) {}

  private static void noEdit(ObjectNode signed) {}

  @Test
  void theDemoVerifiesWithBoth() throws Exception {
    assertSameOutcome(case_("demo", VerifyLayoutInTotoVerifyDifferentialTest::noEdit,
        VerifyLayoutInTotoVerifyDifferentialTest::noChange), true);
  }

  private static void appendToTarball(Path dir) {
    try {
      Files.write(dir.resolve("foo.tar.gz"), new byte[] {0}, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anEditedTarballFailsOnlyWhereARuleSaysSo() throws Exception {
    // The demo's inspection only MATCHes the tarball: an unmatched one is left, and allowed, by both.
    assertSameOutcome(case_("tarball", VerifyLayoutInTotoVerifyDifferentialTest::noEdit,
        VerifyLayoutInTotoVerifyDifferentialTest::appendToTarball), true);
    assertSameOutcome(case_("tarball-disallowed", s -> ((ArrayNode) s.get("inspect").get(0).get("expected_materials"))
        .addArray().add("DISALLOW").add("foo.tar.gz"), VerifyLayoutInTotoVerifyDifferentialTest::appendToTarball), false);
    assertSameOutcome(case_("tarball-kept", s -> ((ArrayNode) s.get("inspect").get(0).get("expected_materials"))
        .addArray().add("DISALLOW").add("foo.tar.gz"), VerifyLayoutInTotoVerifyDifferentialTest::noChange), true);
  }

  @Test
  void aMissingLinkAndAnEditedLinkFailWithBoth() throws Exception {
    assertSameOutcome(case_("missing-link", VerifyLayoutInTotoVerifyDifferentialTest::noEdit, dir -> {
      try {
        Files.delete(dir.resolve("package.2f89b927.link"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), false);
    assertSameOutcome(case_("edited-link", VerifyLayoutInTotoVerifyDifferentialTest::noEdit, dir -> {
      try {
        Path link = dir.resolve("write-code.776a00e2.link");
        String text = Files.readString(link);
        int at = text.indexOf("\"sha256\": \"") + "\"sha256\": \"".length();
        Files.writeString(link, text.substring(0, at) + (text.charAt(at) == '0' ? '1' : '0') + text.substring(at + 1));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), false);
  }

  @Test
  void anExpiredLayoutFailsWithBoth() throws Exception {
    assertSameOutcome(case_("expired", signed -> signed.put("expires", "2001-01-01T00:00:00Z"),
        VerifyLayoutInTotoVerifyDifferentialTest::noChange), false);
  }

  @Test
  void ruleVariantsAgree() throws Exception {
    String[] allowPy = {"ALLOW", "foo.py"};
    String[] disallowAll = {"DISALLOW", "*"};
    // the tarball is left for the DISALLOW without CREATE
    assertSameOutcome(case_("no-create", s -> rules(s, 1, "expected_products", allowPy, disallowAll),
        VerifyLayoutInTotoVerifyDifferentialTest::noChange), false);
    assertSameOutcome(case_("create", s -> rules(s, 1, "expected_products", new String[] {"CREATE", "foo.tar.gz"},
        allowPy, disallowAll), VerifyLayoutInTotoVerifyDifferentialTest::noChange), true);
    // ALLOW first consumes everything; the DISALLOW sees nothing
    assertSameOutcome(case_("allow-then-disallow", s -> rules(s, 1, "expected_products", new String[] {"ALLOW", "*"},
        disallowAll), VerifyLayoutInTotoVerifyDifferentialTest::noChange), true);
    assertSameOutcome(case_("require-present", s -> rules(s, 1, "expected_products",
        new String[] {"REQUIRE", "foo.tar.gz"}), VerifyLayoutInTotoVerifyDifferentialTest::noChange), true);
    assertSameOutcome(case_("require-absent", s -> rules(s, 1, "expected_products",
        new String[] {"REQUIRE", "bar.tar.gz"}), VerifyLayoutInTotoVerifyDifferentialTest::noChange), false);
    // package's link records foo.py as a material and only the tarball as a product: foo.py was deleted
    assertSameOutcome(case_("modify", s -> rules(s, 1, "expected_materials", new String[] {"MODIFY", "*"},
        disallowAll), VerifyLayoutInTotoVerifyDifferentialTest::noChange), false);
    assertSameOutcome(case_("delete", s -> rules(s, 1, "expected_materials", new String[] {"DELETE", "*"},
        disallowAll), VerifyLayoutInTotoVerifyDifferentialTest::noChange), true);
    assertSameOutcome(case_("create-material", s -> rules(s, 1, "expected_materials", new String[] {"CREATE", "*"},
        disallowAll), VerifyLayoutInTotoVerifyDifferentialTest::noChange), false);
    assertSameOutcome(case_("match-wrong-step", s -> rules(s, 1, "expected_materials",
        new String[] {"MATCH", "foo.py", "WITH", "MATERIALS", "FROM", "write-code"}, disallowAll),
        VerifyLayoutInTotoVerifyDifferentialTest::noChange), false);
    assertSameOutcome(case_("match-glob", s -> rules(s, 1, "expected_materials",
        new String[] {"MATCH", "*.py", "WITH", "PRODUCTS", "FROM", "write-code"}, disallowAll),
        VerifyLayoutInTotoVerifyDifferentialTest::noChange), true);
    // threshold 2 with one functionary's link
    assertSameOutcome(case_("threshold", s -> ((ObjectNode) s.get("steps").get(0)).put("threshold", 2),
        VerifyLayoutInTotoVerifyDifferentialTest::noChange), false);
  }
}
