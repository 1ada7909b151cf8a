package dev.hekate.core.lockfile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.InvalidSpecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code hekate verify-lockfile} asks of a lockfile's packages beyond the verdict itself: the
 * minimum trust tier per package pattern ({@code require}), the source repositories a package must
 * be built from ({@code sources}), the trust downgrades accepted ({@code allowDowngrade}) and which
 * outcomes fail the run ({@code failOn}). The format is docs/lockfile-policy.md, its schema
 * docs/lockfile-policy.schema.json.
 *
 * <p>Which entry applies to a package: the most specific matching pattern of that map
 * ({@link PackagePattern#MOST_SPECIFIC_FIRST}); {@code require} and {@code sources} are resolved
 * independently. An ERROR verdict (Hekate could not look) breaks no rule and never fails the run
 * here: the command reports it apart (exit 3).
 *
 * <p>Immutable and thread-safe. {@link #load} refuses a file with anything it does not understand;
 * a policy is never loaded in part.
 */
public final class LockfilePolicy {
  /** The JSON policy file looked for beside a lockfile. */
  public static final String JSON_FILE = "hekate.json";
  /** The YAML policy file looked for beside a lockfile. */
  public static final String YAML_FILE = ".hekate.yaml";
  /** {@link PolicyViolation#rule()} of a version below the tier its pattern requires. */
  public static final String RULE_TIER = "policy_tier";
  /** {@link PolicyViolation#rule()} of a version not proven built from a source its pattern expects. */
  public static final String RULE_SOURCE = "policy_source";

  /** The findings that fail a run when a policy does not list its own: the lockfile's disagreements with the registry. */
  public static final Set<FindingType> DEFAULT_FAILING_FINDINGS = Collections.unmodifiableSet(
      EnumSet.of(FindingType.LOCKFILE_INTEGRITY_MISMATCH, FindingType.LOCKFILE_RESOLVED_MISMATCH));

  /**
   * Which outcomes, besides those that always fail, fail the run. Always failing, whatever the
   * policy: a FAILED verdict, a regression (a downgrade not excepted), a policy violation. Never
   * failing: an ERROR verdict.
   *
   * @param missing a MISSING verdict (no provenance) fails
   * @param notFound a package version the registry does not have fails
   * @param findings a verdict with a finding of one of these types fails
   */
  public record FailOn(boolean missing, boolean notFound, Set<FindingType> findings) {
    /** As {@code hekate verify-npm} exits: MISSING and not found fail, and the lockfile findings. */
    public static final FailOn DEFAULT = new FailOn(true, true, DEFAULT_FAILING_FINDINGS);

    public FailOn {
      findings = findings.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(findings));
    }
  }

  /**
   * One entry of a pattern map.
   *
   * @param pattern the names it applies to
   * @param value what it says of them
   */
  public record Rule<T>(PackagePattern pattern, T value) {
    public Rule {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(value, "value");
    }
  }

  /** No requirement, no expected source, no exception; fails as {@code hekate verify-npm} exits. */
  public static final LockfilePolicy DEFAULT =
      new LockfilePolicy(List.of(), List.of(), TrustExceptions.NONE, FailOn.DEFAULT);

  private static final Set<String> TOP_KEYS = Set.of("$schema", "require", "sources", "allowDowngrade", "failOn");
  private static final Set<String> FAIL_ON_KEYS = Set.of("missing", "notFound", "findings");
  private static final Map<String, String> ALWAYS = Map.of(
      "failed", "a FAILED verdict always fails the run",
      "regression", "a regression always fails the run (accept a downgrade with allowDowngrade)",
      "error", "an ERROR verdict (Hekate could not look) never fails the run: the command exits 3 for it",
      "violations", "a policy violation always fails the run");

  private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Limits.MAX_JSON_DEPTH)
          .maxStringLength(Limits.MAX_POLICY_BYTES)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private final List<Rule<TrustTier>> require;
  private final List<Rule<List<SourcePattern>>> sources;
  private final TrustExceptions allowDowngrade;
  private final FailOn failOn;

  private LockfilePolicy(List<Rule<TrustTier>> require, List<Rule<List<SourcePattern>>> sources,
      TrustExceptions allowDowngrade, FailOn failOn) {
    this.require = mostSpecificFirst(require);
    this.sources = mostSpecificFirst(sources);
    this.allowDowngrade = Objects.requireNonNull(allowDowngrade, "allowDowngrade");
    this.failOn = Objects.requireNonNull(failOn, "failOn");
  }

  /**
   * A policy from values (for callers that build one in code; files go through {@link #load}).
   *
   * @throws IllegalArgumentException when a pattern appears twice in one map
   */
  public static LockfilePolicy of(List<Rule<TrustTier>> require, List<Rule<List<SourcePattern>>> sources,
      TrustExceptions allowDowngrade, FailOn failOn) {
    return new LockfilePolicy(require, sources, allowDowngrade, failOn);
  }

  private static <T> List<Rule<T>> mostSpecificFirst(List<Rule<T>> rules) {
    List<Rule<T>> sorted = new ArrayList<>(rules);
    sorted.sort((a, b) -> PackagePattern.MOST_SPECIFIC_FIRST.compare(a.pattern(), b.pattern()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).pattern().equals(sorted.get(i - 1).pattern())) {
        throw new IllegalArgumentException("pattern " + sorted.get(i).pattern() + " appears twice");
      }
    }
    return List.copyOf(sorted);
  }

  // ---- finding and loading the file

  /**
   * The policy file beside a lockfile: {@value #JSON_FILE} or {@value #YAML_FILE} in its folder.
   *
   * @throws PolicyException when both are there: which one applies would be a guess
   */
  public static Optional<Path> beside(Path lockfile) throws PolicyException {
    Path folder = lockfile.toAbsolutePath().getParent();
    if (folder == null) {
      return Optional.empty();
    }
    Path json = folder.resolve(JSON_FILE);
    Path yaml = folder.resolve(YAML_FILE);
    // A dangling link counts as there: load then says so, rather than the other file being used.
    boolean hasJson = Files.exists(json, LinkOption.NOFOLLOW_LINKS);
    boolean hasYaml = Files.exists(yaml, LinkOption.NOFOLLOW_LINKS);
    if (hasJson && hasYaml) {
      throw new PolicyException("both " + json + " and " + yaml + " are there: keep one policy file, or name one");
    }
    return hasJson ? Optional.of(json) : hasYaml ? Optional.of(yaml) : Optional.empty();
  }

  /**
   * Reads a policy file: JSON when its name ends in {@code .json}, YAML when in {@code .yaml} or
   * {@code .yml}, else JSON when it starts with <code>{</code> and YAML otherwise.
   *
   * @throws PolicyException when the file cannot be read, is over {@value Limits#MAX_POLICY_BYTES}
   *     bytes, or is not a policy (the message names the file and what is wrong)
   */
  public static LockfilePolicy load(Path file) throws PolicyException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(Limits.MAX_POLICY_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new PolicyException(file + ": no such file");
    } catch (IOException e) {
      throw new PolicyException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  /**
   * Parses a policy's bytes, as {@link #load} does; {@code name} is the file name, for the syntax
   * and the messages.
   *
   * @throws PolicyException when the bytes are not a policy
   */
  public static LockfilePolicy parse(byte[] bytes, String name) throws PolicyException {
    if (bytes.length > Limits.MAX_POLICY_BYTES) {
      throw new PolicyException(name + ": over the limit of " + Limits.MAX_POLICY_BYTES + " bytes");
    }
    JsonNode root = isJson(bytes, name) ? readJson(bytes, name) : readYaml(bytes, name);
    return new PolicyReader(name).policy(root);
  }

  private static boolean isJson(byte[] bytes, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return true;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return false;
    }
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{';
      }
    }
    return false;
  }

  private static JsonNode readJson(byte[] bytes, String name) throws PolicyException {
    try {
      return Json.parse(bytes, Limits.MAX_POLICY_BYTES, name);
    } catch (JsonFormatException e) {
      throw new PolicyException(e.getMessage());
    }
  }

  private static JsonNode readYaml(byte[] bytes, String name) throws PolicyException {
    try (JsonParser parser = YAML.createParser(bytes)) {
      JsonNode node = YAML.readTree(parser);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw new PolicyException(name + " is empty");
      }
      if (parser.nextToken() != null) {
        throw new PolicyException(name + " has more than one YAML document");
      }
      return node;
    } catch (IOException | RuntimeException e) {
      // SnakeYAML reports some malformed input (bad aliases, too many of them) unchecked.
      throw new PolicyException(name + " is not valid YAML: " + Json.firstLine(e.getMessage()), e);
    }
  }

  /** Turns a parsed tree into a policy, refusing anything it does not know. */
  private record PolicyReader(String name) {
    LockfilePolicy policy(JsonNode root) throws PolicyException {
      if (!root.isObject()) {
        throw error("", "must be an object with require, sources, allowDowngrade or failOn");
      }
      for (String key : keys(root)) {
        if (!TOP_KEYS.contains(key)) {
          throw error("", "unknown key \"" + key + "\" (known: require, sources, allowDowngrade, failOn)");
        }
      }
      JsonNode schema = root.get("$schema");
      if (schema != null && !schema.isTextual()) {
        throw error("$schema", "must be a string");
      }
      return new LockfilePolicy(require(root.get("require")), sources(root.get("sources")),
          allowDowngrade(root.get("allowDowngrade")), failOn(root.get("failOn")));
    }

    List<Rule<TrustTier>> require(JsonNode node) throws PolicyException {
      List<Rule<TrustTier>> rules = new ArrayList<>();
      for (Map.Entry<PackagePattern, JsonNode> e : patternMap(node, "require").entrySet()) {
        String where = "require." + quoted(e.getKey().text());
        rules.add(new Rule<>(e.getKey(), tier(e.getValue(), where)));
      }
      return rules;
    }

    TrustTier tier(JsonNode node, String where) throws PolicyException {
      String known = Arrays.stream(TrustTier.values()).map(TrustTier::wireName).collect(Collectors.joining(", "));
      if (!node.isTextual()) {
        throw error(where, "must be a tier: " + known);
      }
      for (TrustTier tier : TrustTier.values()) {
        if (tier.wireName().equals(node.asText())) {
          return tier;
        }
      }
      throw error(where, "unknown tier \"" + node.asText() + "\" (known: " + known + ")");
    }

    List<Rule<List<SourcePattern>>> sources(JsonNode node) throws PolicyException {
      List<Rule<List<SourcePattern>>> rules = new ArrayList<>();
      for (Map.Entry<PackagePattern, JsonNode> e : patternMap(node, "sources").entrySet()) {
        String where = "sources." + quoted(e.getKey().text());
        JsonNode list = e.getValue();
        if (!list.isArray() || list.isEmpty()) {
          throw error(where, "must be a non-empty list of repositories (HOST/OWNER/REPO)");
        }
        if (list.size() > Limits.MAX_POLICY_SOURCES_PER_PATTERN) {
          throw error(where, "has more than " + Limits.MAX_POLICY_SOURCES_PER_PATTERN + " repositories");
        }
        List<SourcePattern> patterns = new ArrayList<>();
        for (JsonNode item : list) {
          if (!item.isTextual()) {
            throw error(where, "must hold strings (HOST/OWNER/REPO)");
          }
          try {
            patterns.add(SourcePattern.parse(item.asText()));
          } catch (IllegalArgumentException ex) {
            throw error(where, ex.getMessage());
          }
        }
        rules.add(new Rule<>(e.getKey(), List.copyOf(patterns)));
      }
      return rules;
    }

    TrustExceptions allowDowngrade(JsonNode node) throws PolicyException {
      if (node == null) {
        return TrustExceptions.NONE;
      }
      if (!node.isArray()) {
        throw error("allowDowngrade", "must be a list of NAME or NAME@VERSION");
      }
      List<String> entries = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isTextual()) {
          throw error("allowDowngrade", "must hold strings (NAME or NAME@VERSION)");
        }
        entries.add(item.asText());
      }
      try {
        return TrustExceptions.parse(entries);
      } catch (InvalidSpecException e) {
        throw error("allowDowngrade", e.getMessage());
      }
    }

    FailOn failOn(JsonNode node) throws PolicyException {
      if (node == null) {
        return FailOn.DEFAULT;
      }
      if (!node.isObject()) {
        throw error("failOn", "must be an object with missing, notFound or findings");
      }
      for (String key : keys(node)) {
        if (ALWAYS.containsKey(key)) {
          throw error("failOn." + key, "is not configurable: " + ALWAYS.get(key));
        }
        if (!FAIL_ON_KEYS.contains(key)) {
          throw error("failOn", "unknown key \"" + key + "\" (known: missing, notFound, findings)");
        }
      }
      boolean missing = bool(node.get("missing"), "failOn.missing", FailOn.DEFAULT.missing());
      boolean notFound = bool(node.get("notFound"), "failOn.notFound", FailOn.DEFAULT.notFound());
      JsonNode findings = node.get("findings");
      if (findings == null) {
        return new FailOn(missing, notFound, FailOn.DEFAULT.findings());
      }
      if (!findings.isArray()) {
        throw error("failOn.findings", "must be a list of finding types");
      }
      Map<String, FindingType> byWireName = new HashMap<>();
      for (FindingType type : FindingType.values()) {
        byWireName.put(type.wireName(), type);
      }
      Set<FindingType> types = EnumSet.noneOf(FindingType.class);
      for (JsonNode item : findings) {
        FindingType type = item.isTextual() ? byWireName.get(item.asText()) : null;
        if (type == null) {
          throw error("failOn.findings", "unknown finding type " + (item.isTextual() ? quoted(item.asText()) : item.toString())
              + " (the types are in docs/checks.md)");
        }
        if (!types.add(type)) {
          throw error("failOn.findings", "lists " + quoted(item.asText()) + " twice");
        }
      }
      return new FailOn(missing, notFound, types);
    }

    boolean bool(JsonNode node, String where, boolean absent) throws PolicyException {
      if (node == null) {
        return absent;
      }
      if (!node.isBoolean()) {
        throw error(where, "must be true or false");
      }
      return node.booleanValue();
    }

    /** A map from patterns, in file order; absent is empty. */
    Map<PackagePattern, JsonNode> patternMap(JsonNode node, String key) throws PolicyException {
      Map<PackagePattern, JsonNode> map = new LinkedHashMap<>();
      if (node == null) {
        return map;
      }
      if (!node.isObject()) {
        throw error(key, "must be an object from package patterns");
      }
      if (node.size() > Limits.MAX_POLICY_PATTERNS) {
        throw error(key, "has more than " + Limits.MAX_POLICY_PATTERNS + " patterns");
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        try {
          map.put(PackagePattern.parse(e.getKey()), e.getValue());
        } catch (IllegalArgumentException ex) {
          throw error(key, ex.getMessage());
        }
      }
      return map;
    }

    List<String> keys(JsonNode node) {
      return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    PolicyException error(String where, String what) {
      return new PolicyException(name + ": " + (where.isEmpty() ? "" : where + " ") + what);
    }
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  // ---- what the policy says

  /** The most specific {@code require} entry for {@code name}, if any applies. */
  public Optional<Rule<TrustTier>> requirement(String name) {
    return first(require, name);
  }

  /** The most specific {@code sources} entry for {@code name}, if any applies. */
  public Optional<Rule<List<SourcePattern>>> expectedSources(String name) {
    return first(sources, name);
  }

  private static <T> Optional<Rule<T>> first(List<Rule<T>> rules, String name) {
    Objects.requireNonNull(name, "name");
    return rules.stream().filter(r -> r.pattern().matches(name)).findFirst();
  }

  /** The {@code require} entries, most specific first. */
  public List<Rule<TrustTier>> require() {
    return require;
  }

  /** The {@code sources} entries, most specific first. */
  public List<Rule<List<SourcePattern>>> sources() {
    return sources;
  }

  /** The downgrades the policy accepts ({@code allowDowngrade}), for the verifier. */
  public TrustExceptions trustExceptions() {
    return allowDowngrade;
  }

  /** What fails the run besides what always does. */
  public FailOn failOn() {
    return failOn;
  }

  /**
   * The rules {@code verdict} breaks for {@code locked}: {@value #RULE_TIER} when the version's tier
   * is below the one required for its pattern (or it has none), {@value #RULE_SOURCE} when a
   * pattern expects source repositories and the version is not VERIFIED from one of them (a version
   * without verified provenance proves no source). None for an ERROR verdict: nothing was seen.
   */
  public List<PolicyViolation> violations(LockedPackage locked, Verdict verdict) {
    if (verdict.status() == Status.ERROR) {
      return List.of();
    }
    List<PolicyViolation> violations = new ArrayList<>(2);
    requirement(locked.name()).ifPresent(rule -> {
      TrustTier required = rule.value();
      Optional<TrustTier> tier = verdict.tier();
      if (required != TrustTier.NONE && (tier.isEmpty() || tier.get().below(required))) {
        violations.add(new PolicyViolation(RULE_TIER, locked.spec() + " has "
            + tier.map(t -> "tier " + t.wireName()).orElse("no trust tier (" + verdict.status() + ")")
            + "; the policy requires " + required.wireName() + " for " + rule.pattern()));
      }
    });
    expectedSources(locked.name()).ifPresent(rule -> {
      String expected = rule.value().stream().map(SourcePattern::toString).collect(Collectors.joining(", "));
      if (verdict.status() != Status.VERIFIED) {
        violations.add(new PolicyViolation(RULE_SOURCE, locked.spec() + " has no verified provenance ("
            + verdict.status() + "): nothing proves it was built from " + expected + ", as the policy expects for "
            + rule.pattern()));
        return;
      }
      String actual = verdict.evidence().sourceRepository();
      if (rule.value().stream().noneMatch(p -> p.matches(actual))) {
        violations.add(new PolicyViolation(RULE_SOURCE, locked.spec() + " was built from "
            + (actual.isEmpty() ? "an unnamed repository" : actual) + "; the policy expects " + expected + " for "
            + rule.pattern()));
      }
    });
    return List.copyOf(violations);
  }

  /**
   * Whether a package version fails the run: always on a policy violation, a FAILED verdict or a
   * regression; on a MISSING verdict, a version the registry does not have ({@code verdict} empty)
   * or a listed finding as {@link #failOn()} says; never on an ERROR verdict.
   */
  public boolean fails(Optional<Verdict> verdict, List<PolicyViolation> violations) {
    if (!violations.isEmpty()) {
      return true;
    }
    if (verdict.isEmpty()) {
      return failOn.notFound();
    }
    Verdict v = verdict.get();
    return switch (v.status()) {
      case ERROR -> false;
      case FAILED -> true;
      case MISSING -> v.regression() || failOn.missing() || hasFailingFinding(v);
      case VERIFIED -> v.regression() || hasFailingFinding(v);
    };
  }

  private boolean hasFailingFinding(Verdict verdict) {
    for (Finding finding : verdict.findings()) {
      if (failOn.findings().contains(finding.type())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The result for one lockfile entry: its verdict, or why there is none, with the violations and
   * whether it fails the run.
   *
   * @param notFound why there is no verdict; present exactly when {@code verdict} is empty
   */
  public LockfileResult result(LockedPackage locked, Optional<Verdict> verdict, Optional<String> notFound) {
    List<PolicyViolation> violations = verdict.map(v -> violations(locked, v)).orElse(List.of());
    return new LockfileResult(locked, verdict, notFound, violations, fails(verdict, violations));
  }
}
