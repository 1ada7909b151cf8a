package dev.hekate.core.vsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.slsa.ArtifactVerification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which artifact verifications are summarised: only one that verified. The caller of the API chose
 * the provenance and the digests, so a FAILED or MISSING answer is no statement about an artifact a
 * signature should carry, and a fault inside Hekate (ERROR) or "could not look" (UNKNOWN) is no
 * decision. The verified case runs on real provenance through the API (hekate-lambda's
 * {@code SlsaVerifyVsaTest}): only the verifier can make a verified result.
 */
class SlsaArtifactSummaryTest {
  private static final byte[] PROVENANCE = "{\"mediaType\":\"x\"}".getBytes(StandardCharsets.UTF_8);
  private static final List<ArtifactSummary.Subject> SUBJECTS = List.of(
      new ArtifactSummary.Subject("binary", new Digest("sha256", new byte[32])));

  private static ArtifactVerification notVerified(CheckResult problem) {
    return new ArtifactVerification(List.of(CheckResult.passed(CheckId.DSSE_SIGNATURE, "ok"), problem,
        CheckResult.notRun(CheckId.SLSA_SUBJECT)), Optional.empty());
  }

  @Test
  void onlyAVerifiedResultIsSummarised() {
    List<CheckResult> problems = List.of(
        CheckResult.failed(VerificationException.mismatch(CheckId.SLSA_SOURCE, "another repository",
            "slsa-framework/example-package", "someone/else")),
        CheckResult.missing(CheckId.SLSA_PROVENANCE, "a raw DSSE envelope has no log entry"),
        CheckResult.error(CheckId.SLSA_SOURCE, "a bug", new IllegalStateException("a bug")),
        CheckResult.unknown(CheckId.SLSA_SOURCE, "could not look"));
    for (CheckResult problem : problems) {
      assertEquals(Optional.empty(), SlsaArtifactSummary.of(notVerified(problem), SUBJECTS,
          "git+https://github.com/slsa-framework/example-package", PROVENANCE), problem.outcome().name());
    }
  }

  @Test
  void theCompanionCarriesAtMostFiftyChecks() {
    ObjectNode answer = Json.newObject();
    answer.put("verified", true);
    ArrayNode checks = answer.putArray("checks");
    for (int i = 0; i < 61; i++) {
      checks.addObject().put("id", "dsse.signature").put("outcome", "PASSED");
    }
    ObjectNode companion = ArtifactSummary.companion(answer, "VERIFIED");
    assertEquals(VerificationSummary.MAX_FINDINGS, companion.path("checks").size());
    assertEquals(61 - VerificationSummary.MAX_FINDINGS, companion.path("checksOmitted").asInt());
    assertEquals("VERIFIED", companion.path("status").asText());
    assertEquals(61, answer.path("checks").size(), "the answer itself is left whole");
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
