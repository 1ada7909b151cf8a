package dev.hekate.cli;

import static dev.hekate.lambda.ClientWiring.Profile.COMMAND_LINE;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.github.GitHubClient;
import dev.hekate.core.github.GitHubConfig;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictJson;
import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.service.PackageNotFoundException;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.VerdictRecorder;
import dev.hekate.core.text.UntrustedText;
import dev.hekate.lambda.ClientWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hekate verify-npm}: Hekate's three questions for npm package versions, online against a
 * registry or offline on files. Exit 0 when every spec is VERIFIED, 1 when any is FAILED, MISSING
 * or not found, 3 when the rest could not be checked (registry unreachable: retry), 2 on usage.
 */
final class VerifyNpmCommand {
  static final String HELP = """
      Usage:
        hekate verify-npm [--registry URL] [--tarball] [--github] [--trust-exclude NAME[@VERSION]]...
                          [--json] SPEC...
        hekate verify-npm --attestations FILE (--integrity SRI | --tarball-file FILE) [--json] SPEC

      Decides, for each npm package version, whether CI built it from the source it claims
      (SLSA provenance signed by a Fulcio certificate, logged on Rekor) and whether npm published
      exactly what was built (npm's publish attestation, signed by the registry's key).

      SPEC               name@version, or name for the latest version; scoped: @scope/name@1.2.3
      --registry URL     the registry (default https://registry.npmjs.org/; a path is kept,
                         e.g. https://host/api/npm/remote/ for Artifactory or Nexus)
      --tarball          also download the tarball (streamed) and check it against the integrity
      --github           ask the GitHub API whether the provenance's workflow run exists and
                         matches (uses GITHUB_TOKEN if set; unreachable = check UNKNOWN)
      --github-url URL   GitHub API base (default https://api.github.com/; GitHub Enterprise:
                         https://host/api/v3/)
      --trusted-root F   a Sigstore trusted_root.json (default: embedded public-good root)
      --npm-keys F       npm registry keys, TUF keys.json form (default: embedded)
      --trust-exclude E  accept a trust downgrade of E: NAME (every version) or NAME@VERSION
                         (that version); repeatable. The verdict records it as excepted
                         (finding trust_downgrade_excepted), not as a regression
      --json             one JSON verdict per line (schema: docs/verdict.schema.json)
      --store PATH       keep each decided verdict and what the registry served in this SQLite
                         file (default: HEKATE_STORE, else $XDG_STATE_HOME/hekate/verdicts.db,
                         else ~/.local/state/hekate/verdicts.db; HEKATE_STORE=none keeps
                         nothing); a version whose registry answer
                         changed since an earlier check gets the finding registry_answer_changed
      --no-store         keep nothing
      Offline:
      --attestations F   an attestations response (GET /-/npm/v1/attestations/<name>@<version>)
      --integrity SRI    the registry's dist.integrity (sha512-...)
      --tarball-file F   the package tarball; its sha512 is the integrity
                         (offline, the registry's own signature is not checked: the verdict
                         says so with the finding registry_signatures_unavailable)

      Status per spec: VERIFIED, FAILED (evidence wrong), MISSING (no provenance; regression when
      an earlier version of the major line had it), ERROR (could not look; retry).
      Exit status: 0 all VERIFIED; 1 any FAILED, MISSING or not found; 3 otherwise some ERROR;
      2 usage error.
      """;

  private VerifyNpmCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv());
  }

  /** @param env the environment ({@value ClientWiring#GITHUB_TOKEN} for --github) */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    try {
      Args parsed = Args.parse(args, Set.of("--json", "--tarball", "--github", "--help", "-h", StoreOptions.NO_STORE),
          Set.of("--registry", "--github-url", "--trusted-root", "--npm-keys", "--attestations", "--integrity", "--tarball-file",
              StoreOptions.STORE),
          Set.of(CommonOptions.TRUST_EXCLUDE));
      if (parsed.flag("--help") || parsed.flag("-h")) {
        out.print(HELP);
        return 0;
      }
      if (parsed.positional().isEmpty()) {
        throw new UsageException("give at least one SPEC (name@version)");
      }
      List<PackageSpec> specs = new ArrayList<>();
      for (String spec : parsed.positional()) {
        try {
          specs.add(PackageSpec.parse(spec));
        } catch (InvalidSpecException e) {
          throw new UsageException(e.getMessage());
        }
      }
      TrustExceptions exceptions = CommonOptions.trustExceptions(parsed);
      NpmVerifier verifier = new NpmVerifier(CommonOptions.trustedRoot(parsed), CommonOptions.npmKeys(parsed));
      boolean json = parsed.flag("--json");
      if (parsed.option("--attestations").isPresent()) {
        if (parsed.option(StoreOptions.STORE).isPresent()) {
          throw new UsageException(StoreOptions.STORE + " keeps what a registry served; offline verification reads"
              + " files and keeps nothing");
        }
        return offline(parsed, specs, verifier, exceptions, json, out, err);
      }
      return online(parsed, specs, verifier, exceptions, json, out, err, env);
    } catch (UsageException e) {
      err.println("hekate verify-npm: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate verify-npm --help' for usage.");
      return 2;
    }
  }

  private static int online(Args args, List<PackageSpec> specs, NpmVerifier verifier, TrustExceptions exceptions,
      boolean json, PrintStream out, PrintStream err, Map<String, String> env) throws UsageException {
    URI registryUrl = args.option("--registry").isPresent()
        ? CommonOptions.url(args.option("--registry").get(), "--registry") : RegistryConfig.NPMJS;
    Optional<GitHubClient> github = Optional.empty();
    if (args.flag("--github")) {
      URI gitHubUrl = args.option("--github-url").isPresent()
          ? CommonOptions.url(args.option("--github-url").get(), "--github-url") : GitHubConfig.GITHUB_API;
      github = Optional.of(ClientWiring.gitHub(COMMAND_LINE, gitHubUrl, ClientWiring.gitHubToken(env)));
    }
    NpmService service = ClientWiring.npmService(ClientWiring.registry(COMMAND_LINE, registryUrl), verifier, github,
        args.flag("--tarball"), exceptions);
    Optional<SqliteVerdictStore> store = StoreOptions.open(args);
    try {
      Optional<VerdictRecorder> recorder = store.map(s -> new VerdictRecorder(s, registryUrl.toString(),
          Clock.systemUTC()));
      return online(specs, service, recorder, json, out, err);
    } finally {
      store.ifPresent(s -> StoreOptions.close(s, err, "hekate verify-npm"));
    }
  }

  private static int online(List<PackageSpec> specs, NpmService service, Optional<VerdictRecorder> recorder,
      boolean json, PrintStream out, PrintStream err) {
    int exit = 0;
    for (PackageSpec spec : specs) {
      try {
        NpmService.Checked checked = service.check(spec);
        Verdict verdict = checked.verdict();
        if (recorder.isPresent() && checked.answer().isPresent()) {
          try {
            verdict = recorder.get().record(verdict, checked.answer().get());
          } catch (StoreException e) {
            // The verdict stands; only the memory of it is lost, and that is said.
            err.println("hekate verify-npm: the verdict of " + verdict.packageName() + "@" + verdict.version()
                + " was not kept: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
          }
        }
        print(verdict, json, out, err);
        exit = worse(exit, verdict.status());
      } catch (PackageNotFoundException e) {
        if (json) {
          out.println(dev.hekate.core.json.Json.write(dev.hekate.core.json.Json.newObject()
              .put("package", spec.name()).put("version", spec.version().orElse("")).put("error", e.getMessage())));
        } else {
          err.println("NOT FOUND " + spec + ": " + UntrustedText.terminal(e.getMessage()));
        }
        exit = 1;
      }
    }
    return exit;
  }

  private static int offline(Args args, List<PackageSpec> specs, NpmVerifier verifier, TrustExceptions exceptions,
      boolean json, PrintStream out, PrintStream err) throws UsageException {
    if (specs.size() != 1 || specs.get(0).version().isEmpty()) {
      throw new UsageException("offline verification takes exactly one SPEC with a version");
    }
    PackageSpec spec = specs.get(0);
    byte[] attestations = VerifyBundleCommand.read(Path.of(args.option("--attestations").get()), "attestations");
    Optional<TarballDigests> tarball = Optional.empty();
    String integrity;
    if (args.option("--tarball-file").isPresent()) {
      TarballDigests digests = hash(Path.of(args.option("--tarball-file").get()));
      tarball = Optional.of(digests);
      integrity = args.option("--integrity").orElse(digests.sha512Integrity());
    } else {
      integrity = args.option("--integrity").orElseThrow(() -> new UsageException("give --integrity SRI or --tarball-file FILE"));
      if (!integrity.startsWith("sha512-")) {
        throw new UsageException("--integrity must be a sha512 SRI string (sha512-...)");
      }
    }
    Dist dist = new Dist(Optional.of(integrity), "", "", Optional.empty(), Optional.empty(), List.of());
    VersionDocument document = new VersionDocument(spec.name(), spec.version().get(), dist, Optional.empty(),
        Optional.empty(), Optional.empty());
    Verdict verdict = verifier.verify(new NpmVerifier.Input(spec.name(), spec.version().get(), document, Optional.empty(),
        Optional.of(attestations), tarball, false, Optional.empty(), RegistryKeys.NO_REGISTRY)
        .withTrustExceptions(exceptions));
    print(verdict, json, out, err);
    return worse(0, verdict.status());
  }

  private static TarballDigests hash(Path file) throws UsageException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] buffer = new byte[64 * 1024];
      long size = 0;
      for (int n; (n = in.read(buffer)) > 0; size += n) {
        sha512.update(buffer, 0, n);
        sha1.update(buffer, 0, n);
      }
      return new TarballDigests(sha512.digest(), sha1.digest(), size);
    } catch (IOException e) {
      throw new UsageException("cannot read the tarball " + file + ": " + e.getMessage());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One verdict on {@code out}; a check that failed inside Hekate also leaves its stack trace on
   * {@code err}. Every value a registry, a provenance or a certificate supplied passes through
   * {@link UntrustedText#terminal} (bounded, control and bidirectional characters made visible):
   * nothing in a verdict can move the cursor, recolour the terminal or pass for another line.
   */
  static void print(Verdict verdict, boolean json, PrintStream out, PrintStream err) {
    verdict.internalCause().ifPresent(cause -> cause.printStackTrace(err));
    if (json) {
      out.println(VerdictJson.toJsonLine(verdict));
      return;
    }
    String spec = shown(verdict.packageName() + "@" + verdict.version());
    switch (verdict.status()) {
      case VERIFIED -> out.println("VERIFIED " + spec + "  " + shown(verdict.evidence().sourceRepository())
          + "@" + shown(abbreviate(verdict.evidence().commit())) + "  " + shown(verdict.evidence().workflow()));
      case FAILED -> {
        var failure = verdict.firstFailure().orElseThrow();
        out.println("FAILED   " + spec + "  " + failure.attestation() + " " + failure.result().id().wireName()
            + " (" + failure.result().kind().orElseThrow().wireName() + "): " + shown(failure.result().detail()));
        failure.result().expected().ifPresent(v -> out.println("         expected: " + shown(v)));
        failure.result().actual().ifPresent(v -> out.println("         actual:   " + shown(v)));
      }
      case MISSING -> out.println("MISSING  " + spec + "  no provenance" + (verdict.regression()
          ? " (REGRESSION: an earlier version of this major line had provenance)" : ""));
      case ERROR -> out.println("ERROR    " + spec + "  " + shown(verdict.error().orElse("")));
    }
    for (Finding finding : verdict.findings()) {
      out.println("         finding " + finding.type().wireName() + ": " + shown(finding.message())
          + finding.expected().map(e -> " (expected " + shown(e) + ", actual " + shown(finding.actual().orElse("")) + ")")
              .orElse(""));
    }
  }

  private static String shown(String untrusted) {
    return UntrustedText.terminal(untrusted);
  }

  private static int worse(int exit, Status status) {
    return switch (status) {
      case VERIFIED -> exit;
      case FAILED, MISSING -> 1;
      case ERROR -> exit == 1 ? 1 : 3;
    };
  }

  private static String abbreviate(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

}
