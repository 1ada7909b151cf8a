package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.testdata.RealData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The sigstore-conformance bundle-verify suite, run through {@code hekate verify-bundle} with
 * exactly the arguments the suite's driver passes a client: a {@code _fail} case must exit 1,
 * every other case must exit 0 — once with the artifact file and once with its sha256 digest.
 */
class VerifyBundleCommandConformanceTest {
  static final String DEFAULT_IDENTITY = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
      + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  static final String DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";

  /** One case: its directory and the arguments the driver would pass. */
  record Case(String name, Path dir, List<String> argsBeforeArtifact, Path artifact) {
    boolean mustFail() {
      return name.endsWith("_fail");
    }
  }

  static List<Case> cases() throws IOException {
    Path root = RealData.require().resolve("sigstore_conformance/test/assets/bundle-verify");
    Path productionRoot = RealData.require().resolve("trust_roots/public-good-tuf-seeds/trusted_root.json");
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("bundle.sigstore.json"))).sorted().toList()) {
        List<String> args = new ArrayList<>(List.of("verify-bundle", "--bundle", dir.resolve("bundle.sigstore.json").toString()));
        if (Files.exists(dir.resolve("key.pub"))) {
          args.addAll(List.of("--key", dir.resolve("key.pub").toString()));
        } else {
          args.addAll(List.of("--certificate-identity", read(dir.resolve("identity"), DEFAULT_IDENTITY),
              "--certificate-oidc-issuer", read(dir.resolve("issuer"), DEFAULT_ISSUER)));
        }
        Path trustedRoot = Files.exists(dir.resolve("trusted_root.json")) ? dir.resolve("trusted_root.json") : productionRoot;
        args.addAll(List.of("--trusted-root", trustedRoot.toString()));
        Path artifact = Files.exists(dir.resolve("artifact")) ? dir.resolve("artifact") : root.resolve("a.txt");
        cases.add(new Case(dir.getFileName().toString(), dir, args, artifact));
      }
    }
    return cases;
  }

  @Test
  void theSuiteHasSeventyCases() throws IOException {
    List<Case> cases = cases();
    assertEquals(70, cases.size(), "sigstore-conformance bundle-verify cases");
    assertTrue(cases.stream().anyMatch(Case::mustFail));
  }

  @TestFactory
  Stream<DynamicTest> withTheArtifactFile() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(),
        () -> expect(c, c.artifact().toString())));
  }

  @TestFactory
  Stream<DynamicTest> withTheSha256Digest() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(c.artifact()));
      expect(c, "sha256:" + HexFormat.of().formatHex(digest));
    }));
  }

  private static void expect(Case c, String artifactArgument) {
    List<String> args = new ArrayList<>(c.argsBeforeArtifact());
    args.add(artifactArgument);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(c.mustFail() ? 1 : 0, exit, c.name() + ": " + output);
    assertTrue(!output.contains("Exception") && !output.contains("\tat "), "no stack trace: " + output);
  }

  private static String read(Path file, String fallback) throws IOException {
    return Files.exists(file) ? Files.readString(file).strip() : fallback;
  }
}
