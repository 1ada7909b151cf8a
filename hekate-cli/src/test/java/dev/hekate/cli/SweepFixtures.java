package dev.hekate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.RealData;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.NpmAttack;
import dev.hekate.testdata.registry.RealNpmCase;
import dev.hekate.testdata.registry.RealNpmCases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the sweep tests share: a loopback registry with real recorded cases and minted packages
 * of every kind a sweep tells apart, trust material covering both (the public-good root and the
 * fake Sigstore's, merged), and an in-process run of {@code hekate sweep} with a given environment.
 */
final class SweepFixtures {
  static final FakeSigstore SIGSTORE = FakeSigstore.create();

  /** Real cases, by id, published under their real names: two VERIFIED, one FAILED. */
  static final List<String> REAL_CASES = List.of(
      "sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-attestations",
      "slsa-verifier-cli/supreme-googles-cli-v02-tag",
      "slsa-verifier-cli/gundam-visor-cli-v1-tag-invalidsigprov");
  static final List<String> REAL_NAMES = List.of("@playwright/cli", "@trishankatdatadog/supreme-goggles", "gundam-visor");

  static final String HONEST = "honest-a";
  static final String INTEGRITY = "victim-int";
  static final String REGRESSED = "victim-reg";
  static final String NEVER_HAD = "never-had";
  static final String GONE = "gone";
  static final String DOWN = "down-pkg";
  static final List<String> MINTED = List.of(HONEST, INTEGRITY, REGRESSED, NEVER_HAD, GONE, DOWN);

  /** Covers every fixture version: the real cases (2023 on) and the minted ones (2025, some 60 days earlier). */
  static final String SINCE = "2020-01-01T00:00:00Z";

  private SweepFixtures() {}

  /** Publishes the minted packages ({@link #GONE} is left unpublished, {@link #DOWN} answers 503). */
  static void publishMinted(FakeRegistry registry) {
    GeneratedNpm.publishVerified(registry, SIGSTORE, HONEST, "1.0.0", BundleGeneration.V03_DSSE);
    NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, SIGSTORE, INTEGRITY);
    NpmAttack.LATER_VERSION_WITHOUT_PROVENANCE.publish(registry, SIGSTORE, REGRESSED);
    NpmAttack.NO_ATTESTATIONS.publish(registry, SIGSTORE, NEVER_HAD);
    GeneratedNpm.publishVerified(registry, SIGSTORE, DOWN, "1.0.0", BundleGeneration.V02_INTOTO_PROOF);
    registry.setStatus(DOWN, 503);
  }

  /** Publishes the real cases; skips the calling test when ../shared/realdata is absent. */
  static void publishReal(FakeRegistry registry) {
    RealData.require();
    for (String id : REAL_CASES) {
      RealNpmCase realCase = RealNpmCases.byId(id);
      registry.publish(realCase);
    }
  }

  /** Writes a watchlist of {@code names}. */
  static Path watchlist(Path dir, List<String> names) throws IOException {
    Path file = dir.resolve("watchlist.txt");
    Files.writeString(file, "# test watchlist\n" + String.join("\n", names) + "\n");
    return file;
  }

  /**
   * A trusted root and npm keys trusting both Sigstore public-good (the real cases) and the fake
   * Sigstore (the minted packages): the arrays of both documents, concatenated.
   *
   * @return the trusted root and the keys file
   */
  static List<Path> trust(Path dir) throws IOException {
    ObjectNode root = (ObjectNode) Json.mapper().readTree(EmbeddedTrust.resource("trusted_root.json"));
    JsonNode fakeRoot = Json.mapper().readTree(SIGSTORE.trustedRootJson());
    for (String field : List.of("tlogs", "certificateAuthorities", "ctlogs", "timestampAuthorities")) {
      ArrayNode merged = root.withArray(field);
      fakeRoot.path(field).forEach(merged::add);
    }
    ObjectNode keys = (ObjectNode) Json.mapper().readTree(EmbeddedTrust.resource("npm_keys.json"));
    Json.mapper().readTree(SIGSTORE.npmKeysJson()).path("keys").forEach(keys.withArray("keys")::add);
    Path rootFile = dir.resolve("trusted_root.json");
    Path keysFile = dir.resolve("npm_keys.json");
    Files.writeString(rootFile, Json.write(root));
    Files.writeString(keysFile, Json.write(keys));
    return List.of(rootFile, keysFile);
  }

  /** The arguments of a sweep of {@code watchlist} over {@code registry}, with the merged trust. */
  static List<String> args(FakeRegistry registry, Path watchlist, Path dir) throws IOException {
    List<Path> trust = trust(dir);
    return new ArrayList<>(List.of("--registry", registry.baseUrl().toString(), "--watchlist", watchlist.toString(),
        "--since", SINCE, "--trusted-root", trust.get(0).toString(), "--npm-keys", trust.get(1).toString()));
  }

  /** Runs {@code hekate sweep} in-process with {@code env} (not the process's environment). */
  static CliRun sweep(Map<String, String> env, boolean interactive, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = SweepCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), interactive);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A tag as Datadog stores it: lower case, characters other than {@code a-z 0-9 _ - : . /} as
   * {@code _}, 200 characters at most. Written here from Datadog's documentation, not taken from
   * the code under test.
   */
  static String tag(String key, String value) {
    String lower = (key + ":" + value).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_\\-:./]", "_");
    return lower.length() > 200 ? lower.substring(0, 200) : lower;
  }
}
