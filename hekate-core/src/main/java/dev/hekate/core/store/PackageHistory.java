package dev.hekate.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.store.VersionKey.PackageKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a store remembers of one package, version by version, newest first: each version's latest
 * verdict (status, tier, regression, the evidence it rests on, its findings) and every change of
 * the registry's answer for it. Read by {@code GET /v1/npm/{package}/history}, its HTML page and
 * {@code hekate history}, which all show the same rows.
 *
 * <p>A stored verdict is read back with the project's JSON reader; one that cannot be read makes a
 * row saying so ({@link Row#problem}), never an exception: one damaged record must not hide the
 * rest of a package's history.
 *
 * @param versions at most the limit given to {@link #load}, newest first
 * @param omitted how many more versions the store holds (the oldest ones)
 */
public record PackageHistory(PackageKey pkg, List<Row> versions, int omitted) {
  /** Rows shown when the caller names no limit. */
  public static final int DEFAULT_LIMIT = 200;
  /** Most rows one history holds: each row costs a read of the version's changes. */
  public static final int MAX_LIMIT = 1_000;

  /**
   * The findings that say a version differs from what came before it: the registry's answer
   * changed, or the build's source, workflow, builder or trust is not the previous version's.
   */
  public static final Set<FindingType> DRIFT = EnumSet.of(
      FindingType.REGISTRY_ANSWER_CHANGED,
      FindingType.REPOSITORY_CHANGED,
      FindingType.REPOSITORY_ID_CHANGED,
      FindingType.OWNER_ID_CHANGED,
      FindingType.WORKFLOW_CHANGED,
      FindingType.BUILDER_CHANGED,
      FindingType.RUNNER_SELF_HOSTED,
      FindingType.TRIGGER_CHANGED,
      FindingType.PULL_REQUEST_TRIGGER,
      FindingType.REF_KIND_CHANGED,
      FindingType.APPROVAL_DROPPED,
      FindingType.TRUST_DOWNGRADE,
      FindingType.PROVENANCE_REGRESSION);

  private static final Set<String> DRIFT_WIRE_NAMES =
      DRIFT.stream().map(FindingType::wireName).collect(Collectors.toUnmodifiableSet());

  /** A stored verdict larger than this is not read (the stores keep far smaller ones). */
  private static final int MAX_VERDICT_BYTES = Limits.MAX_ATTESTATIONS_BYTES;

  private static final Comparator<Row> NEWEST_FIRST = Comparator
      .comparing((Row r) -> r.publishedAt().orElse(Instant.MIN), Comparator.reverseOrder())
      .thenComparing(Row::version, Comparator.reverseOrder());

  public PackageHistory {
    Objects.requireNonNull(pkg, "pkg");
    versions = List.copyOf(versions);
    if (omitted < 0) {
      throw new IllegalArgumentException("omitted must not be negative");
    }
  }

  /**
   * The history of {@code pkg} in {@code store}: at most {@code limit} versions, newest first by
   * publish time (versions without one last), then by version string, newest first.
   *
   * @param limit 1 to {@value #MAX_LIMIT}
   * @throws IllegalArgumentException for a limit out of range
   * @throws StoreException the store could not be read
   */
  public static PackageHistory load(VerdictStore store, PackageKey pkg, int limit) throws StoreException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(pkg, "pkg");
    checkLimit(limit);
    List<StoredVerdict> stored = new ArrayList<>(store.versions(pkg));
    List<Row> rows = new ArrayList<>(stored.size());
    for (StoredVerdict verdict : stored) {
      rows.add(row(verdict, List.of()));
    }
    rows.sort(NEWEST_FIRST);
    List<Row> kept = new ArrayList<>(Math.min(limit, rows.size()));
    for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
      VersionKey key = new VersionKey(pkg.registry(), pkg.name(), row.version());
      kept.add(row.withChanges(store.changes(key)));
    }
    return new PackageHistory(pkg, kept, rows.size() - kept.size());
  }

  /** Checks a limit the caller was given. @throws IllegalArgumentException naming the range */
  public static int checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("the limit must be 1 to " + MAX_LIMIT + ", not " + limit);
    }
    return limit;
  }

  /** Whether a finding of this type (its wire name) is a drift finding ({@link #DRIFT}). */
  public static boolean isDrift(String type) {
    return DRIFT_WIRE_NAMES.contains(type);
  }

  static Row row(StoredVerdict stored, List<AnswerChange> changes) {
    Optional<Instant> published = stored.answer().publishedAt();
    try {
      JsonNode verdict = Json.parse(stored.verdictJson().getBytes(StandardCharsets.UTF_8), MAX_VERDICT_BYTES,
          "the stored verdict");
      if (!verdict.isObject()) {
        throw new JsonFormatException("the stored verdict is not a JSON object");
      }
      Evidence evidence = evidence(verdict);
      return new Row(stored.key().version(), stored.status(), stored.tier(), stored.regression(),
          published.or(evidence::publishedAt), stored.firstSeen(), stored.lastChecked(), evidence,
          findings(verdict), changes, Optional.empty());
    } catch (JsonFormatException e) {
      return new Row(stored.key().version(), stored.status(), stored.tier(), stored.regression(), published,
          stored.firstSeen(), stored.lastChecked(), Evidence.NONE, List.of(), changes,
          Optional.of("the stored verdict cannot be read: " + e.getMessage()));
    }
  }

  private static Evidence evidence(JsonNode verdict) throws JsonFormatException {
    Optional<JsonNode> found = Json.optionalObject(verdict, "evidence", "verdict");
    if (found.isEmpty()) {
      return Evidence.NONE;
    }
    JsonNode e = found.get();
    String where = "verdict.evidence";
    List<LogEntry> entries = new ArrayList<>();
    for (JsonNode entry : Json.optionalArray(e, "transparencyLog", where)) {
      String at = where + ".transparencyLog[]";
      if (!entry.isObject()) {
        throw new JsonFormatException(at + " must be an object");
      }
      entries.add(new LogEntry(Json.optionalString(entry, "attestation", at).orElse(""),
          Json.integer(entry, "logIndex", at), Json.optionalString(entry, "entryUrl", at).orElse("")));
    }
    Optional<Instant> published = Optional.empty();
    Optional<String> publishedText = Json.optionalString(e, "publishedAt", where);
    if (publishedText.isPresent()) {
      try {
        published = Optional.of(Instant.parse(publishedText.get()));
      } catch (DateTimeParseException ex) {
        throw new JsonFormatException(where + ".publishedAt is not an ISO-8601 instant");
      }
    }
    return new Evidence(
        Json.optionalString(e, "sourceRepository", where).orElse(""),
        Json.optionalString(e, "workflow", where).orElse(""),
        Json.optionalString(e, "runUrl", where).orElse(""),
        Json.optionalString(e, "commit", where).orElse(""),
        published,
        entries);
  }

  private static List<StoredFinding> findings(JsonNode verdict) throws JsonFormatException {
    List<StoredFinding> findings = new ArrayList<>();
    for (JsonNode f : Json.optionalArray(verdict, "findings", "verdict")) {
      String at = "verdict.findings[]";
      if (!f.isObject()) {
        throw new JsonFormatException(at + " must be an object");
      }
      findings.add(new StoredFinding(Json.string(f, "type", at), Json.optionalString(f, "message", at).orElse(""),
          Json.optionalString(f, "expected", at), Json.optionalString(f, "actual", at)));
    }
    return findings;
  }

  /**
   * One version as the store last saw it.
   *
   * @param status the verdict's status (VERIFIED, FAILED, MISSING; a store keeps no ERROR)
   * @param tier the trust tier's wire name, when the verdict has one
   * @param publishedAt the registry's publish time for the version, else the evidence's
   * @param evidence what the verdict rests on; {@link Evidence#NONE} when it names nothing
   * @param findings every finding of the latest verdict, in its order
   * @param changes every change of the registry's answer for this version, oldest first
   * @param problem why the stored verdict could not be read, when it could not (evidence and
   *     findings are then empty; the rest comes from the store's own columns)
   */
  public record Row(String version, String status, Optional<String> tier, boolean regression,
      Optional<Instant> publishedAt, Instant firstSeen, Instant lastChecked, Evidence evidence,
      List<StoredFinding> findings, List<AnswerChange> changes, Optional<String> problem) {
    public Row {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(publishedAt, "publishedAt");
      Objects.requireNonNull(firstSeen, "firstSeen");
      Objects.requireNonNull(lastChecked, "lastChecked");
      Objects.requireNonNull(evidence, "evidence");
      findings = List.copyOf(findings);
      changes = List.copyOf(changes);
      Objects.requireNonNull(problem, "problem");
    }

    /** The findings that say this version drifted from what came before ({@link PackageHistory#DRIFT}). */
    public List<StoredFinding> driftFindings() {
      return findings.stream().filter(StoredFinding::drift).toList();
    }

    /** Whether the registry's answer for this version ever changed, by a finding or a recorded change. */
    public boolean answerChanged() {
      return !changes.isEmpty() || findings.stream()
          .anyMatch(f -> f.type().equals(FindingType.REGISTRY_ANSWER_CHANGED.wireName()));
    }

    Row withChanges(List<AnswerChange> all) {
      return new Row(version, status, tier, regression, publishedAt, firstSeen, lastChecked, evidence, findings, all,
          problem);
    }
  }

  /**
   * The parts of a verdict's evidence a history shows: where the build came from and where its
   * signatures are logged. Values the verdict does not give are empty. Still the verdict's words:
   * a writer that makes a link of one validates it first.
   */
  public record Evidence(String sourceRepository, String workflow, String runUrl, String commit,
      Optional<Instant> publishedAt, List<LogEntry> logEntries) {
    public static final Evidence NONE = new Evidence("", "", "", "", Optional.empty(), List.of());

    public Evidence {
      Objects.requireNonNull(sourceRepository, "sourceRepository");
      Objects.requireNonNull(workflow, "workflow");
      Objects.requireNonNull(runUrl, "runUrl");
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(publishedAt, "publishedAt");
      logEntries = List.copyOf(logEntries);
    }
  }

  /** A transparency log entry of the verdict's evidence; {@code entryUrl} empty when it gave none. */
  public record LogEntry(String attestation, long logIndex, String entryUrl) {
    public LogEntry {
      Objects.requireNonNull(attestation, "attestation");
      Objects.requireNonNull(entryUrl, "entryUrl");
    }
  }

  /**
   * A finding as the stored verdict has it. The type is kept as its wire name: a store may hold
   * types a later Hekate added.
   */
  public record StoredFinding(String type, String message, Optional<String> expected, Optional<String> actual) {
    public StoredFinding {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(actual, "actual");
    }

    public boolean drift() {
      return isDrift(type);
    }
  }
}
