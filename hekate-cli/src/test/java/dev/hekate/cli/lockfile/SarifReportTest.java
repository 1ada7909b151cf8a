package dev.hekate.cli.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import dev.hekate.core.json.Json;
import dev.hekate.core.lockfile.LockedPackage;
import dev.hekate.core.lockfile.LockfilePolicy;
import dev.hekate.core.lockfile.LockfileResult;
import dev.hekate.core.npm.Evidence;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.text.UntrustedText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SarifReportTest {
  private static final String LOCKFILE = "web/package-lock.json";
  private static final String REPO = "https://github.com/myorg/cli";
  /** A registry-supplied message trying to steer a terminal and reorder text. */
  private static final String HOSTILE = "moved\u001b[2J\r\nfake line \u202egnp.exe \u0007" + "x".repeat(5000);

  // ---- verdicts, built from their checks as the verifier builds them

  private static LockedPackage locked(String name, String version, int line) {
    return new LockedPackage(name, version, Optional.empty(), Optional.empty(), line);
  }

  private static List<VerdictCheck> allPassed() {
    List<VerdictCheck> checks = new ArrayList<>();
    for (CheckId id : CheckId.values()) {
      checks.add(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.passed(id, "")));
    }
    checks.add(new VerdictCheck(VerdictCheck.PUBLISH, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")));
    checks.add(new VerdictCheck(VerdictCheck.PROVENANCE, CheckResult.passed(CheckId.DSSE_SIGNATURE, "")));
    return checks;
  }

  private static Evidence builtFrom(String repository) {
    return new Evidence(repository, "abc", "refs/tags/v1", "", "", "", "", "", "", "", "", "", "", "", "",
        Optional.empty(), List.of());
  }

  private static Verdict verified(String name, String version, Finding... findings) {
    return new Verdict(name, version, Status.VERIFIED, false, allPassed(), List.of(findings), builtFrom(REPO),
        Optional.empty(), Optional.empty(), Optional.of(TrustTier.PROVENANCE));
  }

  private static Verdict missing(String name, String version, boolean regression) {
    return new Verdict(name, version, Status.MISSING, regression,
        List.of(new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.missing(CheckId.NPM_ATTESTATIONS, "no provenance"))),
        regression ? List.of(Finding.of(FindingType.PROVENANCE_REGRESSION, "an earlier version had provenance",
            "provenance (1.0.0)", "none")) : List.of(),
        Evidence.none(), Optional.empty(), Optional.empty(), Optional.of(TrustTier.NONE));
  }

  private static Verdict failed(String name, String version) {
    VerdictCheck integrity = new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.failed(VerificationException.mismatch(
        CheckId.NPM_INTEGRITY, "the provenance attests another tarball", "sha512-AAA", "sha512-BBB")));
    return new Verdict(name, version, Status.FAILED, false, List.of(integrity), List.of(), Evidence.none(),
        Optional.empty(), Optional.empty());
  }

  /** Every kind of result, under a policy that requires provenance of @myorg and lets MISSING pass. */
  private static final class Fixture {
    final LockfilePolicy policy;
    final List<LockfileResult> results = new ArrayList<>();

    Fixture() throws Exception {
      policy = LockfilePolicy.parse("""
          {"require": {"@myorg/*": "trusted_publisher"}, "failOn": {"missing": false}}"""
          .getBytes(StandardCharsets.UTF_8), "hekate.json");
      add(locked("ok", "1.0.0", 10), verified("ok", "1.0.0"));
      add(locked("bad", "2.0.0", 20), failed("bad", "2.0.0"));
      add(locked("gone", "1.0.0", 30), missing("gone", "1.0.0", true));
      add(locked("plain", "1.0.0", 35), missing("plain", "1.0.0", false));
      results.add(policy.result(locked("ghost", "9.9.9", 40), Optional.empty(), Optional.of("no version 9.9.9")));
      add(locked("@myorg/cli", "3.0.0", 50), verified("@myorg/cli", "3.0.0"));
      add(locked("drift", "1.1.0", 60), verified("drift", "1.1.0",
          Finding.of(FindingType.REPOSITORY_MISMATCH, HOSTILE, "github.com/a/b", "github.com/c/d"),
          Finding.of(FindingType.REGISTRY_ANSWER_CHANGED, "integrity changed", "x", "y"),
          Finding.of(FindingType.REGISTRY_ANSWER_CHANGED, "signatures changed", "x", "y"),
          Finding.of(FindingType.LOCKFILE_INTEGRITY_MISMATCH, "another tarball", "sha512-A", "sha512-B")));
      add(locked("later", "1.0.0", 0), Verdict.error("later", "1.0.0", "registry unreachable"));
    }

    private void add(LockedPackage locked, Verdict verdict) {
      results.add(policy.result(locked, Optional.of(verdict), Optional.empty()));
    }

    ObjectNode sarif() {
      return SarifReport.sarif(LOCKFILE, results, policy, "0.1.0-test");
    }
  }

  private static List<JsonNode> results(JsonNode log) {
    List<JsonNode> list = new ArrayList<>();
    log.at("/runs/0/results").forEach(list::add);
    return list;
  }

  private static List<JsonNode> resultsFor(JsonNode log, String name) {
    return results(log).stream().filter(r -> r.at("/properties/package").asText().equals(name)).toList();
  }

  private static JsonNode only(JsonNode log, String name) {
    List<JsonNode> found = resultsFor(log, name);
    assertEquals(1, found.size(), name + ": " + found);
    return found.get(0);
  }

  // ---- the official schema

  @Test
  void theLogIsValidSarif210() throws Exception {
    Schema schema = SarifSchema.load();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Fixture fixture = new Fixture();
    SarifReport.write(LOCKFILE, fixture.results, fixture.policy, "0.1.0-test", out);
    String text = out.toString(StandardCharsets.UTF_8);
    List<Error> errors = schema.validate(text, InputFormat.JSON);
    assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    // And the schema does refuse what is not SARIF, so the check above means something.
    ObjectNode broken = fixture.sarif();
    ((ObjectNode) broken.at("/runs/0/results/0")).put("level", "fatal");
    assertFalse(schema.validate(Json.write(broken), InputFormat.JSON).isEmpty());
  }

  // ---- structure

  @Test
  void theHeaderNamesSarif210AndTheTool() throws Exception {
    JsonNode log = new Fixture().sarif();
    assertEquals(SarifReport.SCHEMA_URI, log.path("$schema").asText());
    assertEquals("2.1.0", log.path("version").asText());
    assertEquals(1, log.path("runs").size());
    JsonNode driver = log.at("/runs/0/tool/driver");
    assertEquals("hekate", driver.path("name").asText());
    assertEquals("0.1.0-test", driver.path("version").asText());
    assertTrue(driver.path("informationUri").asText().startsWith("https://"));
  }

  @Test
  void everyRuleIsCompleteAndEveryIdAndTypeHasOne() throws Exception {
    JsonNode rules = new Fixture().sarif().at("/runs/0/tool/driver/rules");
    Set<String> ids = new HashSet<>();
    for (JsonNode rule : rules) {
      assertTrue(ids.add(rule.path("id").asText()), "repeated rule " + rule.path("id"));
      for (String pointer : List.of("/shortDescription/text", "/fullDescription/text", "/helpUri",
          "/defaultConfiguration/level")) {
        assertFalse(rule.at(pointer).asText().isBlank(), rule.path("id") + pointer);
      }
    }
    for (CheckId id : CheckId.values()) {
      assertTrue(ids.contains(id.wireName()), id.wireName());
    }
    for (FindingType type : FindingType.values()) {
      assertTrue(ids.contains(type.wireName()), type.wireName());
    }
    for (String id : List.of("not_found", "missing", "regression", "error", "policy_tier", "policy_source")) {
      assertTrue(ids.contains(id), id);
    }
    List<String> inOrder = new ArrayList<>();
    rules.forEach(r -> inOrder.add(r.path("id").asText()));
    assertEquals(SarifReport.ruleIds(), inOrder);
  }

  @Test
  void everyDescriptionBelongsToARule() throws Exception {
    JsonNode texts;
    try (var in = SarifReport.class.getResourceAsStream("sarif-rules.json")) {
      texts = Json.mapper().readTree(in);
    }
    Set<String> ids = Set.copyOf(SarifReport.ruleIds());
    texts.properties().forEach(e -> assertTrue(ids.contains(e.getKey()), "sarif-rules.json describes no rule: " + e.getKey()));
    assertEquals(ids.size(), texts.size());
  }

  @Test
  void ruleIndexPointsAtItsRuleAndLocationsAtTheLockfileLine() throws Exception {
    Fixture fixture = new Fixture();
    JsonNode log = fixture.sarif();
    JsonNode rules = log.at("/runs/0/tool/driver/rules");
    Map<String, Integer> lines = new HashMap<>();
    fixture.results.forEach(r -> lines.put(r.locked().name(), r.locked().line()));
    assertFalse(results(log).isEmpty());
    for (JsonNode result : results(log)) {
      int index = result.path("ruleIndex").asInt(-1);
      assertTrue(index >= 0 && index < rules.size(), result.toString());
      assertEquals(result.path("ruleId").asText(), rules.get(index).path("id").asText());
      JsonNode physical = result.at("/locations/0/physicalLocation");
      assertEquals(LOCKFILE, physical.at("/artifactLocation/uri").asText());
      int line = lines.get(result.at("/properties/package").asText());
      if (line > 0) {
        assertEquals(line, physical.at("/region/startLine").asInt());
      } else {
        assertTrue(physical.path("region").isMissingNode(), "no region without a line: " + result);
      }
    }
  }

  @Test
  void eachOutcomeGivesItsRuleAndLevel() throws Exception {
    JsonNode log = new Fixture().sarif();
    assertEquals(List.of(), resultsFor(log, "ok"), "VERIFIED without findings: no result");

    JsonNode bad = only(log, "bad");
    assertEquals("npm.integrity", bad.path("ruleId").asText());
    assertEquals("error", bad.path("level").asText());
    String badText = bad.at("/message/text").asText();
    assertTrue(badText.contains("bad@2.0.0") && badText.contains("sha512-AAA") && badText.contains("sha512-BBB"), badText);

    List<JsonNode> gone = resultsFor(log, "gone");
    assertEquals(List.of("regression", "provenance_regression"), gone.stream().map(r -> r.path("ruleId").asText()).toList());
    assertEquals(List.of("error", "error"), gone.stream().map(r -> r.path("level").asText()).toList(),
        "a regression, and the finding saying why, fail even when MISSING may pass");

    JsonNode plain = only(log, "plain");
    assertEquals("missing", plain.path("ruleId").asText());
    assertEquals("note", plain.path("level").asText(), "MISSING is allowed by this policy");

    JsonNode ghost = only(log, "ghost");
    assertEquals("not_found", ghost.path("ruleId").asText());
    assertEquals("error", ghost.path("level").asText());
    assertTrue(ghost.at("/message/text").asText().contains("ghost@9.9.9"));

    JsonNode tier = only(log, "@myorg/cli");
    assertEquals("policy_tier", tier.path("ruleId").asText());
    assertEquals("error", tier.path("level").asText());
    assertTrue(tier.at("/message/text").asText().contains("trusted_publisher"));

    JsonNode later = only(log, "later");
    assertEquals("error", later.path("ruleId").asText());
    assertEquals("warning", later.path("level").asText(), "not checked is no failure, but seen");
    assertTrue(later.at("/message/text").asText().contains("not checked"));

    List<JsonNode> drift = resultsFor(log, "drift");
    assertEquals(List.of("repository_mismatch", "registry_answer_changed", "registry_answer_changed",
        "lockfile_integrity_mismatch"), drift.stream().map(r -> r.path("ruleId").asText()).toList());
    assertEquals(List.of("warning", "warning", "warning", "error"),
        drift.stream().map(r -> r.path("level").asText()).toList());
  }

  @Test
  void untrustedTextIsEscapedAndBounded() throws Exception {
    JsonNode log = new Fixture().sarif();
    for (JsonNode result : results(log)) {
      String text = result.at("/message/text").asText();
      for (char c : text.toCharArray()) {
        assertFalse(c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e),
            "control character U+" + Integer.toHexString(c) + " in " + result.path("ruleId"));
      }
      // Bounded, then escaped: an escape (\\u202e) shows one character as at most six.
      assertTrue(text.length() <= 6 * (UntrustedText.MAX_LENGTH + 1), "bounded: " + text.length());
    }
    String hostile = resultsFor(log, "drift").get(0).at("/message/text").asText();
    assertTrue(hostile.contains("\\x1b[2J") && hostile.contains("\\u202e"), hostile.substring(0, 80));
    assertTrue(hostile.endsWith("…") && hostile.length() < HOSTILE.length(), "cut and marked");
  }

  @Test
  void fingerprintsAreStablePerPackageAndRule() throws Exception {
    JsonNode first = new Fixture().sarif();
    JsonNode second = new Fixture().sarif();
    List<String> prints = new ArrayList<>();
    for (JsonNode result : results(first)) {
      prints.add(result.at("/partialFingerprints/" + SarifReport.FINGERPRINT.replace("/", "~1")).asText());
    }
    List<String> again = new ArrayList<>();
    for (JsonNode result : results(second)) {
      again.add(result.at("/partialFingerprints/" + SarifReport.FINGERPRINT.replace("/", "~1")).asText());
    }
    assertEquals(prints, again);
    assertEquals(prints.size(), new HashSet<>(prints).size(), "one fingerprint per package version and reason");
    assertFalse(prints.contains(""));
    assertNotEquals(prints.get(0), prints.get(1));
  }

  @Test
  void theLockfilePathBecomesAUriReference() {
    assertEquals("web/package-lock.json", SarifReport.uriReference("web/package-lock.json"));
    assertEquals("my%20app/yarn.lock", SarifReport.uriReference("my app\\yarn.lock"));
    assertEquals("./a:b/yarn.lock", SarifReport.uriReference("a:b/yarn.lock"));
  }

  @Test
  void everyCheckIdAndFindingTypeHasADescription() {
    java.util.Set<String> described = SarifReport.describedIds();
    for (CheckId id : CheckId.values()) {
      assertTrue(described.contains(id.wireName()), "sarif-rules.json lacks " + id.wireName());
    }
    for (FindingType type : FindingType.values()) {
      assertTrue(described.contains(type.wireName()), "sarif-rules.json lacks " + type.wireName());
    }
  }
}
