package dev.hekate.core.vsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.slsa.ArtifactVerification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which artifact verifications are summarised and how: decisions (FAILED, MISSING) are, a fault
 * inside Hekate (ERROR) and "could not look" (UNKNOWN) never are. The verified case runs on real
 * provenance through the API (hekate-lambda's {@code SlsaVerifyVsaTest}): only the verifier can make
 * a verified result.
 */
class SlsaArtifactSummaryTest {
  private static final VerifierIdentity VERIFIER = new VerifierIdentity(URI.create("https://hekate.example/"), "0.1.0");
  private static final VsaPolicy POLICY = VsaPolicy.of(URI.create("https://hekate.example/v1/verifier#policy"),
      List.of(CheckId.SLSA_SOURCE), Map.of());
  private static final Instant NOW = Instant.parse("2026-12-06T10:11:12.345Z");
  private static final byte[] PROVENANCE = "{\"mediaType\":\"x\"}".getBytes(StandardCharsets.UTF_8);
  private static final List<ArtifactSummary.Subject> SUBJECTS = List.of(
      new ArtifactSummary.Subject("binary", new Digest("sha256", new byte[32])));

  private static ArtifactVerification notVerified(CheckResult problem) {
    return new ArtifactVerification(List.of(CheckResult.passed(CheckId.DSSE_SIGNATURE, "ok"), problem,
        CheckResult.notRun(CheckId.SLSA_SUBJECT)), Optional.empty());
  }

  private static CheckResult sourceMismatch() {
    return CheckResult.failed(VerificationException.mismatch(CheckId.SLSA_SOURCE, "another repository",
        "slsa-framework/example-package", "someone/else"));
  }

  private static JsonNode predicate(ArtifactSummary summary) {
    return summary.statement(VERIFIER, POLICY, NOW).path("predicate");
  }

  @Test
  void aFailedCheckIsAFailedSummaryOfTheSubjectsAndTheProvenanceReceived() {
    ArtifactSummary summary = SlsaArtifactSummary.of(notVerified(sourceMismatch()), SUBJECTS,
        "git+https://github.com/slsa-framework/example-package", PROVENANCE).orElseThrow();
    ObjectNode statement = summary.statement(VERIFIER, POLICY, NOW);
    assertEquals(VerificationSummary.STATEMENT_TYPE, statement.path("_type").asText());
    assertEquals(VerificationSummary.PREDICATE_TYPE, statement.path("predicateType").asText());
    assertEquals("binary", statement.path("subject").get(0).path("name").asText());
    assertEquals("00".repeat(32), statement.path("subject").get(0).path("digest").path("sha256").asText());
    JsonNode predicate = statement.path("predicate");
    assertEquals("FAILED", predicate.path("verificationResult").asText());
    assertEquals("[\"FAILED\"]", predicate.path("verifiedLevels").toString());
    assertEquals("git+https://github.com/slsa-framework/example-package", predicate.path("resourceUri").asText());
    assertEquals("2026-12-06T10:11:12Z", predicate.path("timeVerified").asText());
    assertEquals(POLICY.sha256(), predicate.path("policy").path("digest").path("sha256").asText());
    assertEquals(1, predicate.path("inputAttestations").size());
    assertEquals(Encoding.toHex(Keys.sha256(PROVENANCE)),
        predicate.path("inputAttestations").get(0).path("digest").path("sha256").asText());
    assertFalse(predicate.path("inputAttestations").get(0).has("uri"), "the caller sent it: it has no URI");
    JsonNode companion = predicate.path(VerificationSummary.COMPANION);
    assertEquals("FAILED", companion.path("status").asText());
    assertFalse(companion.path("verified").asBoolean());
    assertEquals("slsa.source", companion.path("checks").get(1).path("id").asText());
    assertEquals("mismatch", companion.path("checks").get(1).path("kind").asText());
  }

  @Test
  void missingEvidenceIsAFailedSummaryWhoseCompanionSaysMissing() {
    ArtifactSummary summary = SlsaArtifactSummary.of(
        notVerified(CheckResult.missing(CheckId.SLSA_PROVENANCE, "a raw DSSE envelope has no log entry")), SUBJECTS,
        "https://example.com/binary", PROVENANCE).orElseThrow();
    assertFalse(summary.passed());
    assertEquals("MISSING", predicate(summary).path(VerificationSummary.COMPANION).path("status").asText());
  }

  @Test
  void anInternalErrorOrAnUnknownIsNeverSummarised() {
    CheckResult error = CheckResult.error(CheckId.SLSA_SOURCE, "a bug", new IllegalStateException("a bug"));
    assertEquals(Optional.empty(), SlsaArtifactSummary.of(notVerified(error), SUBJECTS, "https://x/", PROVENANCE));
    CheckResult unknown = CheckResult.unknown(CheckId.SLSA_SOURCE, "could not look");
    assertEquals(Optional.empty(), SlsaArtifactSummary.of(notVerified(unknown), SUBJECTS, "https://x/", PROVENANCE));
  }

  @Test
  void theCompanionCarriesAtMostFiftyChecks() {
    List<CheckResult> checks = new ArrayList<>(Collections.nCopies(60, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")));
    checks.add(0, sourceMismatch());
    ArtifactSummary summary = SlsaArtifactSummary.of(new ArtifactVerification(checks, Optional.empty()), SUBJECTS,
        "https://x/", PROVENANCE).orElseThrow();
    JsonNode companion = predicate(summary).path(VerificationSummary.COMPANION);
    assertEquals(VerificationSummary.MAX_FINDINGS, companion.path("checks").size());
    assertEquals(61 - VerificationSummary.MAX_FINDINGS, companion.path("checksOmitted").asInt());
  }

  @Test
  void aFailedSummaryClaimsNoLevelAndNamesSomething() {
    ObjectNode companion = Json.newObject();
    assertThrows(IllegalArgumentException.class, () -> new ArtifactSummary(SUBJECTS, "https://x/", List.of(), false,
        List.of(VerifiedLevels.BUILD_L3), companion));
    assertThrows(IllegalArgumentException.class, () -> new ArtifactSummary(List.of(), "https://x/", List.of(), true,
        List.of(VerifiedLevels.BUILD_L3), companion));
    assertTrue(new ArtifactSummary(SUBJECTS, "https://x/", List.of(), true, List.of(VerifiedLevels.BUILD_L3), companion)
        .passed());
  }
}
