package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.SlsaGenerator;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a registry or a bundle says cannot steer a terminal: the reproduced attack of issue 16 — a
 * packument whose unsigned {@code repository} ends in escape sequences that erase the line
 * flagging the mismatch, print "ALL CLEAR" in green and retitle the window — through
 * {@code verify-npm}, {@code sweep} and {@code verify-bundle}, asserting that no raw control
 * character (C0 but the line feed, DEL, C1, bidirectional overrides) reaches standard output or
 * standard error.
 */
class UntrustedOutputTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String STEERING = "\u001b[2K\r\u001b[1A\u001b[2K\u001b]0;owned\u0007\u001b[32mALL CLEAR\u001b[0m"
      + "\u202e\u0085";
  private static final String HOSTILE_REPOSITORY = "git+https://github.com/evil/evil.git" + STEERING;

  @TempDir
  Path dir;

  /** The first raw control character in {@code text}, or -1. */
  static int firstControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c <= 0x9f)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      if (control) {
        return i;
      }
    }
    return -1;
  }

  static void assertNoControl(String what, String text) {
    int at = firstControl(text);
    assertEquals(-1, at, what + " carries a raw control character at " + at + ": " + text);
  }

  private FakeRegistry registryWithHostileRepository() {
    FakeRegistry registry = FakeRegistry.start();
    registry.publish(GeneratedNpm.generate(SIGSTORE, "victim", "1.0.0", BundleGeneration.V03_DSSE).packageVersion()
        .repositoryUrl(HOSTILE_REPOSITORY).build());
    return registry;
  }

  @Test
  void verifyNpmShowsTheMismatchWithTheEscapesMadeVisible() throws IOException {
    try (FakeRegistry registry = registryWithHostileRepository()) {
      Files.write(dir.resolve("root.json"), SIGSTORE.trustedRootJson());
      Files.write(dir.resolve("keys.json"), SIGSTORE.npmKeysJson());
      CliRun run = CliRun.of("verify-npm", "--registry", registry.baseUrl().toString(), "--trusted-root",
          dir.resolve("root.json").toString(), "--npm-keys", dir.resolve("keys.json").toString(), "victim@1.0.0");

      assertTrue(run.out().contains("finding repository_mismatch"), run.toString());
      assertTrue(run.out().contains("\\x1b[32mALL CLEAR\\x1b[0m"), "the escapes are shown, not obeyed: " + run.out());
      assertNoControl("stdout", run.out());
      assertNoControl("stderr", run.err());
    }
  }

  @Test
  void sweepShowsItTheSameWay() throws IOException {
    try (FakeRegistry registry = registryWithHostileRepository()) {
      List<String> args = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, List.of("victim")), dir);
      CliRun run = SweepFixtures.sweep(Map.of(), false, args);

      assertTrue(run.out().contains("repository_mismatch"), run.toString());
      assertNoControl("stdout", run.out());
      assertNoControl("stderr", run.err());
    }
  }

  @Test
  void verifyBundleEchoesABundlesHostileFieldsEscaped() throws IOException {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature("artifact\n".getBytes(StandardCharsets.UTF_8)).build();
    Files.write(dir.resolve("root.json"), bundle.trustedRootJson());
    Files.write(dir.resolve("artifact"), bundle.artifact());
    ObjectMapper json = new ObjectMapper();
    for (String field : List.of("mediaType", "kind")) {
      ObjectNode edited = (ObjectNode) json.readTree(bundle.json());
      if (field.equals("mediaType")) {
        edited.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json" + STEERING);
      } else {
        ((ObjectNode) edited.at("/verificationMaterial/tlogEntries/0/kindVersion")).put("kind", "hashedrekord" + STEERING);
      }
      Path file = dir.resolve(field + ".sigstore.json");
      Files.write(file, json.writeValueAsBytes(edited));

      CliRun run = CliRun.of("verify-bundle", "--bundle", file.toString(), "--trusted-root",
          dir.resolve("root.json").toString(), "--certificate-identity", bundle.expectedIdentity(),
          "--certificate-oidc-issuer", bundle.expectedIssuer(), dir.resolve("artifact").toString());

      assertEquals(1, run.exit(), field + ": " + run);
      assertNoControl(field + ": stdout", run.out());
      assertNoControl(field + ": stderr", run.err());
    }
  }

  /**
   * {@code verify-artifact --print-provenance} prints a statement the builder signed, but whose text
   * the build's inputs chose (an event payload, a branch name): C1 controls, DEL and bidi overrides
   * are legal unescaped in JSON strings and would reach the terminal raw. The same JSON comes out in
   * printable ASCII.
   */
  @Test
  void printProvenanceWritesTheStatementInPrintableAscii() throws IOException {
    String generic = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
        + "generator_generic_slsa3.yml@refs/tags/v2.1.0";
    String commit = "0123456789abcdef0123456789abcdef01234567";
    String repository = "https://github.com/o/r";
    String ref = "refs/tags/v1.0.0";
    // JSON may carry these unescaped: C1 CSI, DEL, a right-to-left override.
    String hostile = "ALL CLEAR \u009b2K \u007f \u202e" + "gnp.exe";
    String predicate = SlsaGenerator.genericPredicate(generic, repository, "tag", ref, commit,
        "{\"base_ref\":null,\"head_commit\":{\"message\":\"" + hostile + "\"}}");
    byte[] artifact = "the artifact\n".getBytes(StandardCharsets.UTF_8);
    FakeBundle bundle = SIGSTORE.bundle().identity(generic, SlsaGenerator.GITHUB_ISSUER)
        .githubExtensions(SlsaGenerator.extensions(generic, repository, ref, commit))
        .inTotoStatementFor("artifact", artifact, SlsaGenerator.PROVENANCE_V02, predicate).build();
    Files.write(dir.resolve("root.json"), bundle.trustedRootJson());
    Files.write(dir.resolve("artifact"), artifact);
    Files.write(dir.resolve("artifact.sigstore.json"), bundle.json());
    // The hostile characters really are in the signed statement, unescaped.
    String signed = new String(bundle.dssePayload().orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(firstControl(signed) >= 0, "the fixture carries raw controls");

    CliRun run = CliRun.of("verify-artifact", "--print-provenance", "--provenance",
        dir.resolve("artifact.sigstore.json").toString(), "--trusted-root", dir.resolve("root.json").toString(),
        "--source-uri", "github.com/o/r", "--source-tag", "v1.0.0", dir.resolve("artifact").toString());

    assertEquals(0, run.exit(), run::toString);
    assertNoControl("stdout", run.out());
    assertNoControl("stderr", run.err());
    String[] lines = run.out().strip().split("\n");
    String printed = lines[lines.length - 1];
    assertTrue(printed.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)), printed);
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(signed), json.readTree(printed.strip()), "the same statement");
  }

  /** Issue 16's unbounded echo: a 200,000-character predicate type does not make a 200 KB verdict line. */
  @Test
  void aHugePredicateTypeLabelIsBoundedInTheVerdict() throws IOException {
    try (FakeRegistry registry = FakeRegistry.start()) {
      var minted = GeneratedNpm.generate(SIGSTORE, "labelled", "1.0.0", BundleGeneration.V03_DSSE);
      ObjectMapper json = new ObjectMapper();
      ObjectNode response = (ObjectNode) json.readTree(minted.attestations());
      ObjectNode extra = ((com.fasterxml.jackson.databind.node.ArrayNode) response.path("attestations")).addObject();
      extra.put("predicateType", "https://evil.example/" + "x".repeat(200_000));
      extra.set("bundle", response.path("attestations").get(0).path("bundle").deepCopy());
      registry.publish(minted.packageVersion().attestations(json.writeValueAsBytes(response)).build());
      Files.write(dir.resolve("root.json"), SIGSTORE.trustedRootJson());
      Files.write(dir.resolve("keys.json"), SIGSTORE.npmKeysJson());

      CliRun run = CliRun.of("verify-npm", "--json", "--registry", registry.baseUrl().toString(), "--trusted-root",
          dir.resolve("root.json").toString(), "--npm-keys", dir.resolve("keys.json").toString(), "labelled@1.0.0");

      String line = run.out().strip();
      // The label is echoed where the verdict names it (here: a statement labelled as another type), cut.
      assertTrue(line.contains("https://evil.example/") && line.contains("characters, sha256:"), run.toString());
      assertTrue(line.length() < 20_000, "a bounded verdict line: " + line.length() + " characters");
    }
  }
}
