package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.RegistrySignature;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.FaultyKeys;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Validity;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The npm orchestrator's contract: an honest version is VERIFIED with every package-level check
 * PASSED; no provenance is MISSING, which no check reports as FAILED; a correlation that breaks is
 * a MISMATCH with both values; and an exception inside any check — package level or inside a
 * bundle — makes the verdict ERROR, never FAILED. Attacks by kind are in {@code NpmAttackTest}
 * (hekate-testdata), real cases in {@code RealNpmCasesTest}.
 */
class NpmVerifierTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final GeneratedPackage PACKAGE =
      GeneratedNpm.generate(SIGSTORE, "@hekate/orchestrated", "2.0.0", BundleGeneration.V03_DSSE);

  private static RegistrySignature registrySignature() {
    String signed = PACKAGE.name() + "@" + PACKAGE.version() + ":" + PACKAGE.integrity();
    return new RegistrySignature(SIGSTORE.npmKey().keyId(),
        Base64.getEncoder().encodeToString(SIGSTORE.npmKey().sign(signed.getBytes(StandardCharsets.UTF_8))));
  }

  private static VersionDocument document(String integrity) {
    Dist dist = new Dist(Optional.of(integrity), "", "", Optional.empty(), Optional.empty(), List.of(registrySignature()));
    return new VersionDocument(PACKAGE.name(), PACKAGE.version(), dist, Optional.of(PACKAGE.gitHead()),
        Optional.of(PACKAGE.repositoryUrl()), Optional.of("hekate-test"));
  }

  private static Verdict verify(Optional<byte[]> attestations, TrustedKeys keys, String integrity,
      boolean earlierHadProvenance) throws Exception {
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()), keys);
    return verifier.verify(new NpmVerifier.Input(PACKAGE.name(), PACKAGE.version(), document(integrity),
        Optional.of(PACKAGE.publishedAt()), attestations, Optional.empty(), earlierHadProvenance, Optional.empty(),
        RegistryKeys.NOT_ASKED));
  }

  private static Verdict verify(Optional<byte[]> attestations) throws Exception {
    return verify(attestations, TrustedKeys.parse(SIGSTORE.npmKeysJson()), PACKAGE.integrity(), false);
  }

  /** The honest version with its own {@code dist.signatures} and publish time, from a registry that publishes keys. */
  private static Verdict verify(List<RegistrySignature> signatures, Optional<Instant> publishedAt) throws Exception {
    return verify(signatures, publishedAt, RegistryKeys.PUBLISHED, SIGSTORE.npmKeysJson());
  }

  /** The honest version with its own {@code dist.signatures}, publish time, registry and npm keys document. */
  private static Verdict verify(List<RegistrySignature> signatures, Optional<Instant> publishedAt,
      RegistryKeys registryKeys, byte[] npmKeys) throws Exception {
    Dist dist = new Dist(Optional.of(PACKAGE.integrity()), "", "", Optional.empty(), Optional.empty(), signatures);
    VersionDocument document = new VersionDocument(PACKAGE.name(), PACKAGE.version(), dist,
        Optional.of(PACKAGE.gitHead()), Optional.of(PACKAGE.repositoryUrl()), Optional.of("hekate-test"));
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(npmKeys));
    return verifier.verify(new NpmVerifier.Input(PACKAGE.name(), PACKAGE.version(), document, publishedAt,
        Optional.of(PACKAGE.attestations()), Optional.empty(), false, Optional.empty(), registryKeys));
  }

  /** The publish attestation's integrated time: the signed time the registry's key is judged at. */
  private static Instant attestationTime() {
    return PACKAGE.publish().integratedTime().orElseThrow();
  }

  private static List<FindingType> findings(Verdict verdict) {
    return verdict.findings().stream().map(Finding::type).toList();
  }

  private static void assertFailedInvalid(Verdict verdict, CheckId id) {
    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    CheckResult failure = verdict.firstFailure().orElseThrow().result();
    assertEquals(id, failure.id(), Verdicts.describe(verdict));
    assertEquals(Optional.of(FailureKind.INVALID), failure.kind());
  }

  private static List<CheckId> packageChecks(Verdict verdict) {
    return verdict.checks().stream().filter(c -> c.attestation().equals(VerdictCheck.PACKAGE))
        .map(c -> c.result().id()).toList();
  }

  private static Outcome outcome(Verdict verdict, CheckId id) {
    return verdict.check(id).map(CheckResult::outcome).orElseThrow(() -> new AssertionError(id + " absent"));
  }

  @Test
  void anHonestVersionIsVerifiedWithEveryPackageCheckInStageOrder() throws Exception {
    Verdict verdict = verify(Optional.of(PACKAGE.attestations()));

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(List.of(CheckId.NPM_ATTESTATIONS, CheckId.NPM_SUBJECT, CheckId.NPM_INTEGRITY,
        CheckId.NPM_REGISTRY_SIGNATURE, CheckId.PROVENANCE_BUILDER, CheckId.PROVENANCE_CERTIFICATE,
        CheckId.REGISTRY_SOURCE, CheckId.TRUST_HISTORY), packageChecks(verdict));
    assertEquals(java.util.Optional.of(TrustTier.PROVENANCE), verdict.tier());
    assertTrue(verdict.checks().stream().allMatch(c -> c.result().outcome() == Outcome.PASSED), Verdicts.describe(verdict));
    assertEquals(PACKAGE.repositoryUrl().replace("git+", "").replace(".git", ""), verdict.evidence().sourceRepository());
  }

  @Test
  void noAttestationsIsMissingAndNoCheckReportsAFailure() throws Exception {
    Verdict verdict = verify(Optional.empty(), TrustedKeys.parse(SIGSTORE.npmKeysJson()), PACKAGE.integrity(), true);

    assertEquals(Status.MISSING, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.regression());
    assertEquals(Outcome.MISSING, outcome(verdict, CheckId.NPM_ATTESTATIONS));
    assertTrue(verdict.firstFailure().isEmpty(), Verdicts.describe(verdict));
    assertTrue(verdict.checks().stream().noneMatch(c -> c.result().outcome() == Outcome.FAILED));
    assertEquals(Outcome.NOT_RUN, outcome(verdict, CheckId.NPM_SUBJECT));
    assertEquals(List.of(FindingType.TRUST_DOWNGRADE, FindingType.PROVENANCE_REGRESSION),
        verdict.findings().stream().map(Finding::type).toList());
    assertEquals(java.util.Optional.of(TrustTier.NONE), verdict.tier());
    assertEquals("MISSING", VerdictJson.toJson(verdict).path("checks").get(0).path("outcome").asText());
  }

  @Test
  void aPublishAttestationWithoutProvenanceIsMissingToo() throws Exception {
    String publishOnly = new String(PACKAGE.attestations(), StandardCharsets.UTF_8);
    var root = dev.hekate.core.json.Json.mapper().readTree(publishOnly);
    var kept = dev.hekate.core.json.Json.mapper().createArrayNode();
    root.get("attestations").forEach(a -> {
      if (a.path("predicateType").asText().equals(Predicates.NPM_PUBLISH)) {
        kept.add(a);
      }
    });
    ((com.fasterxml.jackson.databind.node.ObjectNode) root).set("attestations", kept);

    Verdict verdict = verify(Optional.of(dev.hekate.core.json.Json.mapper().writeValueAsBytes(root)));

    assertEquals(Status.MISSING, verdict.status(), Verdicts.describe(verdict));
    assertFalse(verdict.regression());
    assertEquals(Outcome.MISSING, outcome(verdict, CheckId.NPM_ATTESTATIONS));
    assertTrue(verdict.firstFailure().isEmpty(), Verdicts.describe(verdict));
  }

  @Test
  void anotherIntegrityIsAMismatchWithBothValues() throws Exception {
    String other = "sha512-" + Base64.getEncoder().encodeToString(new byte[64]);

    Verdict verdict = verify(Optional.of(PACKAGE.attestations()), TrustedKeys.parse(SIGSTORE.npmKeysJson()), other, false);

    assertEquals(Status.FAILED, verdict.status());
    CheckResult failure = verdict.firstFailure().orElseThrow().result();
    assertEquals(CheckId.NPM_INTEGRITY, failure.id());
    assertEquals(Optional.of(FailureKind.MISMATCH), failure.kind());
    assertEquals(Optional.of(other), failure.expected());
    assertEquals(Optional.of(PACKAGE.integrity()), failure.actual());
  }

  @Test
  void anExceptionInsideAPackageCheckMakesTheVerdictErrorNotFailed() throws Exception {
    TrustedKeys keys = FaultyKeys.withThrowingKey(TrustedKeys.parse(SIGSTORE.npmKeysJson()), TrustedKeys.NPM_SIGNATURES);

    Verdict verdict = verify(Optional.of(PACKAGE.attestations()), keys, PACKAGE.integrity(), false);

    assertEquals(Status.ERROR, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.firstFailure().isEmpty(), Verdicts.describe(verdict));
    VerdictCheck error = verdict.internalError().orElseThrow();
    assertEquals(CheckId.NPM_REGISTRY_SIGNATURE, error.result().id());
    assertInstanceOf(FaultyKeys.SimulatedBug.class, error.result().cause().orElseThrow());
    assertTrue(verdict.error().orElseThrow().startsWith("internal error"), verdict.error().toString());
  }

  @Test
  void anExceptionInsideABundleCheckMakesTheVerdictErrorNotFailed() throws Exception {
    TrustedKeys keys = FaultyKeys.withThrowingKey(TrustedKeys.parse(SIGSTORE.npmKeysJson()), TrustedKeys.NPM_ATTESTATIONS);

    Verdict verdict = verify(Optional.of(PACKAGE.attestations()), keys, PACKAGE.integrity(), false);

    assertEquals(Status.ERROR, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.firstFailure().isEmpty(), Verdicts.describe(verdict));
    VerdictCheck error = verdict.internalError().orElseThrow();
    assertEquals(VerdictCheck.PUBLISH, error.attestation());
    assertEquals(CheckId.DSSE_SIGNATURE, error.result().id());
  }

  @Test
  void withoutPublishTimeTheRegistrySignatureKeyIsCheckedAtThePublishAttestationsLogTime() throws Exception {
    Verdict verdict = verify(List.of(registrySignature()), Optional.empty());

    assertEquals(Outcome.PASSED, outcome(verdict, CheckId.NPM_REGISTRY_SIGNATURE), Verdicts.describe(verdict));
  }

  // --- the registry's signature: must a version carry one, and at which time is the key judged ----

  @Test
  void aVersionWithoutSignaturesFromARegistryThatPublishesKeysFails() throws Exception {
    // npm audit signatures: a registry that publishes signing keys signs every version it serves.
    Verdict verdict = verify(List.of(), Optional.of(PACKAGE.publishedAt()), RegistryKeys.PUBLISHED,
        SIGSTORE.npmKeysJson());

    assertFailedInvalid(verdict, CheckId.NPM_REGISTRY_SIGNATURE);
    assertTrue(findings(verdict).isEmpty(), Verdicts.describe(verdict));
  }

  @Test
  void aVersionWithoutSignaturesFromARegistryWithoutKeysIsAFindingNotASilentPass() throws Exception {
    // A mirror that serves no keys cannot be asked for its signature: said so, the attestations decide.
    Verdict verdict = verify(List.of(), Optional.of(PACKAGE.publishedAt()), RegistryKeys.NOT_PUBLISHED,
        SIGSTORE.npmKeysJson());

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.check(CheckId.NPM_REGISTRY_SIGNATURE).isEmpty(), Verdicts.describe(verdict));
    assertEquals(List.of(FindingType.REGISTRY_SIGNATURES_UNAVAILABLE), findings(verdict));
  }

  @Test
  void aVersionVerifiedWithoutARegistryHasTheSameFinding() throws Exception {
    Verdict verdict = verify(List.of(), Optional.empty(), RegistryKeys.NO_REGISTRY, SIGSTORE.npmKeysJson());

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(List.of(FindingType.REGISTRY_SIGNATURES_UNAVAILABLE), findings(verdict));
  }

  @Test
  void signaturesAreCheckedEvenWhereTheRegistryPublishesNoKeys() throws Exception {
    // A mirror may pass npm's signatures through: present, they are checked, and a bad one fails.
    RegistrySignature good = registrySignature();
    RegistrySignature bad = new RegistrySignature(good.keyid(), Base64.getEncoder().encodeToString(new byte[70]));

    Verdict honest = verify(List.of(good), Optional.empty(), RegistryKeys.NOT_PUBLISHED, SIGSTORE.npmKeysJson());
    Verdict forged = verify(List.of(bad), Optional.empty(), RegistryKeys.NOT_PUBLISHED, SIGSTORE.npmKeysJson());

    assertEquals(Status.VERIFIED, honest.status(), Verdicts.describe(honest));
    assertEquals(Outcome.PASSED, outcome(honest, CheckId.NPM_REGISTRY_SIGNATURE));
    assertTrue(findings(honest).isEmpty(), Verdicts.describe(honest));
    assertFailedInvalid(forged, CheckId.NPM_REGISTRY_SIGNATURE);
  }

  @Test
  void anUnsignedVersionWhoseRegistryWasNotAskedIsAnErrorNeverAPass() throws Exception {
    Verdict verdict = verify(List.of(), Optional.of(PACKAGE.publishedAt()), RegistryKeys.NOT_ASKED,
        SIGSTORE.npmKeysJson());

    assertEquals(Status.ERROR, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.firstFailure().isEmpty(), Verdicts.describe(verdict));
    assertEquals(CheckId.NPM_REGISTRY_SIGNATURE, verdict.internalError().orElseThrow().result().id());
  }

  @Test
  void aKeyRetiredBeforeTheAttestationsSignedTimeFailsWhateverThePackumentsTimeClaims() throws Exception {
    // The registry key's npm:signatures use ended a day before the publish attestation was logged;
    // the packument's unsigned time is backdated into the key's service, which must not revive it.
    Instant retired = attestationTime().minus(Duration.ofDays(1));
    byte[] keys = SIGSTORE.npmKeysJsonWithSignatureKeyValidity(
        Validity.between(retired.minus(Duration.ofDays(300)), retired));
    Optional<Instant> backdated = Optional.of(retired.minus(Duration.ofDays(30)));

    Verdict verdict = verify(List.of(registrySignature()), backdated, RegistryKeys.PUBLISHED, keys);

    assertFailedInvalid(verdict, CheckId.NPM_REGISTRY_SIGNATURE);
  }

  @Test
  void aKeyRetiredAfterTheAttestationsSignedTimePassesWhateverThePackumentsTimeClaims() throws Exception {
    // The honest control: in service when the attestation was logged, though the packument's
    // (unsigned) time claims a date after its retirement.
    Instant retired = attestationTime().plus(Duration.ofDays(1));
    byte[] keys = SIGSTORE.npmKeysJsonWithSignatureKeyValidity(
        Validity.between(retired.minus(Duration.ofDays(300)), retired));
    Optional<Instant> postdated = Optional.of(retired.plus(Duration.ofDays(30)));

    Verdict verdict = verify(List.of(registrySignature()), postdated, RegistryKeys.PUBLISHED, keys);

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.PASSED, outcome(verdict, CheckId.NPM_REGISTRY_SIGNATURE));
  }
}
