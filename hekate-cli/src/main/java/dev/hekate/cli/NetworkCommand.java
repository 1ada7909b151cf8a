package dev.hekate.cli;

import static dev.hekate.lambda.ClientWiring.Profile.COMMAND_LINE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.json.Json;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.Integrity;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.registry.RegistryException;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.text.UntrustedText;
import dev.hekate.core.vsa.NetworkAnswer;
import dev.hekate.core.vsa.Peers;
import dev.hekate.core.vsa.VerifierNetwork;
import dev.hekate.core.vsa.VsaCheck;
import dev.hekate.lambda.ClientWiring;
import dev.hekate.lambda.vsa.HttpPeerTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hekate network verify}: asks several Hekate deployments for their signed summaries of a
 * version and answers VERIFIED only when at least K of them, each checked against the keys pinned
 * in {@code peers.json}, agree PASSED about the tarball the registry serves (fetched here, not
 * taken from any peer). Every peer that disagrees or could not be used is named with why.
 */
final class NetworkCommand {
  static final String HELP = """
      Usage:
        hekate network verify --peers FILE [--threshold K] [--registry URL] [--max-age DURATION]
                              [--deadline SECONDS] [--require-level L]... [--json] SPEC...

      Asks every peer of FILE at once for its signed verification summary of each SPEC
      (GET {url}/v1/npm/{spec}/vsa), checks each against the keys pinned for that peer in FILE
      (never the peer's own /v1/verifier), against the peer's verifier id, and against the
      tarball's sha512 this command reads from the registry itself; then decides.

      SPEC               name@version (exact)
      --peers FILE       {"peers":[{"id": verifier id, "url": API base URL,
                                    "keys":[{"publicKeyPem": "-----BEGIN PUBLIC KEY-----..."}]}]}
      --threshold K      how many peers must agree PASSED for VERIFIED (default: a majority)
      --registry URL     where the tarball's integrity is read (default https://registry.npmjs.org/)
      --max-age D        oldest summary accepted: 90m, 2h, 1d (default 1d)
      --deadline S       seconds to wait for the peers (default 20, at most 120)
      --require-level L  a level every PASSED summary must list (SLSA_BUILD_LEVEL_2,
                         HEKATE_TIER_TRUSTED_PUBLISHER, ...); repeatable
      --json             one JSON line per SPEC

      Status per SPEC: VERIFIED (at least K peers agree PASSED), FAILED (at least K agree FAILED),
      ERROR (no K agree: not enough peers answered, or they disagree). A peer dissents when its
      summary cannot be used or says other than the answer (PASSED, or FAILED when K agreed on it);
      "agreeing" lists the others. Dissent reasons:
      unreachable, malformed, unknown_key, bad_signature, wrong_predicate, verifier_mismatch,
      subject_mismatch, stale, level_missing, other_result.
      Exit status: 0 all VERIFIED; 1 any FAILED; 3 otherwise some ERROR; 2 usage error.

        hekate network verify-vsa FILE --key PEM --verifier-id URI --resource-uri PURL
                                  (--subject-digest sha512:HEX | --integrity SRI)
                                  [--verified-level L]... [--max-age DURATION]

      Checks one summary offline (a DSSE envelope, or a bundle holding one), as slsa-verifier's
      verify-vsa does: signed by the key in PEM, by that verifier, about that package URL and
      tarball digest, listing every --verified-level asked for; --max-age (default: any age) bounds
      timeVerified. Prints PASSED or FAILED (the summary's result) or why it is refused.
      Exit status: 0 a valid PASSED summary; 1 a valid FAILED one, or refused; 2 usage error.
      """;

  private NetworkCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(HELP);
      return args.length == 0 ? 2 : 0;
    }
    if (args[0].equals("verify-vsa")) {
      try {
        return verifyVsa(java.util.Arrays.copyOfRange(args, 1, args.length), out, Clock.systemUTC());
      } catch (UsageException e) {
        err.println("hekate network verify-vsa: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
        err.println("Run 'hekate network --help' for usage.");
        return 2;
      }
    }
    if (!args[0].equals("verify")) {
      err.println("hekate network: unknown subcommand '" + UntrustedText.terminal(args[0]) + "'");
      err.print(HELP);
      return 2;
    }
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    try {
      return verify(rest, out, err, Clock.systemUTC());
    } catch (UsageException e) {
      err.println("hekate network verify: " + UntrustedText.terminal(String.valueOf(e.getMessage())));
      err.println("Run 'hekate network --help' for usage.");
      return 2;
    }
  }

  static int verify(String[] args, PrintStream out, PrintStream err, Clock clock) throws UsageException {
    Args parsed = Args.parse(args, Set.of("--json", "--help", "-h"),
        Set.of("--peers", "--threshold", "--registry", "--max-age", "--deadline"), Set.of("--require-level"));
    if (parsed.flag("--help") || parsed.flag("-h")) {
      out.print(HELP);
      return 0;
    }
    List<Peers.Peer> peers = CommonOptions.peers(parsed.required("--peers"));
    int threshold = parsed.option("--threshold").isPresent()
        ? CommonOptions.number(parsed.option("--threshold").get(), "--threshold", 1, peers.size())
        : VerifierNetwork.majority(peers.size());
    Duration maxAge = parsed.option("--max-age").isPresent() ? duration(parsed.option("--max-age").get())
        : Duration.ofDays(1);
    Duration deadline = Duration.ofSeconds(parsed.option("--deadline").isPresent()
        ? CommonOptions.number(parsed.option("--deadline").get(), "--deadline", 1, 120) : 20);
    if (parsed.positional().isEmpty()) {
      throw new UsageException("give at least one SPEC (name@version)");
    }
    List<PackageSpec> specs = new ArrayList<>();
    for (String text : parsed.positional()) {
      try {
        PackageSpec spec = PackageSpec.parse(text);
        if (spec.version().isEmpty()) {
          throw new UsageException(text + ": a summary is of an exact version (name@version)");
        }
        specs.add(spec);
      } catch (InvalidSpecException e) {
        throw new UsageException(e.getMessage());
      }
    }
    URI registryUrl = parsed.option("--registry").isPresent()
        ? CommonOptions.url(parsed.option("--registry").get(), "--registry") : RegistryConfig.NPMJS;
    RegistryClient registry = ClientWiring.registry(COMMAND_LINE, registryUrl);
    HttpClient http = HttpClient.newBuilder().connectTimeout(deadline).followRedirects(HttpClient.Redirect.NEVER)
        .build();
    List<String> levels = parsed.all("--require-level");
    int exit = 0;
    for (PackageSpec spec : specs) {
      int one = one(spec, peers, threshold, maxAge, levels, deadline, registry, http, clock, parsed.flag("--json"), out);
      // 1 (something FAILED) outranks 3 (something could not be decided), as verify-npm's exit status.
      exit = exit == 1 || one == 1 ? 1 : Math.max(exit, one);
    }
    return exit;
  }

  private static int one(PackageSpec spec, List<Peers.Peer> peers, int threshold, Duration maxAge, List<String> levels,
      Duration deadline, RegistryClient registry, HttpClient http, Clock clock, boolean json, PrintStream out) {
    String sha512;
    try {
      Packument packument = registry.packument(spec.name());
      Optional<Digest> digest = packument.resolve(spec).map(VersionDocument::dist).flatMap(d -> d.integrity())
          .flatMap(Integrity::sha512);
      if (digest.isEmpty()) {
        return report(spec, NetworkAnswer.error(threshold, "the registry gives no sha512 for this version"), json, out);
      }
      sha512 = HexFormat.of().formatHex(digest.get().value());
    } catch (RegistryException e) {
      return report(spec, NetworkAnswer.error(threshold, "the registry could not be read: " + e.getMessage()), json,
          out);
    }
    VerifierNetwork network = new VerifierNetwork(peers, threshold, maxAge, levels, deadline,
        new HttpPeerTransport(http), clock);
    return report(spec, network.ask(spec, sha512), json, out);
  }

  private static int report(PackageSpec spec, NetworkAnswer answer, boolean json, PrintStream out) {
    String specText = spec.name() + "@" + spec.version().orElseThrow();
    if (json) {
      ObjectNode node = Json.newObject();
      node.put("package", spec.name());
      node.put("version", spec.version().orElseThrow());
      node.put("status", answer.status().name());
      node.put("detail", answer.detail());
      node.put("threshold", answer.threshold());
      ArrayNode agreeing = node.putArray("agreeing");
      answer.agreeing().forEach(id -> agreeing.add(id.toString()));
      ArrayNode dissenting = node.putArray("dissent");
      for (NetworkAnswer.Dissent d : answer.dissent()) {
        dissenting.addObject().put("peer", d.peer().toString()).put("reason", d.reason()).put("message", d.message());
      }
      out.println(Json.write(node));
    } else {
      out.printf("%-9s %s  %s%n", answer.status().name(), specText, UntrustedText.terminal(answer.detail()));
      for (NetworkAnswer.Dissent d : answer.dissent()) {
        out.printf("  dissent  %s  %s: %s%n", UntrustedText.terminal(d.peer().toString()), d.reason(),
            UntrustedText.terminal(d.message()));
      }
    }
    return switch (answer.status()) {
      case VERIFIED -> 0;
      case FAILED -> 1;
      case ERROR -> 3;
    };
  }

  /** {@code verify-vsa}: one summary from a file, checked against one key, offline. */
  static int verifyVsa(String[] args, PrintStream out, Clock clock) throws UsageException {
    Args parsed = Args.parse(args, Set.of("--help", "-h"),
        Set.of("--key", "--verifier-id", "--resource-uri", "--subject-digest", "--integrity", "--max-age"),
        Set.of("--verified-level"));
    if (parsed.flag("--help") || parsed.flag("-h")) {
      out.print(HELP);
      return 0;
    }
    if (parsed.positional().size() != 1) {
      throw new UsageException("give exactly one summary FILE");
    }
    Path keyFile = Path.of(parsed.required("--key"));
    java.security.PublicKey key;
    try {
      key = dev.hekate.core.crypto.Keys.publicKeyPem(Files.readString(keyFile))
          .orElseThrow(() -> new UsageException(keyFile + " holds no public key in PEM"));
    } catch (IOException e) {
      throw new UsageException("cannot read " + keyFile + ": " + e.getMessage());
    }
    URI verifierId;
    try {
      verifierId = new URI(parsed.required("--verifier-id"));
    } catch (java.net.URISyntaxException e) {
      throw new UsageException("--verifier-id is not a URI: " + e.getReason());
    }
    String sha512 = sha512(parsed);
    Duration maxAge = parsed.option("--max-age").isPresent() ? duration(parsed.option("--max-age").get())
        : Duration.ofDays(365L * 100);
    Path file = Path.of(parsed.positional().get(0));
    byte[] summary;
    try {
      if (Files.size(file) > VsaCheck.MAX_ENVELOPE_BYTES) {
        throw new UsageException(file + " is over " + VsaCheck.MAX_ENVELOPE_BYTES + " bytes: not a summary");
      }
      summary = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
    VsaCheck.Outcome outcome = VsaCheck.check(summary,
        List.of(new VsaCheck.PinnedKey(dev.hekate.core.vsa.KeyIds.of(key), key)),
        new VsaCheck.Expectation(verifierId, parsed.required("--resource-uri"), sha512, clock.instant(), maxAge,
            parsed.all("--verified-level")));
    if (outcome.accepted().isPresent()) {
      VsaCheck.Accepted accepted = outcome.accepted().get();
      out.println((accepted.passed() ? "PASSED" : "FAILED") + "  verified at " + accepted.timeVerified()
          + ", levels " + UntrustedText.terminal(String.join(", ", accepted.levels())));
      return accepted.passed() ? 0 : 1;
    }
    out.println("REFUSED  " + outcome.reason().orElseThrow().wireName() + ": "
        + UntrustedText.terminal(outcome.message()));
    return 1;
  }

  /** The tarball's sha512 as lower-case hex, from {@code --subject-digest sha512:HEX} or {@code --integrity SRI}. */
  private static String sha512(Args parsed) throws UsageException {
    Optional<String> digest = parsed.option("--subject-digest");
    Optional<String> integrity = parsed.option("--integrity");
    if (digest.isPresent() == integrity.isPresent()) {
      throw new UsageException("give the tarball's digest once: --subject-digest sha512:HEX or --integrity SRI");
    }
    if (digest.isPresent()) {
      String text = digest.get().strip().toLowerCase(java.util.Locale.ROOT);
      if (!text.matches("sha512:[0-9a-f]{128}")) {
        throw new UsageException("--subject-digest must be sha512: and 128 hex digits");
      }
      return text.substring("sha512:".length());
    }
    return Integrity.sha512(integrity.get()).map(d -> HexFormat.of().formatHex(d.value()))
        .orElseThrow(() -> new UsageException("--integrity holds no sha512 (sha512-<base64>)"));
  }

  private static Duration duration(String text) throws UsageException {
    return CommonOptions.shortDuration(text)
        .orElseThrow(() -> new UsageException("--max-age must be a duration such as 90m, 2h or 1d"));
  }
}
