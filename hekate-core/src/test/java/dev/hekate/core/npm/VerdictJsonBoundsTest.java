package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 2: a publisher cannot make a verdict line as large as it likes — the reproduced case
 * is a 200,000-character predicate-type label echoed in an {@code unknown_attestation} finding, and
 * the same value several times over.
 */
class VerdictJsonBoundsTest {
  @Test
  void longValuesAreCutWithTheirLengthAndDigestAndFindingsAreCounted() throws Exception {
    String label = "https://evil.example/predicate/" + "x".repeat(200_000);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      findings.add(Finding.of(FindingType.UNKNOWN_ATTESTATION, "an attestation of unknown type " + label, label, label));
    }
    VerdictCheck failed = new VerdictCheck(VerdictCheck.PROVENANCE, CheckResult.failed(VerificationException.mismatch(
        CheckId.NPM_INTEGRITY, label, label, label)));
    Verdict verdict = new Verdict("victim", "1.0.0", Status.FAILED, false, List.of(failed), findings,
        Evidence.none(), Optional.of(label), Optional.empty());

    String line = VerdictJson.toJsonLine(verdict);

    assertTrue(line.length() < 100_000, "bounded: " + line.length() + " characters");
    JsonNode json = Json.mapper().readTree(line);
    assertEquals(VerdictJson.MAX_FINDINGS, json.path("findings").size());
    assertEquals(120 - VerdictJson.MAX_FINDINGS, json.path("findingsOmitted").asInt());
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(label.getBytes(StandardCharsets.UTF_8)));
    String expected = label.substring(0, UntrustedText.MAX_JSON_VALUE) + "…[cut: " + label.length()
        + " characters, sha256:" + sha256 + "]";
    assertEquals(expected, json.at("/findings/0/expected").asText());
    assertEquals(expected, json.path("error").asText());
    assertEquals(expected, json.at("/checks/0/actual").asText());
  }

  @Test
  void shortValuesAreUntouched() {
    Verdict verdict = new Verdict("ok", "1.0.0", Status.MISSING, false, List.of(),
        List.of(Finding.of(FindingType.FIRST_PROVENANCE, "m", "none", "https://github.com/o/r")), Evidence.none(),
        Optional.empty(), Optional.empty());
    String line = VerdictJson.toJsonLine(verdict);
    assertTrue(line.contains("\"actual\":\"https://github.com/o/r\"") && !line.contains("findingsOmitted"), line);
  }
}
