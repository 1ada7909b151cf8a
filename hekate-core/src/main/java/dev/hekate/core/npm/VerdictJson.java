package dev.hekate.core.npm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.ResultJson;
import dev.hekate.core.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The verdict's JSON form, documented by {@code docs/verdict.schema.json}. Field names are part of
 * the public contract. Every value a registry, a provenance or a certificate supplied is bounded
 * ({@link UntrustedText#jsonValue}: {@value UntrustedText#MAX_JSON_VALUE} characters, then a cut
 * mark with the whole value's length and SHA-256), and at most {@value #MAX_FINDINGS} findings are
 * listed ({@code findingsOmitted} counts the rest), so that what a publisher controls cannot make a
 * verdict line as large as it likes.
 *
 * <p>Those bounds leave a hostile verdict (every value at its limit, every character one the JSON
 * writer escapes as six bytes) several hundred kilobytes; the line as a whole is held under
 * {@value #MAX_BYTES} bytes by writing such a verdict compact, a step at a time until it fits: the
 * values of checks and findings and the error kept to {@value #COMPACT_VALUE} characters (evidence
 * as before), then fewer findings listed (halved each time), then the values of checks, findings and
 * the error written as their cut mark only, no finding listed, and evidence values kept to
 * {@value #COMPACT_EVIDENCE} characters (a SHA-512 in hex still whole). What remains is bounded by
 * counts Hekate fixes — a check id at most once per attestation, at most
 * {@value dev.hekate.core.json.Limits#MAX_TLOG_ENTRIES} log entries a bundle — so the last step
 * always fits; a verdict that still does not is a Hekate bug, and throws.
 */
public final class VerdictJson {
  /** Most findings a verdict's JSON lists. */
  public static final int MAX_FINDINGS = 50;
  /** Longest verdict line, in bytes of UTF-8 (the JSON as {@link #toJsonLine} writes it). */
  public static final int MAX_BYTES = 128 * 1024;
  /** Longest value of a check or finding a compact verdict keeps as is. */
  public static final int COMPACT_VALUE = 64;
  /** Longest evidence value the most compact verdict keeps as is. */
  public static final int COMPACT_EVIDENCE = 128;

  private VerdictJson() {}

  public static ObjectNode toJson(Verdict verdict) {
    int max = UntrustedText.MAX_JSON_VALUE;
    int listed = Math.min(MAX_FINDINGS, verdict.findings().size());
    ObjectNode node = toJson(verdict, max, max, listed);
    // Nearly every verdict is far below the bound by its values' lengths alone: it is written once.
    if (worstBytes(verdict, listed) <= MAX_BYTES || fits(node)) {
      return node;
    }
    node = toJson(verdict, COMPACT_VALUE, max, listed);
    while (!fits(node) && listed > 0) {
      listed /= 2;
      node = toJson(verdict, COMPACT_VALUE, max, listed);
    }
    if (!fits(node)) {
      node = toJson(verdict, 0, COMPACT_EVIDENCE, 0);
    }
    if (!fits(node)) {
      throw new IllegalStateException("a verdict of " + verdict.checks().size() + " checks and "
          + verdict.evidence().logEntries().size() + " log entries does not fit " + MAX_BYTES + " bytes even compact");
    }
    return node;
  }

  /** Bytes a value of {@code length} characters can take at most, cut and escaped (six bytes a character). */
  private static long valueBytes(int length) {
    return 6L * (Math.min(length, UntrustedText.MAX_JSON_VALUE) + CUT_MARK_CHARS) + 2;
  }

  /** The longest a cut mark is: {@code …[cut: N characters, sha256:HEX]}. */
  private static final int CUT_MARK_CHARS = 100;
  /** Field names, punctuation, ids and numbers of one check, finding or log entry, generously. */
  private static final int ITEM_BYTES = 400;

  /**
   * An upper bound of the verdict's line, from its values' lengths, without writing it: every
   * untrusted value as if each character were escaped, every item's fixed part generously.
   */
  private static long worstBytes(Verdict verdict, int listed) {
    long bytes = 2048 + verdict.error().map(e -> valueBytes(e.length())).orElse(0L);
    for (VerdictCheck check : verdict.checks()) {
      CheckResult result = check.result();
      bytes += ITEM_BYTES + valueBytes(result.detail().length())
          + result.expected().map(v -> valueBytes(v.length())).orElse(0L)
          + result.actual().map(v -> valueBytes(v.length())).orElse(0L);
    }
    for (Finding finding : verdict.findings().subList(0, listed)) {
      bytes += ITEM_BYTES + valueBytes(finding.message().length())
          + finding.expected().map(v -> valueBytes(v.length())).orElse(0L)
          + finding.actual().map(v -> valueBytes(v.length())).orElse(0L);
    }
    Evidence e = verdict.evidence();
    for (String value : List.of(e.sourceRepository(), e.commit(), e.ref(), e.workflow(), e.runUrl(), e.builderId(),
        e.buildType(), e.runnerEnvironment(), e.event(), e.repositoryId(), e.ownerId(), e.signerIdentity(),
        e.npmKeyId(), e.integrity(), e.tarballSha512())) {
      bytes += ITEM_BYTES / 4 + valueBytes(value.length());
    }
    for (Evidence.LogEntry entry : e.logEntries()) {
      bytes += ITEM_BYTES + valueBytes(entry.entryUrl().length());
    }
    return bytes;
  }

  private static boolean fits(ObjectNode node) {
    return Json.write(node).getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }

  /**
   * The verdict with each untrusted value of a check or finding and the error kept as is up to
   * {@code maxValue} characters, each evidence value up to {@code maxEvidence}, and the first
   * {@code listed} findings.
   */
  private static ObjectNode toJson(Verdict verdict, int maxValue, int maxEvidence, int listed) {
    ObjectNode node = Json.newObject();
    node.put("package", verdict.packageName());
    node.put("version", verdict.version());
    node.put("status", verdict.status().name());
    node.put("regression", verdict.regression());
    verdict.tier().ifPresent(t -> node.put("tier", t.wireName()));
    verdict.error().ifPresent(e -> node.put("error", UntrustedText.jsonValue(e, maxValue)));
    verdict.registryFailure().ifPresent(f -> node.putObject("registryError")
        .put("endpoint", f.endpoint()).put("httpStatus", f.httpStatus()));
    ArrayNode checks = node.putArray("checks");
    for (VerdictCheck check : verdict.checks()) {
      ObjectNode c = ResultJson.check(check.result(), maxValue);
      c.put("attestation", check.attestation());
      checks.add(c);
    }
    ArrayNode findings = node.putArray("findings");
    for (Finding finding : verdict.findings().subList(0, listed)) {
      ObjectNode f = findings.addObject();
      f.put("type", finding.type().wireName());
      f.put("message", UntrustedText.jsonValue(finding.message(), maxValue));
      finding.expected().ifPresent(v -> f.put("expected", UntrustedText.jsonValue(v, maxValue)));
      finding.actual().ifPresent(v -> f.put("actual", UntrustedText.jsonValue(v, maxValue)));
    }
    if (verdict.findings().size() > listed) {
      node.put("findingsOmitted", verdict.findings().size() - listed);
    }
    Evidence e = verdict.evidence();
    ObjectNode evidence = node.putObject("evidence");
    BiConsumer<String, String> putIfPresent = (field, value) -> {
      if (!value.isEmpty()) {
        evidence.put(field, UntrustedText.jsonValue(value, maxEvidence));
      }
    };
    putIfPresent.accept("sourceRepository", e.sourceRepository());
    putIfPresent.accept("commit", e.commit());
    putIfPresent.accept("ref", e.ref());
    putIfPresent.accept("workflow", e.workflow());
    putIfPresent.accept("runUrl", e.runUrl());
    putIfPresent.accept("builderId", e.builderId());
    putIfPresent.accept("buildType", e.buildType());
    putIfPresent.accept("runnerEnvironment", e.runnerEnvironment());
    putIfPresent.accept("event", e.event());
    putIfPresent.accept("repositoryId", e.repositoryId());
    putIfPresent.accept("repositoryOwnerId", e.ownerId());
    putIfPresent.accept("signerIdentity", e.signerIdentity());
    putIfPresent.accept("npmKeyId", e.npmKeyId());
    putIfPresent.accept("integrity", e.integrity());
    putIfPresent.accept("tarballSha512", e.tarballSha512());
    e.publishedAt().ifPresent(t -> evidence.put("publishedAt", t.toString()));
    ArrayNode log = evidence.putArray("transparencyLog");
    for (Evidence.LogEntry entry : e.logEntries()) {
      ObjectNode l = log.addObject();
      l.put("attestation", entry.attestation());
      l.put("logIndex", entry.logIndex());
      if (!entry.entryUrl().isEmpty()) {
        l.put("entryUrl", UntrustedText.jsonValue(entry.entryUrl(), maxEvidence));
      }
      entry.integratedTime().ifPresent(t -> l.put("integratedTime", t.toString()));
    }
    return node;
  }

  public static String toJsonLine(Verdict verdict) {
    return Json.write(toJson(verdict));
  }

}
