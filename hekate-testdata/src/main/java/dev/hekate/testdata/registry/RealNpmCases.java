package dev.hekate.testdata.registry;

import static dev.hekate.testdata.registry.ExpectedOutcome.FAILED;
import static dev.hekate.testdata.registry.ExpectedOutcome.MISSING;
import static dev.hekate.testdata.registry.ExpectedOutcome.VERIFIED;

import dev.hekate.testdata.registry.RealNpmCase.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Every real npm case of ../shared/realdata/npm_attestations (MANIFEST.md section 1 and its file
 * table), each ready to be published into a {@link FakeRegistry} under its real name and version.
 *
 * <pre>{@code
 * RealData.require();
 * for (RealNpmCase c : RealNpmCases.allCases()) {
 *   try (FakeRegistry registry = FakeRegistry.start()) {
 *     registry.publish(c);
 *     assertEquals(c.expected(), verify(registry.baseUrl(), c.packageName(), c.version()));
 *   }
 * }
 * }</pre>
 *
 * <p>Expected outcomes follow the manifest. Where it says only "not VERIFIED" (a response holding a
 * provenance bundle but no publish attestation), this catalogue says FAILED at the attestations
 * check: npm signs a publish attestation for every version it records provenance for, so a
 * response without one is incomplete evidence, not absent evidence.
 */
public final class RealNpmCases {

  private static final String ROOT = "npm_attestations/";
  private static final String CLI = ROOT + "slsa-verifier-cli/";
  private static final String UNIT = ROOT + "slsa-verifier-unit/";
  private static final String PLAYWRIGHT = ROOT + "sigstore-dotnet-playwright-cli/";
  private static final String PLAYWRIGHT_RESPONSE = PLAYWRIGHT + "playwright-cli-0.1.1-attestations.json";
  private static final String PLAYWRIGHT_TARBALL = PLAYWRIGHT + "playwright-cli-0.1.1.tgz";
  private static final String UNIT_GOOD = UNIT + "npm-attestations.intoto.sigstore";
  private static final String NO_PUBLISH = "npm.attestations: provenance without a publish attestation";

  private static final List<RealNpmCase> ALL = build();

  private RealNpmCases() {}

  /** All cases, in a fixed order: slsa-verifier CLI, playwright, sigstore-go, gh CLI, derived, slsa-verifier unit. */
  public static List<RealNpmCase> allCases() {
    return ALL;
  }

  /**
   * The case with this id, e.g. {@code slsa-verifier-cli/gundam-visor-cli-v1-tag}.
   *
   * @throws NoSuchElementException if there is none
   */
  public static RealNpmCase byId(String id) {
    return ALL.stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no real npm case " + id));
  }

  /** The cases a correct verifier accepts. */
  public static List<RealNpmCase> verified() {
    return ALL.stream().filter(c -> c.expected() == VERIFIED).toList();
  }

  private static List<RealNpmCase> build() {
    List<RealNpmCase> all = new ArrayList<>();

    // slsa-verifier's CLI regression data: five real responses with their tarballs, each also
    // with its provenance or its publish payload edited without re-signing.
    cli(all, "provenance-npm-test-cli-v02-prega", "@laurentsimon/provenance-npm-test", "1.0.3",
        "npm CLI on GitHub Actions (main), SLSA v0.2, bundle v0.1, intoto, SET only, npm key jl3bwswu");
    cli(all, "supreme-googles-cli-v02-tag", "@trishankatdatadog/supreme-goggles", "1.0.5",
        "npm CLI on GitHub Actions (tag v1.0.5), SLSA v0.2, bundle v0.1, intoto, SET only");
    cli(all, "provenance-npm-test-ossf", "@laurentsimon/provenance-npm-test", "1.0.5",
        "slsa-github-generator Node.js builder (builder_nodejs_slsa3.yml v1.6.0), SLSA v0.2, bundle v0.1, SET only");
    cli(all, "provenance-npm-test-cli-v1-prega", "sigstore", "2.3.1",
        "npm CLI (sigstore-js release.yml, main), SLSA v1, bundle v0.2, intoto with inclusion proof");
    cli(all, "gundam-visor-cli-v1-tag", "gundam-visor", "1.0.1",
        "npm CLI (tag v1.0.1), SLSA v1, bundle v0.2, intoto with inclusion proof");

    all.add(new RealNpmCase("sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-attestations",
        "@playwright/cli", "0.1.1", PLAYWRIGHT_RESPONSE, Format.RESPONSE, Optional.of(PLAYWRIGHT_TARBALL),
        Optional.empty(), PLAYWRIGHT_RESPONSE, VERIFIED, "",
        "2026 registry response (mitchdenny/sigstore-dotnet): publish v0.2 dsse with the rotated npm key DhQ8, "
            + "provenance SLSA v1 in a v0.3 bundle, dsse with inclusion proof"));

    String go130 = ROOT + "sigstore-go-sigstore@1.3.0/";
    all.add(new RealNpmCase("sigstore-go-sigstore@1.3.0/DERIVED-attestations-response", "sigstore", "1.3.0",
        go130 + "DERIVED-attestations-response.json", Format.RESPONSE, Optional.of(go130 + "sigstore-1.3.0.tgz"),
        Optional.empty(), go130 + "DERIVED-attestations-response.json", VERIFIED, "",
        "sigstore-go's publish and provenance bundles for sigstore@1.3.0 assembled into a response (DERIVED, "
            + "bundles unchanged); SLSA v0.2, bundle v0.1, SET only; tarball from npm pack"));

    String go200 = ROOT + "sigstore-go-sigstore@2.0.0/";
    String go200Bundle = go200 + "sigstore.js@2.0.0-provenance.sigstore.json";
    all.add(new RealNpmCase("sigstore-go-sigstore@2.0.0/sigstore.js@2.0.0-provenance.sigstore", "sigstore",
        "2.0.0", go200Bundle, Format.PROVENANCE_BUNDLE, Optional.of(go200 + "sigstore-2.0.0.tgz"), Optional.empty(),
        go200Bundle, FAILED, NO_PUBLISH,
        "sigstore@2.0.0's real provenance (SLSA v1, bundle v0.1, intoto with proof) alone: valid as a bundle, "
            + "but the publish attestation was not recorded"));

    String gh = ROOT + "gh-cli-sigstore-js-2.1.0/";
    for (String rendering : List.of("sigstore-js-2.1.0-bundle-v0.1", "sigstore-js-2.1.0-bundle")) {
      String file = gh + rendering + ".json";
      all.add(new RealNpmCase("gh-cli-sigstore-js-2.1.0/" + rendering, "sigstore", "2.1.0", file,
          Format.PROVENANCE_BUNDLE, Optional.of(gh + "sigstore-js-2.1.0.tgz"), Optional.empty(), file, FAILED,
          NO_PUBLISH, "sigstore@2.1.0's real provenance from cli/cli's test data ("
              + (rendering.endsWith("v0.1") ? "bundle v0.1" : "re-expressed as bundle v0.3")
              + ", intoto with proof) alone: no publish attestation"));
    }

    String derived = ROOT + "_DERIVED/";
    all.add(new RealNpmCase("_DERIVED/MIXED-publish_playwright-cli@0.1.1+provenance_sigstore@2.3.1",
        "@playwright/cli", "0.1.1", derived + "MIXED-publish_playwright-cli@0.1.1+provenance_sigstore@2.3.1.json",
        Format.RESPONSE, Optional.of(PLAYWRIGHT_TARBALL), Optional.empty(), PLAYWRIGHT_RESPONSE, FAILED,
        "npm.subject: the provenance is sigstore@2.3.1's",
        "playwright's valid publish attestation with sigstore@2.3.1's valid provenance, served for @playwright/cli@0.1.1"));
    all.add(new RealNpmCase("_DERIVED/playwright-cli-0.1.1-attestations.PUBLISH-ONLY", "@playwright/cli", "0.1.1",
        derived + "playwright-cli-0.1.1-attestations.PUBLISH-ONLY.json", Format.RESPONSE,
        Optional.of(PLAYWRIGHT_TARBALL), Optional.empty(), PLAYWRIGHT_RESPONSE, MISSING,
        "no provenance (publish attestation only)",
        "the real playwright response with its provenance entry removed"));
    all.add(new RealNpmCase("_DERIVED/playwright-cli-0.1.1-attestations.REORDERED-provenance-first",
        "@playwright/cli", "0.1.1", derived + "playwright-cli-0.1.1-attestations.REORDERED-provenance-first.json",
        Format.RESPONSE, Optional.of(PLAYWRIGHT_TARBALL), Optional.empty(), PLAYWRIGHT_RESPONSE, VERIFIED, "",
        "the real playwright response with its two entries swapped: attestations are chosen by predicate type"));
    all.add(new RealNpmCase("_DERIVED/playwright-cli-0.1.1.TAMPERED-appended-byte", "@playwright/cli", "0.1.1",
        PLAYWRIGHT_RESPONSE, Format.RESPONSE, Optional.of(PLAYWRIGHT_TARBALL),
        Optional.of(derived + "playwright-cli-0.1.1.TAMPERED-appended-byte.tgz"), PLAYWRIGHT_RESPONSE, FAILED,
        "npm.tarball: the served tarball does not hash to dist.integrity",
        "the real playwright response and true integrity, but the tarball served has one byte appended"));

    // slsa-verifier's unit-test responses for @laurentsimon/provenance-npm-test@1.0.0. Its tarball
    // was not recorded: dist.integrity comes from the good response's provenance subject.
    // Caveat: this is pre-GA npm provenance (buildType https://github.com/npm/cli/gha@v1, builder
    // https://github.com/npm/cli@9.5.0). slsa-verifier's unit tests pass it, but its CLI's builder rule
    // (actions/runner only) would not; a verifier that supports only GA build types refuses it at
    // the provenance builder check.
    unit(all, "npm-attestations", VERIFIED, "",
        "the real response (2023-02, pre-GA SLSA v0.2 by npm CLI 9.5.0: build type https://github.com/npm/cli/gha@v1, "
            + "builder https://github.com/npm/cli@9.5.0; bundle v0.1, SET only; provenance listed first)");
    unit(all, "npm-att-mismatch-prov-payloadtype", FAILED, "provenance DSSE payload type",
        "provenance envelope payloadType changed to application/vnd.in-toto+jsonA (also breaks its signature)");
    unit(all, "npm-att-mismatch-prov-predicatetype", FAILED, "npm.attestations: provenance entry mislabelled",
        "outer predicateType of the provenance entry changed to https://slsa.dev/provenanc/v0.2 (bundle intact)");
    unit(all, "npm-att-mismatch-pub-payloadtype", FAILED, "provenance DSSE payload type",
        "upstream quirk: despite the name, the provenance envelope's payloadType is the one changed");
    unit(all, "npm-att-mismatch-pub-predicatetype", FAILED, "npm.attestations: publish entry mislabelled",
        "outer predicateType of the publish entry changed to …/specs/publis/v0.1 (bundle intact)");
    unit(all, "npm-att-prov-invalid-signature", FAILED, "provenance signature",
        "provenance payload edited (a digest's last hex character and a newline) without re-signing");
    unit(all, "npm-att-publish-invalid-signature", FAILED, "publish signature",
        "publish payload rewritten (subject digest made a bare string) without re-signing");
    unit(all, "npm-att-publish-nodigest", FAILED, "publish signature (subject digest removed)",
        "publish payload re-serialised without its subject digest, not re-signed");
    unit(all, "npm-att-publish-nosubjects", FAILED, "publish signature (no subject)",
        "publish payload re-serialised without subjects, not re-signed");
    unit(all, "npm-stmt-mismatch-prov-predicatetype", FAILED, "provenance signature (statement predicateType edited)",
        "provenance statement predicateType changed to …/provenanc/v0.2, not re-signed");
    unit(all, "npm-stmt-mismatch-prov-type", FAILED, "provenance signature (statement _type edited)",
        "provenance statement _type changed to …/StatementA/v0.1, not re-signed");
    unit(all, "npm-stmt-mismatch-pub-predicatetype", FAILED, "publish signature (statement predicateType edited)",
        "publish statement predicateType changed, not re-signed");
    unit(all, "npm-stmt-mismatch-pub-type", FAILED, "publish signature (statement _type edited)",
        "publish statement _type changed, not re-signed");
    return List.copyOf(all);
  }

  private static void cli(List<RealNpmCase> all, String base, String name, String version, String what) {
    String good = CLI + base + ".tgz.json";
    all.add(new RealNpmCase("slsa-verifier-cli/" + base, name, version, good, Format.RESPONSE,
        Optional.of(CLI + base + ".tgz"), Optional.empty(), good, VERIFIED, "",
        "slsa-verifier regression data, real registry response: " + what));
    all.add(new RealNpmCase("slsa-verifier-cli/" + base + "-invalidsigprov", name, version,
        CLI + base + "-invalidsigprov.tgz.json", Format.RESPONSE, Optional.of(CLI + base + "-invalidsigprov.tgz"),
        Optional.empty(), good, FAILED, "provenance signature",
        "the " + base + " response with its provenance payload edited upstream without re-signing"));
    all.add(new RealNpmCase("slsa-verifier-cli/" + base + "-invalidsigpub", name, version,
        CLI + base + "-invalidsigpub.tgz.json", Format.RESPONSE, Optional.of(CLI + base + "-invalidsigpub.tgz"),
        Optional.empty(), good, FAILED, "publish signature",
        "the " + base + " response with its publish payload edited upstream without re-signing"));
  }

  private static void unit(List<RealNpmCase> all, String base, ExpectedOutcome expected, String area, String what) {
    all.add(new RealNpmCase("slsa-verifier-unit/" + base, "@laurentsimon/provenance-npm-test", "1.0.0",
        UNIT + base + ".intoto.sigstore", Format.RESPONSE, Optional.empty(), Optional.empty(), UNIT_GOOD,
        expected, area, "slsa-verifier unit-test response (no tarball recorded): " + what));
  }
}
