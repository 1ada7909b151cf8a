package dev.hekate.core.vsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import dev.hekate.testdata.registry.NpmAttack;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each field of a summary against the rules of the SLSA VSA v1 specification and the in-toto
 * Statement v1, on verdicts reached by the real service over a loopback registry.
 */
class VerificationSummaryTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final VerifierIdentity VERIFIER = new VerifierIdentity(URI.create("https://hekate.example/"), "0.1.0");
  private static final VsaPolicy POLICY = VsaPolicy.of(URI.create("https://hekate.example/v1/verifier#policy"),
      List.of(CheckId.DSSE_SIGNATURE, CheckId.NPM_INTEGRITY), Map.of("registry", "https://registry.npmjs.org/"));
  private static final Instant NOW = Instant.parse("2026-12-06T10:11:12.345Z");
  private static final Pattern RFC3339_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

  private static FakeRegistry registry;
  private static NpmService service;
  private static GeneratedPackage honest;

  @BeforeAll
  static void start() throws Exception {
    registry = FakeRegistry.start();
    honest = GeneratedNpm.publishVerified(registry, SIGSTORE, "@hekate/vsa", "1.2.3", BundleGeneration.V03_DSSE);
    NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, SIGSTORE, "vsa-tampered");
    NpmAttack.NO_ATTESTATIONS.publish(registry, SIGSTORE, "vsa-missing");
    RegistryClient client = RegistryClient.create(RegistryConfig.defaults().withBaseUrl(registry.baseUrl())
        .withSleeper(d -> {}));
    service = new NpmService(client, new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson())), Optional.empty(), false);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  private static NpmService.Checked check(String spec) throws Exception {
    return service.check(PackageSpec.parse(spec));
  }

  private static VerificationSummary.Input input(NpmService.Checked checked, String spec) {
    RegistryAnswer answer = checked.answer().orElseThrow();
    return new VerificationSummary.Input(VERIFIER, POLICY, NOW, answer.integrity(),
        registry.baseUrl().resolve("-/npm/v1/attestations/" + spec), answer.attestationsSha256());
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  @Test
  void aVerifiedVersionsSummaryHasEveryRequiredFieldAsTheSpecificationSays() throws Exception {
    NpmService.Checked checked = check("@hekate/vsa@1.2.3");
    assertEquals(Status.VERIFIED, checked.verdict().status(), checked.verdict().toString());
    JsonNode s = VerificationSummary.statement(checked.verdict(), input(checked, "@hekate/vsa@1.2.3"));

    assertEquals("https://in-toto.io/Statement/v1", s.path("_type").asText());
    assertEquals("https://slsa.dev/verification_summary/v1", s.path("predicateType").asText());
    assertEquals(1, s.path("subject").size());
    JsonNode subject = s.path("subject").get(0);
    assertEquals("pkg:npm/%40hekate/vsa@1.2.3", subject.path("name").asText(), "a package URL, the scope's @ encoded");
    assertEquals(hex("SHA-512", honest.tarball()), subject.at("/digest/sha512").asText(),
        "the subject is the tarball's sha512, lower-case hex");
    assertEquals(1, subject.path("digest").size());

    JsonNode p = s.path("predicate");
    assertEquals("https://hekate.example/", p.at("/verifier/id").asText());
    assertTrue(URI.create(p.at("/verifier/id").asText()).isAbsolute(), "verifier.id is a URI");
    assertEquals("0.1.0", p.at("/verifier/version/hekate").asText(), "verifier.version maps component to version");
    assertTrue(RFC3339_UTC.matcher(p.path("timeVerified").asText()).matches(), p.path("timeVerified").asText());
    assertEquals(NOW.getEpochSecond(), OffsetDateTime.parse(p.path("timeVerified").asText()).toEpochSecond());
    assertEquals(subject.path("name").asText(), p.path("resourceUri").asText());
    assertEquals("https://hekate.example/v1/verifier#policy", p.at("/policy/uri").asText());
    assertEquals(hex("SHA-256", POLICY.document()), p.at("/policy/digest/sha256").asText());
    assertEquals(1, p.path("inputAttestations").size());
    JsonNode attestations = p.path("inputAttestations").get(0);
    assertTrue(attestations.path("uri").asText().endsWith("/-/npm/v1/attestations/@hekate/vsa@1.2.3"),
        attestations::toString);
    assertEquals(hex("SHA-256", honest.attestations()), attestations.at("/digest/sha256").asText(),
        "the attestations response as served, byte for byte");
    assertEquals("PASSED", p.path("verificationResult").asText());
    List<String> levels = new ArrayList<>();
    p.path("verifiedLevels").forEach(l -> levels.add(l.asText()));
    assertEquals(List.of("SLSA_BUILD_LEVEL_2", "HEKATE_NPM_PUBLISH_ATTESTED", "HEKATE_TIER_PROVENANCE"), levels,
        "npm CLI provenance on a GitHub-hosted runner is build L2; then Hekate's own levels");
    assertEquals(1, levels.stream().filter(l -> l.startsWith("SLSA_BUILD_LEVEL_")).count(), "one level per track");
    assertTrue(levels.stream().filter(l -> !l.startsWith("SLSA_BUILD_LEVEL_")).noneMatch(l -> l.startsWith("SLSA_")),
        "custom levels never use the SLSA_ prefix");
    assertEquals("1.0", p.path("slsaVersion").asText());
    assertEquals("VERIFIED", p.at("/hekateVerdict/status").asText());
    assertEquals("provenance", p.at("/hekateVerdict/tier").asText());
    assertFalse(p.at("/hekateVerdict/regression").asBoolean());
  }

  @Test
  void failedAndMissingVersionsAreFailedSummariesAndAnErrorHasNone() throws Exception {
    NpmService.Checked tampered = check("vsa-tampered");
    assertEquals(Status.FAILED, tampered.verdict().status());
    JsonNode failed = VerificationSummary.statement(tampered.verdict(),
        input(tampered, "vsa-tampered@" + tampered.verdict().version()));
    assertEquals("FAILED", failed.at("/predicate/verificationResult").asText());
    assertEquals("[\"FAILED\"]", failed.at("/predicate/verifiedLevels").toString());
    assertEquals("FAILED", failed.at("/predicate/hekateVerdict/status").asText());

    NpmService.Checked missing = check("vsa-missing");
    assertEquals(Status.MISSING, missing.verdict().status());
    JsonNode none = VerificationSummary.statement(missing.verdict(),
        input(missing, "vsa-missing@" + missing.verdict().version()));
    assertEquals("FAILED", none.at("/predicate/verificationResult").asText());
    assertEquals(0, none.at("/predicate/inputAttestations").size(), "no attestations were served");
    assertEquals("MISSING", none.at("/predicate/hekateVerdict/status").asText());
    String registryIntegrity = missing.answer().orElseThrow().integrity();
    assertEquals(HexFormat.of().formatHex(dev.hekate.core.registry.Integrity.sha512(registryIntegrity).orElseThrow()
        .value()), none.at("/subject/0/digest/sha512").asText(), "without evidence the registry's integrity is named");

    Verdict error = Verdict.error("x", "1.0.0", "registry down");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> VerificationSummary.statement(error, input(missing, "x@1.0.0")));
    assertTrue(refused.getMessage().contains("ERROR"), refused.getMessage());
  }

  @Test
  void aVersionWithoutASha512HasNoSubjectAndNoSummary() throws Exception {
    NpmService.Checked missing = check("vsa-missing");
    VerificationSummary.Input noDigest = new VerificationSummary.Input(VERIFIER, POLICY, NOW, "sha1-AAAA",
        URI.create("https://registry.example/x"), Optional.empty());
    assertThrows(IllegalArgumentException.class, () -> VerificationSummary.statement(missing.verdict(), noDigest));
  }

  @Test
  void packageUrlsEncodeScopesAndUnusualCharacters() {
    assertEquals("pkg:npm/left-pad@1.3.0", VerificationSummary.packageUrl("left-pad", "1.3.0"));
    assertEquals("pkg:npm/%40scope/name@1.0.0-rc.1%2Bbuild", VerificationSummary.packageUrl("@scope/name",
        "1.0.0-rc.1+build"));
  }

  @Test
  void findingsInTheCompanionFieldAreBounded() throws Exception {
    NpmService.Checked checked = check("@hekate/vsa@1.2.3");
    List<dev.hekate.core.npm.Finding> many = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      many.add(dev.hekate.core.npm.Finding.of(dev.hekate.core.npm.FindingType.REPOSITORY_MISMATCH, "m",
          "x".repeat(10_000), "y"));
    }
    ObjectNode s = VerificationSummary.statement(checked.verdict().withFindings(many),
        input(checked, "@hekate/vsa@1.2.3"));
    JsonNode companion = s.at("/predicate/hekateVerdict");
    assertEquals(50, companion.path("findings").size());
    assertEquals(80 - 50 + checked.verdict().findings().size(), companion.path("findingsOmitted").asInt());
    assertTrue(companion.path("findings").get(0).path("expected").asText().length() <= 512);
    assertTrue(Json.write(s).getBytes(StandardCharsets.UTF_8).length < 64 * 1024, "a summary stays small");
  }

  /**
   * Values every character of which the JSON writer escapes as six bytes: 50 findings at their
   * 512-character bound would still make a 300 KB summary. The companion is written compact and the
   * statement stays within its bound.
   */
  @Test
  void aHostileCompanionIsWrittenCompact() throws Exception {
    NpmService.Checked checked = check("@hekate/vsa@1.2.3");
    String hostile = "\u001b".repeat(100_000);
    List<dev.hekate.core.npm.Finding> many = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      many.add(dev.hekate.core.npm.Finding.of(dev.hekate.core.npm.FindingType.REPOSITORY_MISMATCH, hostile, hostile,
          hostile));
    }
    ObjectNode s = VerificationSummary.statement(checked.verdict().withFindings(many),
        input(checked, "@hekate/vsa@1.2.3"));
    JsonNode companion = s.at("/predicate/hekateVerdict");
    assertTrue(Json.write(companion).getBytes(StandardCharsets.UTF_8).length <= ArtifactSummary.MAX_COMPANION_BYTES);
    assertEquals(50, companion.path("findings").size());
    // The verdict's own findings come first; the last listed is one of the hostile ones.
    String expected = companion.path("findings").get(49).path("expected").asText();
    assertEquals(ArtifactSummary.COMPACT_VALUE, expected.indexOf("…[cut: "), "cut at the compact length, marked");
    assertEquals("repository_mismatch", companion.path("findings").get(49).path("type").asText(), "names stay whole");
    assertEquals(checked.verdict().status().name(), companion.path("status").asText());
  }
}
