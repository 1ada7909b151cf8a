package dev.hekate.cli;

import static dev.hekate.lambda.ClientWiring.Profile.COMMAND_LINE;

import dev.hekate.cli.lockfile.SarifReport;
import dev.hekate.core.github.GitHubClient;
import dev.hekate.core.github.GitHubConfig;
import dev.hekate.core.json.Json;
import dev.hekate.core.lockfile.LockedPackage;
import dev.hekate.core.lockfile.Lockfile;
import dev.hekate.core.lockfile.LockfileComparison;
import dev.hekate.core.lockfile.LockfileException;
import dev.hekate.core.lockfile.LockfilePolicy;
import dev.hekate.core.lockfile.LockfileResult;
import dev.hekate.core.lockfile.LockfileVerification;
import dev.hekate.core.lockfile.Lockfiles;
import dev.hekate.core.lockfile.NotCheckable;
import dev.hekate.core.lockfile.PolicyException;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.text.UntrustedText;
import dev.hekate.lambda.ApiHandler;
import dev.hekate.lambda.ClientWiring;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code hekate verify-lockfile}: every npm registry package a project's lockfiles install, verified
 * as {@code verify-npm} verifies one, with the lockfile's own integrity and tarball URL compared to
 * the registry's, judged by a policy file. Exit status as {@code verify-npm}: 0 every version passes
 * the policy, 1 one fails it, 3 some could not be checked (retry), 2 usage or an unreadable lockfile
 * — before any request.
 */
final class VerifyLockfileCommand {
  static final String HELP = """
      Usage:
        hekate verify-lockfile [options] [LOCKFILE...]
        hekate verify-lockfile --list [LOCKFILE...]

      Verifies every package version a lockfile installs from the npm registry: SLSA provenance,
      npm's publish attestation and the registry's signature (as verify-npm), the lockfile's own
      integrity and tarball URL against the registry's (lockfile_integrity_mismatch,
      lockfile_resolved_mismatch), and what the policy file requires of each package.

      LOCKFILE           package-lock.json (v1, v2, v3), npm-shrinkwrap.json, pnpm-lock.yaml (6.0 to
                         9.0), yarn.lock (classic or berry); default: those in the current directory
      --list             print the name@version of every registry package, one per line, sorted,
                         and exit; no request is made
      --policy FILE      the policy (docs/lockfile-policy.md); default: hekate.json or .hekate.yaml
                         beside the first LOCKFILE, else verify-npm's rules
      --registry URL     the registry (default https://registry.npmjs.org/); every tarball URL in the
                         lockfile must be on its host (registry.yarnpkg.com counts as npmjs)
      --skip-other-hosts list packages resolved from another host as not checkable instead of
                         refusing the lockfile
      --concurrency N    packages verified at once (default 16, at most 64)
      --json             one JSON verdict per line, with a "lockfile" member, then a summary line
      --sarif FILE       also write the results as SARIF 2.1.0 (GitHub code scanning)
      --github           ask the GitHub API about each provenance's workflow run (GITHUB_TOKEN)
      --github-url URL   GitHub API base (default https://api.github.com/)
      --trusted-root F   a Sigstore trusted_root.json (default: embedded public-good root)
      --npm-keys F       npm registry keys, TUF keys.json form (default: embedded)
      --trust-exclude E  accept a trust downgrade of E (NAME or NAME@VERSION); repeatable, added to
                         the policy's allowDowngrade

      Git, file, link, workspace and tarball-URL dependencies are listed as not checkable, with why.
      Exit status: 0 every version passes the policy; 1 one fails it (FAILED, MISSING, not found, a
      lockfile finding, a policy rule — docs/lockfile-policy.md); 3 none fails but some could not be
      checked (ERROR: retry); 2 usage error or a lockfile Hekate refuses, before any request.
      """;

  /** What {@code npm}, {@code pnpm} and {@code yarn} leave in a project directory, in that order. */
  static final List<String> DEFAULT_NAMES = List.of("npm-shrinkwrap.json", "package-lock.json", "pnpm-lock.yaml",
      "yarn.lock");

  private VerifyLockfileCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv(), Path.of(""));
  }

  /**
   * @param env the environment ({@value ClientWiring#GITHUB_TOKEN} for --github)
   * @param directory where the default lockfiles are looked for
   */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Path directory) {
    try {
      Args parsed = Args.parse(args, Set.of("--list", "--json", "--github", "--skip-other-hosts", "--help", "-h"),
          Set.of("--policy", "--registry", "--concurrency", "--sarif", "--github-url", "--trusted-root", "--npm-keys"),
          Set.of(CommonOptions.TRUST_EXCLUDE));
      if (parsed.flag("--help") || parsed.flag("-h")) {
        out.print(HELP);
        return 0;
      }
      Map<Path, Lockfile> lockfiles = read(files(parsed.positional(), directory));
      if (parsed.flag("--list")) {
        TreeSet<String> specs = new TreeSet<>();
        lockfiles.values().forEach(l -> specs.addAll(l.specs()));
        specs.forEach(spec -> out.println(UntrustedText.terminal(spec)));
        return 0;
      }
      return verify(parsed, lockfiles, out, err, env);
    } catch (UsageException e) {
      err.println("hekate verify-lockfile: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate verify-lockfile --help' for usage.");
      return 2;
    }
  }

  private static List<Path> files(List<String> given, Path directory) throws UsageException {
    if (!given.isEmpty()) {
      return given.stream().map(Path::of).toList();
    }
    List<Path> found = new ArrayList<>();
    for (String name : DEFAULT_NAMES) {
      Path file = directory.resolve(name);
      // npm installs from npm-shrinkwrap.json and ignores package-lock.json when both exist.
      if (Files.isRegularFile(file) && !(name.equals("package-lock.json")
          && Files.isRegularFile(directory.resolve("npm-shrinkwrap.json")))) {
        found.add(file);
      }
    }
    if (found.isEmpty()) {
      throw new UsageException("no lockfile in " + directory.toAbsolutePath().normalize() + " (looked for "
          + String.join(", ", DEFAULT_NAMES) + "); name one");
    }
    return found;
  }

  /** Every lockfile read and parsed before anything else happens: a bad one stops the run with no request. */
  private static Map<Path, Lockfile> read(List<Path> files) throws UsageException {
    Map<Path, Lockfile> lockfiles = new LinkedHashMap<>();
    for (Path file : files) {
      try {
        lockfiles.put(file, Lockfiles.read(file));
      } catch (LockfileException e) {
        throw new UsageException(file + ": " + e.getMessage());
      } catch (IOException e) {
        throw new UsageException("cannot read " + file + ": " + e.getMessage());
      }
    }
    return lockfiles;
  }

  private static int verify(Args args, Map<Path, Lockfile> lockfiles, PrintStream out, PrintStream err,
      Map<String, String> env) throws UsageException {
    URI registryUrl = args.option("--registry").isPresent()
        ? CommonOptions.url(args.option("--registry").get(), "--registry") : RegistryConfig.NPMJS;
    int concurrency = args.option("--concurrency").isPresent()
        ? CommonOptions.number(args.option("--concurrency").get(), "--concurrency", 1, LockfileVerification.MAX_CONCURRENCY)
        : LockfileVerification.DEFAULT_CONCURRENCY;
    LockfilePolicy policy = policy(args, lockfiles.keySet().iterator().next());
    boolean skipOtherHosts = args.flag("--skip-other-hosts");
    String registryHost = LockfileComparison.registryHost(registryUrl.toString()).orElseThrow();

    List<LockedPackage> packages = new ArrayList<>();
    Map<Path, List<NotCheckable>> notCheckable = new LinkedHashMap<>();
    for (Map.Entry<Path, Lockfile> entry : lockfiles.entrySet()) {
      List<NotCheckable> skipped = new ArrayList<>(entry.getValue().notCheckable());
      for (LockedPackage locked : entry.getValue().packages()) {
        checkSpec(entry.getKey(), locked);
        Optional<String> host = locked.resolved().flatMap(LockfileComparison::registryHost);
        if (host.isPresent() && !host.get().equals(registryHost)) {
          if (!skipOtherHosts) {
            throw new UsageException(entry.getKey() + ":" + locked.line() + ": " + locked.spec()
                + " is installed from " + host.get() + ", not from the registry verified against (" + registryHost
                + "); give that registry with --registry, or --skip-other-hosts to leave such packages unchecked");
          }
          skipped.add(new NotCheckable(locked.spec(), "installed from another host (" + host.get() + ")", locked.line()));
          continue;
        }
        packages.add(locked);
      }
      notCheckable.put(entry.getKey(), skipped);
    }

    NpmVerifier verifier = new NpmVerifier(CommonOptions.trustedRoot(args), CommonOptions.npmKeys(args));
    Optional<GitHubClient> github = Optional.empty();
    if (args.flag("--github")) {
      URI gitHubUrl = args.option("--github-url").isPresent()
          ? CommonOptions.url(args.option("--github-url").get(), "--github-url") : GitHubConfig.GITHUB_API;
      github = Optional.of(ClientWiring.gitHub(COMMAND_LINE, gitHubUrl, ClientWiring.gitHubToken(env)));
    }
    RegistryClient registry = ClientWiring.registry(COMMAND_LINE, registryUrl);
    NpmService service = ClientWiring.npmService(registry, verifier, github, false,
        policy.trustExceptions().plus(CommonOptions.trustExceptions(args)));
    boolean json = args.flag("--json");
    LockfileOutput output = new LockfileOutput(out, err, json, SweepCommand.interactive());
    long start = System.nanoTime();
    List<LockfileResult> results = new LockfileVerification(registry, service, concurrency)
        .verify(packages, policy::result, output::progress);
    output.finished(results, lockfiles, notCheckable, System.nanoTime() - start);
    if (args.option("--sarif").isPresent()) {
      writeSarif(Path.of(args.option("--sarif").get()), lockfiles, results, policy, err);
    }
    return exitStatus(results);
  }

  private static LockfilePolicy policy(Args args, Path firstLockfile) throws UsageException {
    try {
      if (args.option("--policy").isPresent()) {
        return LockfilePolicy.load(Path.of(args.option("--policy").get()));
      }
      Optional<Path> beside = LockfilePolicy.beside(firstLockfile);
      return beside.isPresent() ? LockfilePolicy.load(beside.get()) : LockfilePolicy.DEFAULT;
    } catch (PolicyException e) {
      throw new UsageException("the policy is refused: " + e.getMessage());
    }
  }

  /** A name or version a request could not be made with is the lockfile's fault: refused before any request. */
  private static void checkSpec(Path file, LockedPackage locked) throws UsageException {
    try {
      PackageSpec.of(locked.name(), locked.version());
    } catch (InvalidSpecException e) {
      throw new UsageException(file + ":" + locked.line() + ": " + e.getMessage());
    }
  }

  private static void writeSarif(Path file, Map<Path, Lockfile> lockfiles, List<LockfileResult> results,
      LockfilePolicy policy, PrintStream err) throws UsageException {
    Map<String, LockfileResult> bySpec = new LinkedHashMap<>();
    results.forEach(r -> bySpec.put(r.locked().spec(), r));
    Map<String, List<LockfileResult>> byLockfile = new LinkedHashMap<>();
    for (Map.Entry<Path, Lockfile> lockfile : lockfiles.entrySet()) {
      // Each lockfile's results at its own entry of the version: the first, as the verification took.
      Map<String, LockedPackage> entries = new LinkedHashMap<>();
      lockfile.getValue().packages().forEach(p -> entries.putIfAbsent(p.spec(), p));
      List<LockfileResult> here = new ArrayList<>();
      entries.forEach((spec, locked) -> {
        LockfileResult result = bySpec.get(spec);
        if (result != null) {
          here.add(new LockfileResult(locked, result.verdict(), result.notFound(), result.violations(), result.fails()));
        }
      });
      byLockfile.put(uri(lockfile.getKey()), here);
    }
    try (OutputStream stream = Files.newOutputStream(file)) {
      stream.write((Json.write(SarifReport.sarif(byLockfile, policy, ApiHandler.VERSION)) + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UsageException("cannot write the SARIF file " + file + ": " + e.getMessage());
    }
    err.println("hekate verify-lockfile: SARIF written to " + file);
  }

  /** The lockfile as SARIF locates it: relative to the working directory when under it, with '/' separators. */
  static String uri(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    Path shown = absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute;
    return shown.toString().replace('\\', '/');
  }

  /** 1 when a result fails the policy, else 3 when one could not be checked, else 0. */
  static int exitStatus(List<LockfileResult> results) {
    int exit = 0;
    for (LockfileResult result : results) {
      if (result.fails()) {
        return 1;
      }
      if (result.verdict().isPresent() && result.verdict().get().status() == dev.hekate.core.npm.Status.ERROR) {
        exit = 3;
      }
    }
    return exit;
  }
}
