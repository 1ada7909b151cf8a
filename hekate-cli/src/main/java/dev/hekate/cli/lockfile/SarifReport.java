package dev.hekate.cli.lockfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.lockfile.LockedPackage;
import dev.hekate.core.lockfile.LockfilePolicy;
import dev.hekate.core.lockfile.LockfileResult;
import dev.hekate.core.lockfile.PolicyViolation;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The results of {@code hekate verify-lockfile} as a SARIF 2.1.0 log, for code scanning (GitHub,
 * GitLab, IDEs): one run of the tool {@code hekate}, a rule per reason a package version can be
 * reported, and a result per package version and reason, located at the version's line in the
 * lockfile.
 *
 * <p>Rules: {@code not_found}, {@code missing}, {@code regression}, {@code failed} (a FAILED
 * verdict naming no check), {@code error} (not checked), {@code policy_tier}, {@code policy_source},
 * then every check id (the check that failed a FAILED verdict) and every finding type. The list is
 * the whole catalogue, in that order, so a rule's index is the same in every log.
 *
 * <p>Levels: {@code error} for what fails the run (as the policy decides), {@code warning} for a
 * finding that does not and for a version that could not be checked, {@code note} for what is
 * informational (a MISSING verdict the policy allows, a first provenance, an excepted downgrade).
 * A VERIFIED version without findings or violations gives no result.
 *
 * <p>Every text taken from a verdict (finding messages come from registry data, check details from
 * the evidence) passes through {@link UntrustedText#terminal}: bounded, control and bidirectional
 * characters made visible.
 */
public final class SarifReport {
  /** Where SARIF consumers find the format's schema. */
  public static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
  public static final String SARIF_VERSION = "2.1.0";
  /** The project's home, for {@code tool.driver.informationUri}. */
  public static final String INFORMATION_URI = "https://github.com/hekate-dev/hekate";
  private static final String DOCS = INFORMATION_URI + "/blob/main/docs/";
  /** The key of the fingerprint that follows one reason for one package version across runs. */
  public static final String FINGERPRINT = "hekatePackageRule/v1";

  public static final String RULE_NOT_FOUND = "not_found";
  public static final String RULE_MISSING = "missing";
  public static final String RULE_REGRESSION = "regression";
  public static final String RULE_FAILED = "failed";
  public static final String RULE_ERROR = "error";

  /** Findings that inform rather than warn. */
  private static final Set<FindingType> INFORMATIONAL =
      Set.of(FindingType.FIRST_PROVENANCE, FindingType.TRUST_DOWNGRADE_EXCEPTED);

  /** Findings that say why a verdict is a regression: they fail the run with it. */
  private static final Set<FindingType> REGRESSION_FINDINGS =
      Set.of(FindingType.PROVENANCE_REGRESSION, FindingType.TRUST_DOWNGRADE);

  private static final List<Rule> RULES = catalogue();
  private static final Map<String, Integer> INDEX = index(RULES);

  private SarifReport() {}

  /** One reportable reason: its id, what it says, where it is documented, its level by default. */
  record Rule(String id, String shortText, String fullText, String helpUri, String level) {}

  /**
   * The SARIF log for {@code results}.
   *
   * @param lockfileUri the lockfile as given on the command line, relative to where code scanning
   *     resolves paths (the repository root); percent-encoded here where a URI needs it
   * @param results every package version's result, in lockfile order
   * @param policy the policy that decided the results, for the levels of what it lets pass
   * @param toolVersion Hekate's version
   */
  public static ObjectNode sarif(String lockfileUri, List<LockfileResult> results, LockfilePolicy policy,
      String toolVersion) {
    return sarif(Map.of(Objects.requireNonNull(lockfileUri, "lockfileUri"), results), policy, toolVersion);
  }

  /**
   * The SARIF log for several lockfiles verified in one run: one run, each result located in its
   * lockfile (a version several lockfiles install is reported in each, at its line there).
   *
   * @param resultsByLockfile per lockfile as given on the command line (see {@link #sarif(String,
   *     List, LockfilePolicy, String)}), the results of the versions it installs, its own entry as
   *     each result's {@code locked}
   */
  public static ObjectNode sarif(Map<String, List<LockfileResult>> resultsByLockfile, LockfilePolicy policy,
      String toolVersion) {
    Objects.requireNonNull(policy, "policy");
    ObjectNode log = Json.newObject();
    log.put("$schema", SCHEMA_URI);
    log.put("version", SARIF_VERSION);
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "hekate");
    driver.put("informationUri", INFORMATION_URI);
    driver.put("version", Objects.requireNonNull(toolVersion, "toolVersion"));
    ArrayNode rules = driver.putArray("rules");
    for (Rule rule : RULES) {
      rules.add(rule(rule));
    }
    ArrayNode out = run.putArray("results");
    for (Map.Entry<String, List<LockfileResult>> lockfile : resultsByLockfile.entrySet()) {
      String uri = uriReference(lockfile.getKey());
      for (LockfileResult result : lockfile.getValue()) {
        new PackageResults(result, policy, uri, out).add();
      }
    }
    return log;
  }

  /** {@link #sarif}, written as UTF-8 JSON to {@code out} (left open). */
  public static void write(String lockfileUri, List<LockfileResult> results, LockfilePolicy policy, String toolVersion,
      OutputStream out) throws IOException {
    out.write(Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(sarif(lockfileUri, results, policy, toolVersion)));
    out.flush();
  }

  /** Every rule id, in the order of the log's rules. */
  public static List<String> ruleIds() {
    return RULES.stream().map(Rule::id).toList();
  }

  // ---- results

  /** The results of one package version, each reason once (findings of one type: numbered). */
  private static final class PackageResults {
    private final LockfileResult result;
    private final LockfilePolicy policy;
    private final String uri;
    private final ArrayNode out;
    private final Map<String, Integer> seen = new HashMap<>();

    PackageResults(LockfileResult result, LockfilePolicy policy, String uri, ArrayNode out) {
      this.result = result;
      this.policy = policy;
      this.uri = uri;
      this.out = out;
    }

    void add() {
      LockedPackage locked = result.locked();
      String spec = locked.spec();
      if (result.verdict().isEmpty()) {
        add(RULE_NOT_FOUND, policy.failOn().notFound() ? "error" : "warning",
            spec + " is not in the registry: " + result.notFound().orElse("no such package or version"));
      } else {
        verdict(spec, result.verdict().get());
      }
      for (PolicyViolation violation : result.violations()) {
        add(violation.rule(), "error", violation.message());
      }
    }

    private void verdict(String spec, Verdict verdict) {
      switch (verdict.status()) {
        case ERROR -> add(RULE_ERROR, "warning", spec + " was not checked: Hekate could not look ("
            + verdict.error().orElse("no reason given") + "); run again");
        case FAILED -> {
          String rule = verdict.firstFailure().map(c -> c.result().id().wireName()).orElse(RULE_FAILED);
          add(rule, "error", spec + " FAILED" + verdict.firstFailure().map(SarifReport::describe).orElse(""));
        }
        case MISSING -> {
          if (verdict.regression()) {
            add(RULE_REGRESSION, "error", spec + " has no provenance, and an earlier version had it (regression)");
          } else {
            add(RULE_MISSING, policy.failOn().missing() ? "error" : "note",
                spec + " has no provenance: no CI build vouches for it");
          }
        }
        case VERIFIED -> {
          if (verdict.regression()) {
            add(RULE_REGRESSION, "error", spec + " was published with less trust ("
                + verdict.tier().map(TrustTier::wireName).orElse("no tier") + ") than an earlier version (regression)");
          }
        }
      }
      for (Finding finding : verdict.findings()) {
        boolean ofARegression = verdict.regression() && REGRESSION_FINDINGS.contains(finding.type());
        String level = ofARegression || policy.failOn().findings().contains(finding.type()) ? "error"
            : INFORMATIONAL.contains(finding.type()) ? "note" : "warning";
        add(finding.type().wireName(), level, spec + ": " + finding.type().wireName() + ": " + finding.message()
            + finding.expected().map(e -> "; expected " + e).orElse("")
            + finding.actual().map(a -> "; actual " + a).orElse(""));
      }
    }

    private void add(String ruleId, String level, String text) {
      Integer ruleIndex = INDEX.get(ruleId);
      if (ruleIndex == null) {
        throw new IllegalArgumentException("no SARIF rule " + ruleId);
      }
      LockedPackage locked = result.locked();
      int nth = seen.merge(ruleId, 1, Integer::sum);
      ObjectNode node = out.addObject();
      node.put("ruleId", ruleId);
      node.put("ruleIndex", ruleIndex);
      node.put("level", level);
      node.putObject("message").put("text", UntrustedText.terminal(text));
      ObjectNode physical = node.putArray("locations").addObject().putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", uri);
      if (locked.line() > 0) {
        physical.putObject("region").put("startLine", locked.line());
      }
      node.putObject("partialFingerprints").put(FINGERPRINT,
          fingerprint(uri + "\n" + locked.name() + "@" + locked.version() + "\n" + ruleId + (nth > 1 ? "\n" + nth : "")));
      ObjectNode properties = node.putObject("properties");
      properties.put("package", UntrustedText.terminal(locked.name()));
      properties.put("version", UntrustedText.terminal(locked.version()));
      properties.put("fails", result.fails());
    }
  }

  /** The failed check: its attestation, id, kind, detail and both values. */
  private static String describe(VerdictCheck check) {
    CheckResult r = check.result();
    return ": " + check.attestation() + " " + r.id().wireName()
        + r.kind().map(k -> " (" + k.wireName() + ")").orElse("")
        + (r.detail().isEmpty() ? "" : ": " + r.detail())
        + r.expected().map(e -> "; expected " + e).orElse("")
        + r.actual().map(a -> "; actual " + a).orElse("");
  }

  // ---- rules

  private static List<Rule> catalogue() {
    Map<String, String> texts = texts();
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule(RULE_NOT_FOUND, "Not in the registry", texts.get(RULE_NOT_FOUND),
        DOCS + "lockfile-policy.md#what-fails-the-run", "error"));
    rules.add(new Rule(RULE_MISSING, "No provenance", texts.get(RULE_MISSING),
        DOCS + "verify-npm.md#trust-tiers-and-regressions-question-a", "error"));
    rules.add(new Rule(RULE_REGRESSION, "Trust regression", texts.get(RULE_REGRESSION),
        DOCS + "verify-npm.md#trust-tiers-and-regressions-question-a", "error"));
    rules.add(new Rule(RULE_FAILED, "Verification failed", texts.get(RULE_FAILED), DOCS + "checks.md", "error"));
    rules.add(new Rule(RULE_ERROR, "Not checked", texts.get(RULE_ERROR), DOCS + "verify-npm.md", "warning"));
    rules.add(new Rule(LockfilePolicy.RULE_TIER, "Below the policy's trust tier", texts.get(LockfilePolicy.RULE_TIER),
        DOCS + "lockfile-policy.md#format", "error"));
    rules.add(new Rule(LockfilePolicy.RULE_SOURCE, "Not built from the policy's source",
        texts.get(LockfilePolicy.RULE_SOURCE), DOCS + "lockfile-policy.md#sources", "error"));
    for (CheckId id : CheckId.values()) {
      String anchor = isNpmCheck(id) ? "#npm-correlation-hekate-verify-npm-the-http-api" : "";
      rules.add(new Rule(id.wireName(), "Check " + id.wireName() + " failed", text(texts, id.wireName()),
          DOCS + "checks.md" + anchor, "error"));
    }
    for (FindingType type : FindingType.values()) {
      String name = type.wireName().replace('_', ' ');
      String level = LockfilePolicy.DEFAULT_FAILING_FINDINGS.contains(type) ? "error"
          : INFORMATIONAL.contains(type) ? "note" : "warning";
      rules.add(new Rule(type.wireName(), name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1),
          text(texts, type.wireName()), DOCS + "checks.md#findings", level));
    }
    return List.copyOf(rules);
  }

  private static boolean isNpmCheck(CheckId id) {
    String w = id.wireName();
    return w.startsWith("npm.") || w.startsWith("provenance.") || w.startsWith("registry.") || w.startsWith("trust.")
        || w.startsWith("github.");
  }

  /**
   * The rule's description; a check id or finding type added without one gets a plain pointer to
   * docs/checks.md rather than failing every SARIF log (SarifReportTest holds the file complete).
   */
  private static String text(Map<String, String> texts, String id) {
    return texts.getOrDefault(id, id + ": see docs/checks.md");
  }

  /** The ids sarif-rules.json describes, for the test that holds it complete. */
  static java.util.Set<String> describedIds() {
    return texts().keySet();
  }

  /** The rules' full descriptions, kept beside this class (from docs/checks.md). */
  private static Map<String, String> texts() {
    try (InputStream in = SarifReport.class.getResourceAsStream("sarif-rules.json")) {
      if (in == null) {
        throw new IllegalStateException("sarif-rules.json is not on the class path");
      }
      JsonNode tree = Json.mapper().readTree(in);
      Map<String, String> texts = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : tree.properties()) {
        texts.put(e.getKey(), e.getValue().asText());
      }
      return texts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Integer> index(List<Rule> rules) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      if (index.put(rules.get(i).id(), i) != null) {
        throw new IllegalStateException("two SARIF rules with id " + rules.get(i).id());
      }
    }
    return Map.copyOf(index);
  }

  private static ObjectNode rule(Rule rule) {
    ObjectNode node = Json.newObject();
    node.put("id", rule.id());
    node.putObject("shortDescription").put("text", rule.shortText());
    node.putObject("fullDescription").put("text", rule.fullText());
    node.put("helpUri", rule.helpUri());
    node.putObject("defaultConfiguration").put("level", rule.level());
    node.putObject("properties").putArray("tags").add("security").add("supply-chain");
    return node;
  }

  // ---- small parts

  /** The lockfile path as a relative URI reference: forward slashes, percent-encoded where needed. */
  static String uriReference(String path) {
    String slashes = path.replace('\\', '/');
    int colon = slashes.indexOf(':');
    if (colon >= 0 && (slashes.indexOf('/') < 0 || colon < slashes.indexOf('/'))) {
      slashes = "./" + slashes; // a first segment with a colon would read as a scheme
    }
    try {
      return new URI(null, null, slashes, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("lockfile path " + UntrustedText.terminal(path) + " is not a URI path", e);
    }
  }

  private static String fingerprint(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always there", e);
    }
  }
}
