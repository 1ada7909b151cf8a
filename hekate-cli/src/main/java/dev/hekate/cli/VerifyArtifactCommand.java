package dev.hekate.cli;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.rekor.RekorClient;
import dev.hekate.core.rekor.RekorConfig;
import dev.hekate.core.slsa.ArtifactExpectations;
import dev.hekate.core.slsa.ArtifactVerification;
import dev.hekate.core.slsa.ArtifactVerificationJson;
import dev.hekate.core.slsa.ArtifactVerifier;
import dev.hekate.core.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code hekate verify-artifact}: slsa-verifier's {@code verify-artifact}, offline, for
 * slsa-github-generator provenance; with {@code --rekor-url}, a raw DSSE envelope's log entry is
 * looked up in that Rekor. Exit 0 verified, 1 not verified, 2 usage or unreadable input, 3 Hekate's
 * own error or a Rekor that could not be asked.
 */
final class VerifyArtifactCommand {
  static final String HELP = """
      Usage:
        hekate verify-artifact --provenance FILE --source-uri github.com/OWNER/REPO
                               [--source-tag TAG | --source-versioned-tag VERSION] [--source-branch BRANCH]
                               [--builder-id ID] [--print-provenance] [--trusted-root FILE]
                               [--rekor-url URL] [--json] ARTIFACT...

      Verifies artifacts against the SLSA provenance slsa-github-generator made for them, as
      slsa-verifier verify-artifact does, offline. VERIFIED when the provenance is a Sigstore bundle
      that verifies (signature, Fulcio certificate chain and SCT, transparency log entry with its
      inclusion proof or promise, timestamps), signed by a trusted builder workflow at a release tag
      (generic, Go, container-based, or a delegated builder such as Maven and Gradle), and every
      ARTIFACT's SHA-256 is a subject, the source repository is --source-uri, and the branch, tag
      and builder are the ones asked for.

      ARTIFACT                the files the provenance must cover (each one's SHA-256)
      --provenance FILE       the provenance: a Sigstore bundle (.sigstore, .build.slsa, .intoto.jsonl);
                              a raw DSSE envelope (older .intoto.jsonl) carries no transparency log
                              entry: not verified offline (exit 1, says so), looked up with --rekor-url
      --provenance-path FILE  the same as --provenance
      --source-uri URI        the source repository, github.com/OWNER/REPO (required)
      --source-tag TAG        the tag built, exactly (v1.2.3)
      --source-versioned-tag VERSION
                              the tag built, as a semantic version: the parts given must match
                              (v1 matches v1.4.2; v1.4 matches v1.4.2; v1.4.2 matches only v1.4.2)
      --source-branch BRANCH  the branch built (main)
      --builder-id ID         the builder: https://github.com/OWNER/REPO/.github/workflows/NAME.yml,
                              optionally @vX.Y.Z or @refs/tags/vX.Y.Z; required for a delegated
                              builder outside slsa-github-generator
      --print-provenance      print the verified in-toto statement on standard output (JSON, in
                              printable ASCII: other characters as \\uXXXX escapes)
      --trusted-root FILE     a trusted_root.json (default: the embedded Sigstore public-good root)
      --rekor-url URL         for a raw DSSE envelope, find its entry in this Rekor v1 log
                              (https://rekor.sigstore.dev) and verify the envelope with it as a
                              bundle; without it, nothing is looked up. Bundles are never looked up
      --json                  print every check as JSON on standard output

      Exit status: 0 verified, 1 not verified, 2 usage error or unreadable input, 3 internal error
      or Rekor could not be asked (network, timeout, 5xx, an answer that is not Rekor's).
      """;

  private VerifyArtifactCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, UnaryOperator.identity());
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with the Rekor client's configuration changed (tests: timeouts). */
  static int run(String[] args, PrintStream out, PrintStream err, UnaryOperator<RekorConfig> rekorTuning) {
    try {
      Args parsed = Args.parse(args, Set.of("--print-provenance", "--json", "--help", "-h"),
          Set.of("--provenance", "--provenance-path", "--source-uri", "--source-tag", "--source-versioned-tag",
              "--source-branch", "--builder-id", "--trusted-root", "--rekor-url"));
      if (parsed.flag("--help") || parsed.flag("-h")) {
        out.print(HELP);
        return 0;
      }
      Path provenancePath = provenancePath(parsed);
      String sourceUri = parsed.required("--source-uri");
      if (sourceUri.isBlank()) {
        throw new UsageException("--source-uri is empty");
      }
      Optional<String> tag = nonEmpty(parsed, "--source-tag");
      Optional<String> versionedTag = nonEmpty(parsed, "--source-versioned-tag");
      if (tag.isPresent() && versionedTag.isPresent()) {
        throw new UsageException("give at most one of --source-tag and --source-versioned-tag");
      }
      List<String> positional = parsed.positional();
      if (positional.isEmpty()) {
        throw new UsageException("give at least one ARTIFACT");
      }
      Optional<URI> rekorUrl = parsed.option("--rekor-url").isPresent()
          ? Optional.of(CommonOptions.url(parsed.option("--rekor-url").get(), "--rekor-url")) : Optional.empty();
      var trustedRoot = CommonOptions.trustedRoot(parsed);
      byte[] provenance = VerifyBundleCommand.read(provenancePath, "provenance");
      List<Digest> artifacts = new ArrayList<>();
      for (String artifact : positional) {
        artifacts.add(sha256(Path.of(artifact)));
      }
      ArtifactExpectations expected = new ArtifactExpectations(artifacts, sourceUri, tag, versionedTag,
          nonEmpty(parsed, "--source-branch"), nonEmpty(parsed, "--builder-id"));
      ArtifactVerifier verifier = rekorUrl.isEmpty() ? new ArtifactVerifier(trustedRoot)
          : ArtifactVerifier.withLogLookup(trustedRoot,
              RekorClient.create(rekorTuning.apply(RekorConfig.of(rekorUrl.get()))));
      ArtifactVerification result = verifier.verify(provenance, expected);
      report(result, parsed.flag("--json"), out, err);
      if (result.isVerified() && parsed.flag("--print-provenance")) {
        // Re-written in printable ASCII: the same JSON, but no text the statement carries can
        // steer the terminal (docs/output.md).
        byte[] statement = result.verified().get().statement();
        try {
          out.println(Json.writeAscii(Json.parse(statement, statement.length, "the provenance statement")));
        } catch (JsonFormatException e) {
          // The statement was read as JSON to be verified: not reading it now is Hekate's fault.
          err.println("hekate verify-artifact: internal error: the verified statement does not read back: "
              + UntrustedText.terminal(e.getMessage()));
          return 3;
        }
      }
      return CheckReport.exitStatus(result.isVerified(), result.firstProblem());
    } catch (UsageException e) {
      err.println("hekate verify-artifact: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate verify-artifact --help' for usage.");
      return 2;
    }
  }

  private static Path provenancePath(Args args) throws UsageException {
    Optional<String> provenance = args.option("--provenance");
    Optional<String> path = args.option("--provenance-path");
    if (provenance.isPresent() && path.isPresent()) {
      throw new UsageException("give one of --provenance and --provenance-path");
    }
    return Path.of(provenance.or(() -> path)
        .orElseThrow(() -> new UsageException("--provenance is required")));
  }

  /** An option's value; given empty, it counts as not given (as slsa-verifier's flags do). */
  private static Optional<String> nonEmpty(Args args, String option) {
    return args.option(option).filter(v -> !v.isEmpty());
  }

  /** The artifact's SHA-256, read in a stream: artifacts may be large. */
  private static Digest sha256(Path path) throws UsageException {
    if (!Files.isRegularFile(path)) {
      throw new UsageException("the artifact file " + path + " does not exist");
    }
    try (InputStream in = Files.newInputStream(path)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return new Digest("sha256", digest.digest());
    } catch (IOException e) {
      throw new UsageException("cannot read the artifact file " + path + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void report(ArtifactVerification result, boolean json, PrintStream out, PrintStream err) {
    if (json) {
      out.println(Json.write(ArtifactVerificationJson.toJson(result)));
    }
    if (result.isVerified()) {
      var verified = result.verified().get();
      // The builder and source are signed, but still text a builder wrote: escaped before the terminal.
      err.println("Verified build using builder " + UntrustedText.terminal(verified.builder().toString()) + " from "
          + UntrustedText.terminal(verified.sourceUri()));
      if (!json) {
        out.println("VERIFIED");
      }
      return;
    }
    CheckReport.problem(result.firstProblem(), err);
  }
}
