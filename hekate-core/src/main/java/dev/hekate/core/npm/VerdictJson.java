package dev.hekate.core.npm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.ResultJson;
import dev.hekate.core.text.UntrustedText;

/**
 * The verdict's JSON form, documented by {@code docs/verdict.schema.json}. Field names are part of
 * the public contract. Every value a registry, a provenance or a certificate supplied is bounded
 * ({@link UntrustedText#jsonValue}: {@value UntrustedText#MAX_JSON_VALUE} characters, then a cut
 * mark with the whole value's length and SHA-256), and at most {@value #MAX_FINDINGS} findings are
 * listed ({@code findingsOmitted} counts the rest), so that what a publisher controls cannot make a
 * verdict line as large as it likes.
 */
public final class VerdictJson {
  /** Most findings a verdict's JSON lists. */
  public static final int MAX_FINDINGS = 50;

  private VerdictJson() {}

  public static ObjectNode toJson(Verdict verdict) {
    ObjectNode node = Json.newObject();
    node.put("package", verdict.packageName());
    node.put("version", verdict.version());
    node.put("status", verdict.status().name());
    node.put("regression", verdict.regression());
    verdict.tier().ifPresent(t -> node.put("tier", t.wireName()));
    verdict.error().ifPresent(e -> node.put("error", UntrustedText.jsonValue(e)));
    verdict.registryFailure().ifPresent(f -> node.putObject("registryError")
        .put("endpoint", f.endpoint()).put("httpStatus", f.httpStatus()));
    ArrayNode checks = node.putArray("checks");
    for (VerdictCheck check : verdict.checks()) {
      ObjectNode c = ResultJson.check(check.result());
      c.put("attestation", check.attestation());
      checks.add(c);
    }
    ArrayNode findings = node.putArray("findings");
    for (Finding finding : verdict.findings().subList(0, Math.min(MAX_FINDINGS, verdict.findings().size()))) {
      ObjectNode f = findings.addObject();
      f.put("type", finding.type().wireName());
      f.put("message", UntrustedText.jsonValue(finding.message()));
      finding.expected().ifPresent(v -> f.put("expected", UntrustedText.jsonValue(v)));
      finding.actual().ifPresent(v -> f.put("actual", UntrustedText.jsonValue(v)));
    }
    if (verdict.findings().size() > MAX_FINDINGS) {
      node.put("findingsOmitted", verdict.findings().size() - MAX_FINDINGS);
    }
    Evidence e = verdict.evidence();
    ObjectNode evidence = node.putObject("evidence");
    putIfPresent(evidence, "sourceRepository", e.sourceRepository());
    putIfPresent(evidence, "commit", e.commit());
    putIfPresent(evidence, "ref", e.ref());
    putIfPresent(evidence, "workflow", e.workflow());
    putIfPresent(evidence, "runUrl", e.runUrl());
    putIfPresent(evidence, "builderId", e.builderId());
    putIfPresent(evidence, "buildType", e.buildType());
    putIfPresent(evidence, "runnerEnvironment", e.runnerEnvironment());
    putIfPresent(evidence, "event", e.event());
    putIfPresent(evidence, "repositoryId", e.repositoryId());
    putIfPresent(evidence, "repositoryOwnerId", e.ownerId());
    putIfPresent(evidence, "signerIdentity", e.signerIdentity());
    putIfPresent(evidence, "npmKeyId", e.npmKeyId());
    putIfPresent(evidence, "integrity", e.integrity());
    putIfPresent(evidence, "tarballSha512", e.tarballSha512());
    e.publishedAt().ifPresent(t -> evidence.put("publishedAt", t.toString()));
    ArrayNode log = evidence.putArray("transparencyLog");
    for (Evidence.LogEntry entry : e.logEntries()) {
      ObjectNode l = log.addObject();
      l.put("attestation", entry.attestation());
      l.put("logIndex", entry.logIndex());
      putIfPresent(l, "entryUrl", entry.entryUrl());
      entry.integratedTime().ifPresent(t -> l.put("integratedTime", t.toString()));
    }
    return node;
  }

  public static String toJsonLine(Verdict verdict) {
    return Json.write(toJson(verdict));
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, UntrustedText.jsonValue(value));
    }
  }
}
