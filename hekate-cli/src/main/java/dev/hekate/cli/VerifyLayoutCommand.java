package dev.hekate.cli;

import dev.hekate.core.intoto.InTotoFormatException;
import dev.hekate.core.intoto.InTotoKey;
import dev.hekate.core.intoto.InspectionRunner;
import dev.hekate.core.intoto.LayoutVerification;
import dev.hekate.core.intoto.LayoutVerificationJson;
import dev.hekate.core.intoto.LayoutVerifier;
import dev.hekate.core.intoto.LinkSource;
import dev.hekate.core.intoto.UnsupportedInTotoException;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.Limits;
import dev.hekate.core.text.UntrustedText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hekate verify-layout}: in-toto-verify's final product verification of an in-toto v1.0
 * layout and its links. Exit 0 verified, 1 not verified, 2 usage or unreadable input, 3 Hekate's
 * own error.
 */
final class VerifyLayoutCommand {
  static final String HELP = """
      Usage:
        hekate verify-layout --layout FILE --layout-key KEY [--layout-key KEY]... --link-dir DIR
                             [--verification-time TIME] [--run-inspections --artifacts DIR] [--json]

      Verifies an in-toto v1.0 layout and the links of its steps, as in-toto-verify does. VERIFIED
      when every --layout-key signed the layout, it has not expired at the verification time, each
      step has links (<step>.<keyid[:8]>.link in --link-dir) signed by at least threshold of its
      functionaries and agreeing on materials and products, every inspection ran, and every
      artifact rule (MATCH, CREATE, DELETE, MODIFY, ALLOW, DISALLOW, REQUIRE) of every step and
      inspection holds. A step's link that is a layout (a sublayout) is verified the same way, with
      its links in <step>.<keyid[:8]>/ under --link-dir. A link whose command differs from the
      step's expected command is a warning.

      --layout FILE            the signed layout: a metablock {"signed", "signatures"} or a DSSE
                               envelope (links too may be either)
      --layout-key KEY         a public key the layout must be signed by: PEM (RSA, ECDSA P-256/P-384,
                               Ed25519) or a securesystemslib JSON key; repeat for each key
      --link-dir DIR           the directory holding the link files
      --verification-time TIME the time to judge expiry at, ISO 8601 UTC (2022-01-01T00:00:00Z);
                               default now
      --run-inspections        run the layout's inspections (commands the layout names, with your
                               privileges) in a temporary copy of --artifacts; without it a layout
                               with inspections is not verified, and says so
      --artifacts DIR          the directory of the final product, for inspections
      --json                   print every check as JSON on standard output

      Not supported yet (not verified, exit 1, check intoto.unsupported): certificate-signed links,
      attestations (statements) as links, sublayouts nested more than 8 deep, parameter
      substitution.

      Exit status: 0 verified, 1 not verified, 2 usage error or unreadable input, 3 internal error.
      """;

  private VerifyLayoutCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Args parsed = Args.parse(args, Set.of("--json", "--run-inspections", "--help", "-h"),
          Set.of("--layout", "--link-dir", "--verification-time", "--artifacts"), Set.of("--layout-key"));
      if (parsed.flag("--help") || parsed.flag("-h")) {
        out.print(HELP);
        return 0;
      }
      if (!parsed.positional().isEmpty()) {
        throw new UsageException("unexpected argument " + parsed.positional().get(0));
      }
      Path layoutPath = Path.of(parsed.required("--layout"));
      List<String> keyPaths = parsed.all("--layout-key");
      if (keyPaths.isEmpty()) {
        throw new UsageException("--layout-key is required");
      }
      if (keyPaths.size() > Limits.MAX_INTOTO_KEYS) {
        throw new UsageException("at most " + Limits.MAX_INTOTO_KEYS + " --layout-key");
      }
      Path linkDir = Path.of(parsed.required("--link-dir"));
      if (!Files.isDirectory(linkDir)) {
        throw new UsageException("the link directory " + linkDir + " does not exist");
      }
      Optional<String> timeOption = parsed.option("--verification-time");
      Instant time = timeOption.isPresent() ? instant(timeOption.get()) : Instant.now();
      Optional<InspectionRunner> inspections = Optional.empty();
      Optional<String> artifacts = parsed.option("--artifacts");
      if (parsed.flag("--run-inspections")) {
        Path dir = Path.of(artifacts.orElseThrow(() -> new UsageException("--run-inspections needs --artifacts DIR")));
        if (!Files.isDirectory(dir)) {
          throw new UsageException("the artifacts directory " + dir + " does not exist");
        }
        inspections = Optional.of(new InspectionCommandRunner(dir));
      } else if (artifacts.isPresent() && !Files.isDirectory(Path.of(artifacts.get()))) {
        throw new UsageException("the artifacts directory " + artifacts.get() + " does not exist");
      }
      byte[] layout = read(layoutPath, "layout", Limits.MAX_INTOTO_METADATA_BYTES);
      List<InTotoKey> keys = new ArrayList<>();
      Optional<String> unsupportedKey = Optional.empty();
      for (String keyPath : keyPaths) {
        byte[] bytes = read(Path.of(keyPath), "layout key", Limits.MAX_INTOTO_KEY_BYTES);
        try {
          keys.add(InTotoKey.fromFile(bytes, "the layout key " + keyPath));
        } catch (InTotoFormatException e) {
          throw new UsageException(e.getMessage());
        } catch (UnsupportedInTotoException e) {
          // a key Hekate cannot use: not verified (exit 1), never a usage error that hides why
          unsupportedKey = Optional.of(e.getMessage());
        }
      }
      LayoutVerification result = unsupportedKey.isPresent()
          ? LayoutVerification.unsupported(unsupportedKey.get())
          : new LayoutVerifier(keys, links(linkDir), inspections).verify(layout, time);
      report(result, parsed.flag("--json"), out, err);
      return CheckReport.exitStatus(result.isVerified(), result.firstProblem());
    } catch (UsageException e) {
      err.println("hekate verify-layout: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate verify-layout --help' for usage.");
      return 2;
    }
  }

  private static Instant instant(String text) throws UsageException {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new UsageException("--verification-time must be an ISO 8601 UTC time such as 2022-01-01T00:00:00Z");
    }
  }

  /** Link files by name from {@code dir}: only plain names (a step name is signed text, but never a path). */
  private static LinkSource links(Path dir) {
    return new LinkSource() {
      @Override
      public Optional<byte[]> read(String fileName) throws InTotoFormatException {
        Path path = dir.resolve(plain(fileName));
        if (!Files.isRegularFile(path)) {
          return Optional.empty();
        }
        try {
          if (Files.size(path) > Limits.MAX_INTOTO_METADATA_BYTES) {
            throw new InTotoFormatException(fileName + " is over the limit of " + Limits.MAX_INTOTO_METADATA_BYTES
                + " bytes");
          }
          return Optional.of(Files.readAllBytes(path));
        } catch (IOException e) {
          throw new InTotoFormatException("cannot read " + fileName + ": " + e.getMessage());
        }
      }

      /** A sublayout's links, in-toto's {@code <link dir>/<step>.<keyid[:8]>/}; absent, it holds no links. */
      @Override
      public LinkSource directory(String name) throws InTotoFormatException {
        return links(dir.resolve(plain(name)));
      }
    };
  }

  private static String plain(String name) throws InTotoFormatException {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".") || name.indexOf('\0') >= 0) {
      throw new InTotoFormatException("the link file name " + name + " is not a plain file name");
    }
    return name;
  }

  private static byte[] read(Path path, String what, int max) throws UsageException {
    try {
      if (Files.isRegularFile(path) && Files.size(path) > max) {
        throw new UsageException("the " + what + " file " + path + " is over the limit of " + max + " bytes");
      }
    } catch (IOException e) {
      throw new UsageException("cannot read the " + what + " file " + path + ": " + e.getMessage());
    }
    return VerifyBundleCommand.read(path, what);
  }

  private static void report(LayoutVerification result, boolean json, PrintStream out, PrintStream err) {
    if (json) {
      out.println(Json.write(LayoutVerificationJson.toJson(result)));
    }
    result.warnings().forEach(warning -> CheckReport.warning(warning, err));
    if (result.isVerified()) {
      if (!json) {
        out.println("VERIFIED");
      }
      return;
    }
    CheckReport.problem(result.firstProblem(), err);
  }
}
