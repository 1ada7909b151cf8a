package dev.hekate.core.lockfile;

import static dev.hekate.core.lockfile.PolicyVerdicts.downgraded;
import static dev.hekate.core.lockfile.PolicyVerdicts.error;
import static dev.hekate.core.lockfile.PolicyVerdicts.failed;
import static dev.hekate.core.lockfile.PolicyVerdicts.locked;
import static dev.hekate.core.lockfile.PolicyVerdicts.missing;
import static dev.hekate.core.lockfile.PolicyVerdicts.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockfilePolicyTest {
  private static final String REPO = "https://github.com/myorg/cli";

  static LockfilePolicy json(String text) throws PolicyException {
    return LockfilePolicy.parse(text.getBytes(StandardCharsets.UTF_8), "hekate.json");
  }

  static LockfilePolicy yaml(String text) throws PolicyException {
    return LockfilePolicy.parse(text.getBytes(StandardCharsets.UTF_8), ".hekate.yaml");
  }

  private static List<String> rules(LockfilePolicy policy, String name, Verdict verdict) {
    return policy.violations(locked(name, verdict.version()), verdict).stream().map(PolicyViolation::rule).toList();
  }

  private static String refused(String text) {
    return assertThrows(PolicyException.class, () -> json(text)).getMessage();
  }

  // ---- the default: as verify-npm exits

  @Test
  void defaultFailsAsVerifyNpmExits() {
    LockfilePolicy p = LockfilePolicy.DEFAULT;
    assertFalse(p.fails(Optional.of(verified("a", "1.0.0", TrustTier.PROVENANCE, REPO)), List.of()));
    assertTrue(p.fails(Optional.of(failed("a", "1.0.0")), List.of()));
    assertTrue(p.fails(Optional.of(missing("a", "1.0.0", false)), List.of()));
    assertTrue(p.fails(Optional.empty(), List.of()), "not found");
    assertFalse(p.fails(Optional.of(error("a", "1.0.0")), List.of()), "ERROR is could-not-look, exit 3");
    assertTrue(p.fails(Optional.of(downgraded("a", "1.0.0", REPO)), List.of()), "a regression");
  }

  @Test
  void defaultFailsOnTheLockfileFindingsOnly() {
    LockfilePolicy p = LockfilePolicy.DEFAULT;
    for (FindingType lockfile : List.of(FindingType.LOCKFILE_INTEGRITY_MISMATCH, FindingType.LOCKFILE_RESOLVED_MISMATCH)) {
      Verdict v = verified("a", "1.0.0", TrustTier.PROVENANCE, REPO, Finding.of(lockfile, "x", "e", "a"));
      assertTrue(p.fails(Optional.of(v), List.of()), lockfile.wireName());
    }
    Verdict other = verified("a", "1.0.0", TrustTier.PROVENANCE, REPO, Finding.of(FindingType.REPOSITORY_MISMATCH, "x"));
    assertFalse(p.fails(Optional.of(other), List.of()));
  }

  @Test
  void aViolationAlwaysFails() {
    PolicyViolation v = new PolicyViolation(LockfilePolicy.RULE_TIER, "x");
    assertTrue(LockfilePolicy.DEFAULT.fails(Optional.of(verified("a", "1.0.0", TrustTier.PROVENANCE, REPO)), List.of(v)));
  }

  @Test
  void resultFillsViolationsAndFails() throws Exception {
    LockfilePolicy p = json("{\"require\": {\"*\": \"provenance\"}}");
    LockedPackage pkg = locked("a", "1.0.0");
    LockfileResult ok = p.result(pkg, Optional.of(verified("a", "1.0.0", TrustTier.PROVENANCE, REPO)), Optional.empty());
    assertEquals(List.of(), ok.violations());
    assertFalse(ok.fails());
    LockfileResult bad = p.result(pkg, Optional.of(missing("a", "1.0.0", false)), Optional.empty());
    assertEquals(List.of(LockfilePolicy.RULE_TIER), bad.violations().stream().map(PolicyViolation::rule).toList());
    assertTrue(bad.fails());
    LockfileResult gone = p.result(pkg, Optional.empty(), Optional.of("no such version"));
    assertEquals(List.of(), gone.violations());
    assertTrue(gone.fails());
  }

  // ---- require

  @Test
  void requireFlagsATierBelowTheMinimumNamingPatternAndTiers() throws Exception {
    LockfilePolicy p = json("{\"require\": {\"@myorg/*\": \"trusted_publisher\", \"*\": \"provenance\"}}");
    Verdict prov = verified("@myorg/cli", "1.0.0", TrustTier.PROVENANCE, REPO);
    List<PolicyViolation> v = p.violations(locked("@myorg/cli", "1.0.0"), prov);
    assertEquals(List.of(LockfilePolicy.RULE_TIER), v.stream().map(PolicyViolation::rule).toList());
    String message = v.get(0).message();
    assertTrue(message.contains("@myorg/*") && message.contains("trusted_publisher") && message.contains("provenance"),
        message);
    assertEquals(List.of(), rules(p, "@myorg/cli",
        verified("@myorg/cli", "1.0.0", TrustTier.TRUSTED_PUBLISHER, REPO)));
    assertEquals(List.of(), rules(p, "left-pad", verified("left-pad", "1.0.0", TrustTier.PROVENANCE, REPO)));
    assertEquals(List.of(LockfilePolicy.RULE_TIER), rules(p, "left-pad", missing("left-pad", "1.0.0", false)));
  }

  @Test
  void requireFlagsAVerdictWithoutATierAndIgnoresErrors() throws Exception {
    LockfilePolicy p = json("{\"require\": {\"*\": \"provenance\"}}");
    assertEquals(List.of(LockfilePolicy.RULE_TIER), rules(p, "a", failed("a", "1.0.0")));
    assertEquals(List.of(), rules(p, "a", error("a", "1.0.0")));
  }

  @Test
  void requireNoneAsksNothing() throws Exception {
    LockfilePolicy p = json("{\"require\": {\"*\": \"none\"}}");
    assertEquals(List.of(), rules(p, "a", missing("a", "1.0.0", false)));
    assertEquals(List.of(), rules(p, "a", failed("a", "1.0.0")));
  }

  // ---- patterns and precedence

  @Test
  void theMostSpecificPatternWins() throws Exception {
    LockfilePolicy p = json("""
        {"require": {"*": "none", "@myorg/*": "provenance", "@myorg/cli-*": "trusted_publisher",
                     "@myorg/cli-legacy": "none", "eslint-*": "provenance"}}""");
    assertEquals("@myorg/cli-legacy", p.requirement("@myorg/cli-legacy").orElseThrow().pattern().text());
    assertEquals("@myorg/cli-*", p.requirement("@myorg/cli-core").orElseThrow().pattern().text());
    assertEquals("@myorg/*", p.requirement("@myorg/web").orElseThrow().pattern().text());
    assertEquals("eslint-*", p.requirement("eslint-plugin-x").orElseThrow().pattern().text());
    assertEquals("*", p.requirement("eslint").orElseThrow().pattern().text());
    assertEquals("*", p.requirement("@other/x").orElseThrow().pattern().text());
    assertEquals(TrustTier.NONE, p.requirement("@myorg/cli-legacy").orElseThrow().value());
  }

  @Test
  void aPolicyBuiltInCodeRefusesAPatternTwice() {
    LockfilePolicy.Rule<TrustTier> one = new LockfilePolicy.Rule<>(PackagePattern.parse("@x/*"), TrustTier.NONE);
    LockfilePolicy.Rule<TrustTier> two = new LockfilePolicy.Rule<>(PackagePattern.parse("@x/*"), TrustTier.PROVENANCE);
    assertThrows(IllegalArgumentException.class,
        () -> LockfilePolicy.of(List.of(one, two), List.of(), TrustExceptions.NONE, LockfilePolicy.FailOn.DEFAULT));
    LockfilePolicy p = LockfilePolicy.of(List.of(one), List.of(), TrustExceptions.NONE, LockfilePolicy.FailOn.DEFAULT);
    assertEquals(TrustTier.NONE, p.requirement("@x/y").orElseThrow().value());
  }

  @Test
  void noPatternNoRequirement() throws Exception {
    LockfilePolicy p = json("{\"require\": {\"@myorg/*\": \"provenance\"}}");
    assertTrue(p.requirement("left-pad").isEmpty());
    assertEquals(List.of(), rules(p, "left-pad", missing("left-pad", "1.0.0", false)));
  }

  @Test
  void patternsMatchWithinTheName() {
    assertTrue(PackagePattern.parse("*").matches("@x/y"));
    assertTrue(PackagePattern.parse("@types/*").matches("@types/node"));
    assertFalse(PackagePattern.parse("@types/*").matches("@typesx/node"));
    assertFalse(PackagePattern.parse("foo*").matches("@x/foo"));
    assertTrue(PackagePattern.parse("foo*").matches("foobar"));
    assertFalse(PackagePattern.parse("foo*").matches("foo"), "a * stands for at least one character");
    assertFalse(PackagePattern.parse("foo").matches("foobar"));
    assertFalse(PackagePattern.parse("foo").matches("@x/foo"));
  }

  @Test
  void malformedPatternsAreRefused() {
    for (String bad : List.of("", "@my*", "@myorg", "*foo", "fo*o", "**", "a b", "../x", "@x/*/y", "_x*")) {
      String message = refused("{\"require\": {\"" + bad + "\": \"provenance\"}}");
      assertTrue(message.startsWith("hekate.json: require"), message);
    }
  }

  // ---- sources

  @Test
  void sourcesMatchTheProvenanceRepositoryWithoutRegardToCase() throws Exception {
    LockfilePolicy p = json("""
        {"sources": {"@myorg/*": ["github.com/MyOrg/*"], "left-pad": ["github.com/left-pad/left-pad"],
                     "glab": ["gitlab.com/group/sub/project"]}}""");
    assertEquals(List.of(), rules(p, "@myorg/cli",
        verified("@myorg/cli", "1.0.0", TrustTier.PROVENANCE, "https://github.com/myorg/CLI")));
    assertEquals(List.of(), rules(p, "left-pad",
        verified("left-pad", "1.0.0", TrustTier.PROVENANCE, "https://github.com/left-pad/left-pad.git")));
    assertEquals(List.of(), rules(p, "glab",
        verified("glab", "1.0.0", TrustTier.PROVENANCE, "https://gitlab.com/group/sub/project")));
    assertEquals(List.of(LockfilePolicy.RULE_SOURCE), rules(p, "@myorg/cli",
        verified("@myorg/cli", "1.0.0", TrustTier.PROVENANCE, "https://github.com/evil/cli")));
    assertEquals(List.of(LockfilePolicy.RULE_SOURCE), rules(p, "left-pad",
        verified("left-pad", "1.0.0", TrustTier.PROVENANCE, "https://github.com/left-pad/left-pad-fork")));
    assertEquals(List.of(LockfilePolicy.RULE_SOURCE), rules(p, "glab",
        verified("glab", "1.0.0", TrustTier.PROVENANCE, "https://gitlab.com/group/project")));
    assertEquals(List.of(LockfilePolicy.RULE_SOURCE), rules(p, "left-pad",
        verified("left-pad", "1.0.0", TrustTier.PROVENANCE, "")));
  }

  @Test
  void aSourceIsProvenOnlyByAVerifiedVerdict() throws Exception {
    LockfilePolicy p = json("{\"sources\": {\"*\": [\"github.com/myorg/*\"]}}");
    List<PolicyViolation> v = p.violations(locked("a", "1.0.0"), missing("a", "1.0.0", false));
    assertEquals(List.of(LockfilePolicy.RULE_SOURCE), v.stream().map(PolicyViolation::rule).toList());
    assertTrue(v.get(0).message().contains("github.com/myorg/*"), v.get(0).message());
    // FAILED evidence names a repository, but nothing about it verified.
    assertEquals(List.of(LockfilePolicy.RULE_SOURCE), rules(p, "a", failed("a", "1.0.0")));
    assertEquals(List.of(), rules(p, "a", error("a", "1.0.0")));
  }

  @Test
  void sourcePatternsParseAsSlsaVerifierSourceUris() {
    assertEquals("github.com/myorg/cli", SourcePattern.parse("GitHub.com/MyOrg/CLI").toString());
    for (String bad : List.of("https://github.com/a/b", "github.com/a", "github.com", "github.com/*/b",
        "github.com/a/b*", "github.com/a/..", "github/a/b", "github.com/a//b")) {
      assertThrows(IllegalArgumentException.class, () -> SourcePattern.parse(bad), bad);
    }
    assertEquals(Optional.of("github.com/a/b"), SourcePattern.normalise("git+https://GitHub.com/A/B.git/"));
    assertEquals(Optional.empty(), SourcePattern.normalise("git@github.com:a/b.git"));
    assertFalse(SourcePattern.parse("github.com/a/*").matches("https://github.com/a/b/c"));
    assertFalse(SourcePattern.parse("github.com/a/*").matches("https://github.com/a"));
  }

  @Test
  void bothRulesResolveIndependently() throws Exception {
    LockfilePolicy p = json("""
        {"require": {"@myorg/*": "trusted_publisher"}, "sources": {"*": ["github.com/myorg/*"]}}""");
    assertEquals(List.of(LockfilePolicy.RULE_TIER, LockfilePolicy.RULE_SOURCE), rules(p, "@myorg/cli",
        verified("@myorg/cli", "1.0.0", TrustTier.PROVENANCE, "https://github.com/else/cli")));
  }

  // ---- allowDowngrade

  @Test
  void allowDowngradeIsTrustExceptions() throws Exception {
    LockfilePolicy p = json("{\"allowDowngrade\": [\"some-pkg\", \"@x/other@1.2.3\"]}");
    assertEquals(List.of("some-pkg", "@x/other@1.2.3"), p.trustExceptions().texts());
    assertTrue(p.trustExceptions().match("@x/other", "1.2.3").isPresent());
    assertTrue(p.trustExceptions().match("@x/other", "1.2.4").isEmpty());
    assertTrue(LockfilePolicy.DEFAULT.trustExceptions().isEmpty());
    String message = refused("{\"allowDowngrade\": [\"foo@^1.0.0\"]}");
    assertTrue(message.startsWith("hekate.json: allowDowngrade"), message);
  }

  // ---- failOn

  @Test
  void missingCanBeAllowedButARegressionStillFails() throws Exception {
    LockfilePolicy p = json("{\"failOn\": {\"missing\": false}}");
    assertFalse(p.fails(Optional.of(missing("a", "1.0.0", false)), List.of()));
    assertTrue(p.fails(Optional.of(missing("a", "1.0.0", true)), List.of()));
    assertTrue(p.fails(Optional.of(failed("a", "1.0.0")), List.of()));
    assertTrue(p.fails(Optional.empty(), List.of()));
    assertEquals(LockfilePolicy.DEFAULT_FAILING_FINDINGS, p.failOn().findings());
  }

  @Test
  void notFoundCanBeAllowed() throws Exception {
    assertFalse(json("{\"failOn\": {\"notFound\": false}}").fails(Optional.empty(), List.of()));
  }

  @Test
  void findingsReplaceTheDefaultList() throws Exception {
    LockfilePolicy p = json("{\"failOn\": {\"findings\": [\"repository_mismatch\"]}}");
    assertEquals(Set.of(FindingType.REPOSITORY_MISMATCH), p.failOn().findings());
    assertTrue(p.fails(Optional.of(verified("a", "1.0.0", TrustTier.PROVENANCE, REPO,
        Finding.of(FindingType.REPOSITORY_MISMATCH, "x"))), List.of()));
    assertFalse(p.fails(Optional.of(verified("a", "1.0.0", TrustTier.PROVENANCE, REPO,
        Finding.of(FindingType.LOCKFILE_RESOLVED_MISMATCH, "x", "e", "a"))), List.of()));
    LockfilePolicy none = json("{\"failOn\": {\"findings\": []}}");
    assertEquals(Set.of(), none.failOn().findings());
  }

  @Test
  void whatAlwaysOrNeverFailsIsNotConfigurable() {
    for (String key : List.of("failed", "regression", "error", "violations")) {
      String message = refused("{\"failOn\": {\"" + key + "\": false}}");
      assertTrue(message.startsWith("hekate.json: failOn." + key + " is not configurable"), message);
    }
  }

  // ---- malformed files

  @Test
  void malformedFilesAreRefusedNamingTheKey() {
    assertTrue(refused("{\"requires\": {}}").contains("unknown key \"requires\""));
    assertTrue(refused("{\"require\": {\"*\": \"trusted\"}}").contains("require.\"*\" unknown tier \"trusted\""));
    assertTrue(refused("{\"require\": {\"*\": 1}}").contains("require.\"*\" must be a tier"));
    assertTrue(refused("{\"require\": []}").contains("require must be an object"));
    assertTrue(refused("{\"sources\": {\"*\": []}}").contains("sources.\"*\" must be a non-empty list"));
    assertTrue(refused("{\"sources\": {\"*\": \"github.com/a/b\"}}").contains("sources.\"*\" must be a non-empty list"));
    assertTrue(refused("{\"sources\": {\"*\": [\"https://github.com/a/b\"]}}").contains("has a scheme"));
    assertTrue(refused("{\"allowDowngrade\": \"x\"}").contains("allowDowngrade must be a list"));
    assertTrue(refused("{\"failOn\": {\"missing\": \"no\"}}").contains("failOn.missing must be true or false"));
    assertTrue(refused("{\"failOn\": {\"findings\": [\"repo_mismatch\"]}}")
        .contains("failOn.findings unknown finding type \"repo_mismatch\""));
    assertTrue(refused("{\"failOn\": {\"findings\": [\"first_provenance\", \"first_provenance\"]}}")
        .contains("twice"));
    assertTrue(refused("{\"failOn\": {\"missng\": false}}").contains("failOn unknown key \"missng\""));
    assertTrue(refused("[]").contains("must be an object"));
    assertTrue(refused("{").contains("not valid JSON"));
    assertTrue(refused("").contains("hekate.json"));
  }

  @Test
  void duplicateKeysAreRefusedInJsonAndYaml() {
    String json = refused("{\"require\": {\"*\": \"none\", \"*\": \"provenance\"}}");
    assertTrue(json.contains("Duplicate") || json.contains("duplicate"), json);
    PolicyException yaml = assertThrows(PolicyException.class,
        () -> yaml("require:\n  '*': none\n  '*': provenance\n"));
    assertTrue(yaml.getMessage().toLowerCase(Locale.ROOT).contains("duplicate"), yaml.getMessage());
  }

  @Test
  void aFileOverTheLimitIsRefused() {
    byte[] big = new byte[Limits.MAX_POLICY_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[big.length - 1] = '}';
    String message = assertThrows(PolicyException.class, () -> LockfilePolicy.parse(big, "hekate.json")).getMessage();
    assertTrue(message.contains("over the limit"), message);
  }

  @Test
  void yamlReadsAsJsonDoes() throws Exception {
    LockfilePolicy p = yaml("""
        # the organisation's own packages come from its repositories, through trusted publishing
        require:
          "@myorg/*": trusted_publisher
        sources:
          "@myorg/*": [github.com/myorg/*]
        allowDowngrade: [some-pkg]
        failOn:
          missing: false
          findings: [lockfile_integrity_mismatch]
        """);
    assertEquals(TrustTier.TRUSTED_PUBLISHER, p.requirement("@myorg/x").orElseThrow().value());
    assertEquals("github.com/myorg/*", p.expectedSources("@myorg/x").orElseThrow().value().get(0).toString());
    assertFalse(p.failOn().missing());
    assertEquals(List.of("some-pkg"), p.trustExceptions().texts());
  }

  @Test
  void yamlBooleansAreYaml11s() throws Exception {
    assertFalse(yaml("failOn:\n  missing: no\n").failOn().missing());
  }

  @Test
  void yamlIsRefusedWhenAmbiguousOrEmpty() {
    assertTrue(assertThrows(PolicyException.class, () -> yaml("require: {}\n---\nrequire: {}\n")).getMessage()
        .contains("more than one YAML document"));
    assertTrue(assertThrows(PolicyException.class, () -> yaml("")).getMessage().contains("empty"));
    // A quoted "false" is a string, not a boolean.
    assertTrue(assertThrows(PolicyException.class, () -> yaml("failOn:\n  missing: 'false'\n")).getMessage()
        .contains("failOn.missing must be true or false"));
    assertTrue(assertThrows(PolicyException.class, () -> yaml("require: [\n")).getMessage()
        .contains("not valid YAML"));
  }

  // ---- files

  @Test
  void loadsByExtensionOrContent(@TempDir Path dir) throws Exception {
    Path json = Files.writeString(dir.resolve("policy"), "{\"require\": {\"*\": \"provenance\"}}");
    assertEquals(TrustTier.PROVENANCE, LockfilePolicy.load(json).requirement("x").orElseThrow().value());
    Path yaml = Files.writeString(dir.resolve("policy.yml"), "require:\n  '*': provenance\n");
    assertEquals(TrustTier.PROVENANCE, LockfilePolicy.load(yaml).requirement("x").orElseThrow().value());
    String message = assertThrows(PolicyException.class, () -> LockfilePolicy.load(dir.resolve("absent.json")))
        .getMessage();
    assertTrue(message.contains("no such file"), message);
  }

  @Test
  void besideFindsOnePolicyFileAndRefusesTwo(@TempDir Path dir) throws Exception {
    Path lockfile = Files.writeString(dir.resolve("package-lock.json"), "{}");
    assertEquals(Optional.empty(), LockfilePolicy.beside(lockfile));
    Path json = Files.writeString(dir.resolve(LockfilePolicy.JSON_FILE), "{}");
    assertEquals(Optional.of(json.toAbsolutePath()), LockfilePolicy.beside(lockfile));
    Files.writeString(dir.resolve(LockfilePolicy.YAML_FILE), "{}");
    String message = assertThrows(PolicyException.class, () -> LockfilePolicy.beside(lockfile)).getMessage();
    assertTrue(message.contains("both"), message);
    Files.delete(json);
    assertEquals(Optional.of(dir.resolve(LockfilePolicy.YAML_FILE).toAbsolutePath()), LockfilePolicy.beside(lockfile));
  }
}
