package dev.hekate.cli;

import dev.hekate.core.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind {@code ./hekate}'s start-up cache: not a command, a separate entry point
 * the launcher runs once per jar with {@code -XX:AOTCacheOutput} (or, before JDK 25, with
 * {@code -XX:ArchiveClassesAtExit}). It runs the short commands in this JVM, the way a person
 * would, so the classes and method profiles the cache records are the ones a cold
 * {@code verify-npm}, {@code verify-bundle}, {@code verify-artifact} or {@code verify-layout} needs: offline npm verdicts
 * for every bundle generation npm has served (text and JSON, one that fails), bundles of every log
 * kind, slsa-github-generator provenance of an artifact (verified, and a branch it was not
 * built from), and an in-toto layout with its links (verified, and expired).
 *
 * <p>The inputs are generated, not real: packages, bundles and the trust material that verifies
 * them, minted by hekate-testdata's fake Sigstore and shipped in this jar (see the README beside
 * them). The commands' output is discarded; the exit status says whether every command answered
 * as expected (0), so a cache is never trained on a path that broke.
 */
public final class Training {
  static final String RESOURCES = "/dev/hekate/cli/training/";
  static final String PACKAGE = "hekate-training";
  /** One version per bundle generation: v0.1 SET only (intoto), v0.2 with proof (intoto), v0.3 (dsse). */
  static final List<String> VERSIONS = List.of("1.0.0", "2.0.0", "3.0.0");
  /** Message signatures logged on Rekor v1 and on Rekor v2 (with a timestamp), and an in-toto statement. */
  static final List<String> BUNDLES = List.of("message-rekor-v1", "message-rekor-v2", "dsse");
  static final String IDENTITY = "https://github.com/hekate-test/hekate-training/.github/workflows/release.yml@refs/heads/main";
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  /** slsa-github-generator's generic builder, as the provenance bundle's certificate names it. */
  static final String GENERIC_BUILDER = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
      + "generator_generic_slsa3.yml@refs/tags/v2.1.0";
  /** The repository and tag the training provenance was built from. */
  static final String SOURCE = "github.com/hekate-test/hekate-training";
  static final String SOURCE_TAG = "v1.0.0";
  /** The in-toto functionary's key id prefix, as its link files are named (its key is derived from a fixed seed). */
  static final String FUNCTIONARY = "b39bc308";
  /** The in-toto supply chain's steps, one link each. */
  static final List<String> STEPS = List.of("build", "package");
  /** A well-formed integrity no training tarball has, for the FAILED path. */
  static final String WRONG_INTEGRITY = "sha512-" + "A".repeat(86) + "==";

  private Training() {}

  public static void main(String[] args) {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    System.exit(run(discard, System.err));
  }

  /**
   * Runs every training command, their output to {@code out}.
   *
   * @return 0 when each answered as expected, else 1 (each surprise described on {@code err})
   */
  static int run(PrintStream out, PrintStream err) {
    Path dir;
    try {
      dir = unpack();
    } catch (IOException e) {
      err.println("hekate training: cannot unpack the fixtures: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      return 1;
    }
    try {
      List<String> surprises = new ArrayList<>();
      for (Command command : commands(dir)) {
        int exit = Cli.run(command.args(), out, out);
        if (exit != command.expectedExit()) {
          surprises.add("exit " + exit + " (expected " + command.expectedExit() + "): " + String.join(" ", command.args()));
        }
      }
      surprises.forEach(s -> err.println("hekate training: " + s));
      return surprises.isEmpty() ? 0 : 1;
    } finally {
      delete(dir);
    }
  }

  record Command(int expectedExit, String... args) {}

  static List<Command> commands(Path dir) {
    String root = dir.resolve("trusted_root.json").toString();
    String keys = dir.resolve("npm_keys.json").toString();
    List<Command> commands = new ArrayList<>();
    commands.add(new Command(0, "help"));
    for (String version : VERSIONS) {
      String spec = PACKAGE + "@" + version;
      String attestations = dir.resolve(PACKAGE + "-" + version + ".attestations.json").toString();
      String tarball = dir.resolve(PACKAGE + "-" + version + ".tgz").toString();
      commands.add(new Command(0, "verify-npm", "--trusted-root", root, "--npm-keys", keys,
          "--attestations", attestations, "--tarball-file", tarball, spec));
      commands.add(new Command(0, "verify-npm", "--json", "--trusted-root", root, "--npm-keys", keys,
          "--attestations", attestations, "--tarball-file", tarball, spec));
    }
    String last = VERSIONS.get(VERSIONS.size() - 1);
    commands.add(new Command(1, "verify-npm", "--trusted-root", root, "--npm-keys", keys, "--attestations",
        dir.resolve(PACKAGE + "-" + last + ".attestations.json").toString(), "--integrity", WRONG_INTEGRITY,
        PACKAGE + "@" + last));
    String artifact = dir.resolve("artifact.txt").toString();
    for (String bundle : BUNDLES) {
      String file = dir.resolve(bundle + ".sigstore.json").toString();
      commands.add(new Command(0, "verify-bundle", "--bundle", file, "--certificate-identity", IDENTITY,
          "--certificate-oidc-issuer", ISSUER, "--trusted-root", root, artifact));
      commands.add(new Command(0, "verify-bundle", "--json", "--bundle", file, "--certificate-identity", IDENTITY,
          "--certificate-oidc-issuer", ISSUER, "--trusted-root", root, artifact));
    }
    String provenance = dir.resolve("provenance.sigstore.json").toString();
    commands.add(new Command(0, "verify-artifact", "--provenance", provenance, "--trusted-root", root, "--source-uri",
        SOURCE, "--source-tag", SOURCE_TAG, artifact));
    commands.add(new Command(1, "verify-artifact", "--json", "--provenance", provenance, "--trusted-root", root,
        "--source-uri", SOURCE, "--source-branch", "main", artifact));
    String layout = dir.resolve("root.layout").toString();
    String owner = dir.resolve("owner.pub.json").toString();
    commands.add(new Command(0, "verify-layout", "--layout", layout, "--layout-key", owner, "--link-dir",
        dir.toString(), "--verification-time", "2026-01-01T00:00:00Z"));
    commands.add(new Command(1, "verify-layout", "--json", "--layout", layout, "--layout-key", owner, "--link-dir",
        dir.toString(), "--verification-time", "2100-01-01T00:00:00Z"));
    return commands;
  }

  /** Every fixture file, by name. */
  static List<String> files() {
    List<String> files = new ArrayList<>(List.of("trusted_root.json", "npm_keys.json", "artifact.txt"));
    for (String version : VERSIONS) {
      files.add(PACKAGE + "-" + version + ".attestations.json");
      files.add(PACKAGE + "-" + version + ".tgz");
    }
    BUNDLES.forEach(b -> files.add(b + ".sigstore.json"));
    files.add("provenance.sigstore.json");
    files.add("root.layout");
    files.add("owner.pub.json");
    STEPS.forEach(step -> files.add(step + "." + FUNCTIONARY + ".link"));
    return files;
  }

  private static Path unpack() throws IOException {
    Path dir = Files.createTempDirectory("hekate-training");
    for (String name : files()) {
      try (InputStream in = Training.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IOException(name + " is not in the jar");
        }
        Files.copy(in, dir.resolve(name));
      }
    }
    return dir;
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory left behind is harmless.
    }
  }
}
