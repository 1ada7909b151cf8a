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

  /** A value at its worst: every character one the JSON writer escapes as six bytes. */
  private static final String HOSTILE = "\u001b".repeat(200_000);

  private static Finding hostileFinding() {
    return Finding.of(FindingType.REPOSITORY_MISMATCH, HOSTILE, HOSTILE, HOSTILE);
  }

  /**
   * The most a verdict can hold: every check id under each attestation label, each with a hostile
   * detail, expected and actual; 120 hostile findings; every evidence string the publisher can
   * reach hostile; the most log entries two bundles can carry. The line still fits, is JSON, and says what it left out.
   */
  @Test
  void theLargestVerdictFitsTheLineBound() throws Exception {
    List<VerdictCheck> checks = new ArrayList<>();
    for (String label : List.of(VerdictCheck.PUBLISH, VerdictCheck.PROVENANCE, VerdictCheck.PACKAGE)) {
      for (CheckId id : CheckId.values()) {
        checks.add(new VerdictCheck(label, CheckResult.failed(VerificationException.mismatch(id, HOSTILE, HOSTILE,
            HOSTILE))));
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      findings.add(hostileFinding());
    }
    List<Evidence.LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 2 * dev.hekate.core.json.Limits.MAX_TLOG_ENTRIES; i++) {
      // The entry's URL is the trusted root's log URL and the index: not the publisher's.
      entries.add(new Evidence.LogEntry(VerdictCheck.PROVENANCE, Long.MAX_VALUE,
          "https://rekor.sigstore.dev/api/v1/log/entries?logIndex=" + Long.MAX_VALUE, Optional.empty()));
    }
    Evidence evidence = new Evidence(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE,
        HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, Optional.empty(), entries);
    Verdict verdict = new Verdict("victim", "1.0.0", Status.FAILED, false, checks, findings, evidence,
        Optional.of(HOSTILE), Optional.empty());

    String line = VerdictJson.toJsonLine(verdict);

    assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= VerdictJson.MAX_BYTES,
        "bounded: " + line.getBytes(StandardCharsets.UTF_8).length + " bytes");
    JsonNode json = Json.mapper().readTree(line);
    assertEquals(checks.size(), json.path("checks").size(), "every check is listed, compact");
    assertEquals(0, json.path("findings").size());
    assertEquals(120, json.path("findingsOmitted").asInt());
    String cut = json.at("/checks/0/actual").asText();
    assertTrue(cut.startsWith("…[cut: 200000 characters, sha256:"), cut);
    assertEquals(VerdictJson.COMPACT_EVIDENCE, json.at("/evidence/commit").asText().indexOf("…[cut:"),
        "evidence is kept to its compact length");
    assertEquals(entries.size(), json.at("/evidence/transparencyLog").size());
  }

  /** Fewer hostile values: the verdict is written compact and lists as many findings as fit. */
  @Test
  void aLargeVerdictListsFewerFindingsAndCountsTheRest() throws Exception {
    List<VerdictCheck> checks = new ArrayList<>();
    for (CheckId id : CheckId.values()) {
      checks.add(new VerdictCheck(VerdictCheck.PROVENANCE, CheckResult.failed(VerificationException.mismatch(id,
          HOSTILE, HOSTILE, HOSTILE))));
    }
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      findings.add(hostileFinding());
    }
    Verdict verdict = new Verdict("victim", "1.0.0", Status.FAILED, false, checks, findings, Evidence.none(),
        Optional.empty(), Optional.empty());

    String line = VerdictJson.toJsonLine(verdict);

    assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= VerdictJson.MAX_BYTES);
    JsonNode json = Json.mapper().readTree(line);
    int listed = json.path("findings").size();
    assertTrue(listed > 0 && listed < VerdictJson.MAX_FINDINGS, "listed " + listed);
    assertEquals(120 - listed, json.path("findingsOmitted").asInt());
    String message = json.at("/findings/0/message").asText();
    assertEquals(VerdictJson.COMPACT_VALUE, message.indexOf("…[cut: 200000 characters"), message.substring(0, 80));
  }

  /** Below the line bound nothing is compacted: 50 findings of 512 characters each, as documented. */
  @Test
  void anOrdinaryLongVerdictIsNotCompacted() throws Exception {
    String value = "x".repeat(600);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      findings.add(Finding.of(FindingType.REPOSITORY_MISMATCH, value, value, value));
    }
    Verdict verdict = new Verdict("victim", "1.0.0", Status.FAILED, false, List.of(), findings, Evidence.none(),
        Optional.empty(), Optional.empty());
    JsonNode json = Json.mapper().readTree(VerdictJson.toJsonLine(verdict));
    assertEquals(VerdictJson.MAX_FINDINGS, json.path("findings").size());
    assertEquals(UntrustedText.MAX_JSON_VALUE, json.at("/findings/0/message").asText().indexOf("…[cut:"));
  }
}
