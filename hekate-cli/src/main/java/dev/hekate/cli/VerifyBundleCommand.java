package dev.hekate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.ResultJson;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.core.verify.VerificationResult;
import dev.hekate.core.text.UntrustedText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * {@code hekate verify-bundle}: the sigstore-conformance "verify bundle" protocol.
 * Exit 0 verified, 1 not verified, 2 usage or unreadable input.
 */
final class VerifyBundleCommand {
  static final String HELP = """
      Usage:
        hekate verify-bundle --bundle FILE --certificate-identity SAN --certificate-oidc-issuer URL
                             [--trusted-root FILE] [--json] FILE_OR_DIGEST
        hekate verify-bundle --bundle FILE --certificate-identity-regexp REGEX --certificate-oidc-issuer URL
                             [--trusted-root FILE] [--json] FILE_OR_DIGEST
        hekate verify-bundle --bundle FILE --key PUBLIC_KEY_PEM [--trusted-root FILE] [--json] FILE_OR_DIGEST

      Verifies a Sigstore bundle (v0.1, v0.2, v0.3) offline: signature, certificate chain and SCT
      at the signing time, transparency log entry (SET, inclusion proof, checkpoint), RFC 3161
      timestamps, and the signer identity.

      FILE_OR_DIGEST   the artifact, or its digest as sha256:<64 hex> (when that is not a file);
                       for a DSSE bundle, the artifact must be a subject of the in-toto statement
      --trusted-root   a trusted_root.json (default: the embedded Sigstore public-good root)
      --staging        accepted for the conformance protocol; needs --trusted-root
      --json           print every check as JSON on standard output

      Exit status: 0 verified, 1 not verified, 2 usage error or unreadable input.
      """;

  private VerifyBundleCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Args parsed = Args.parse(args, Set.of("--json", "--staging", "--help", "-h"),
          Set.of("--bundle", "--certificate-identity", "--certificate-identity-regexp",
              "--certificate-oidc-issuer", "--key", "--trusted-root"));
      if (parsed.flag("--help") || parsed.flag("-h")) {
        out.print(HELP);
        return 0;
      }
      List<String> positional = parsed.positional();
      if (positional.size() != 1) {
        throw new UsageException("give exactly one FILE_OR_DIGEST");
      }
      byte[] rootBytes = trustedRootBytes(parsed);
      Policy policy = policy(parsed);
      Artifact artifact = artifact(positional.get(0));
      byte[] bundle = read(Path.of(parsed.required("--bundle")), "bundle");
      VerificationResult result;
      try {
        TrustedRoot root = rootBytes.length == 0 ? EmbeddedTrust.publicGoodTrustedRoot() : TrustedRootParser.parse(rootBytes);
        result = new BundleVerifier(root).verify(bundle, artifact, policy);
      } catch (VerificationException e) {
        // A trusted root that is readable but malformed is evidence that fails, not a usage error.
        result = new VerificationResult(List.of(CheckResult.failed(e)), java.util.Optional.empty());
      }
      report(result, parsed.flag("--json"), out, err);
      return result.verified() ? 0 : result.internalError().isPresent() ? 3 : 1;
    } catch (UsageException e) {
      err.println("hekate verify-bundle: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate verify-bundle --help' for usage.");
      return 2;
    }
  }

  /** The bytes of --trusted-root, or empty for the embedded public-good root. */
  private static byte[] trustedRootBytes(Args args) throws UsageException {
    if (args.option("--trusted-root").isEmpty()) {
      if (args.flag("--staging")) {
        throw new UsageException("--staging needs --trusted-root: Hekate embeds only the public-good root");
      }
      return new byte[0];
    }
    return read(Path.of(args.option("--trusted-root").get()), "trusted root");
  }

  private static Policy policy(Args args) throws UsageException {
    var key = args.option("--key");
    var identity = args.option("--certificate-identity");
    var regexp = args.option("--certificate-identity-regexp");
    int given = (key.isPresent() ? 1 : 0) + (identity.isPresent() ? 1 : 0) + (regexp.isPresent() ? 1 : 0);
    if (given != 1) {
      throw new UsageException(
          "give exactly one of --certificate-identity, --certificate-identity-regexp and --key");
    }
    if (key.isPresent()) {
      String pem = new String(read(Path.of(key.get()), "key"), StandardCharsets.UTF_8);
      PublicKey publicKey = Keys.publicKeyPem(pem)
          .orElseThrow(() -> new UsageException("the key file holds no PEM public key"));
      return Policy.key(publicKey);
    }
    String issuer = args.required("--certificate-oidc-issuer");
    if (identity.isPresent()) {
      return Policy.identity(IdentityPolicy.exact(identity.get(), issuer));
    }
    try {
      return Policy.identity(IdentityPolicy.regex(regexp.get(), issuer));
    } catch (PatternSyntaxException e) {
      throw new UsageException("--certificate-identity-regexp is not a valid regular expression");
    }
  }

  /** A digest when the argument is sha256:<64 hex> and not a file on disk, else a file. */
  static Artifact artifact(String argument) throws UsageException {
    Path path = Path.of(argument);
    if (argument.startsWith("sha256:") && !Files.exists(path)) {
      var hex = Encoding.hex(argument.substring("sha256:".length()));
      if (hex.isPresent() && hex.get().length == 32) {
        return Artifact.ofDigest(new Digest("sha256", hex.get()));
      }
    }
    return Artifact.ofBytes(read(path, "artifact"));
  }

  static byte[] read(Path path, String what) throws UsageException {
    try {
      if (!Files.isRegularFile(path)) {
        throw new UsageException("the " + what + " file " + path + " does not exist");
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UsageException("cannot read the " + what + " file " + path + ": " + e.getMessage());
    } catch (OutOfMemoryError e) {
      throw new UsageException("the " + what + " file " + path + " is too large");
    }
  }

  private static void report(VerificationResult result, boolean json, PrintStream out, PrintStream err) {
    if (json) {
      ObjectNode node = Json.newObject();
      node.put("verified", result.verified());
      node.set("checks", ResultJson.checks(result.checks()));
      // The log entries as proven: the index the SET signs or the inclusion proof proves, never
      // the bundle's own logIndex field alone (docs/output.md).
      result.verifiedBundle().ifPresent(verified -> {
        var entries = node.putArray("logEntries");
        for (var entry : verified.logEntries()) {
          var e = entries.addObject();
          e.put("logIndex", entry.logIndex());
          e.put("kind", entry.kindVersion());
          entry.integratedTime().ifPresent(t -> e.put("integratedTime", t.toString()));
        }
      });
      out.println(Json.write(node));
      return;
    }
    if (result.verified()) {
      out.println("VERIFIED");
      return;
    }
    CheckReport.problem(result.internalError().or(result::firstFailure), err);
  }
}
