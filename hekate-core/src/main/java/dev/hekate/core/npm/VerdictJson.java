package dev.hekate.core.npm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.ResultJson;

/**
 * The verdict's JSON form, documented by {@code docs/verdict.schema.json}. Field names are part of
 * the public contract.
 */
public final class VerdictJson {
  private VerdictJson() {}

  public static ObjectNode toJson(Verdict verdict) {
    ObjectNode node = Json.newObject();
    node.put("package", verdict.packageName());
    node.put("version", verdict.version());
    node.put("status", verdict.status().name());
    node.put("regression", verdict.regression());
    verdict.tier().ifPresent(t -> node.put("tier", t.wireName()));
    verdict.error().ifPresent(e -> node.put("error", e));
    verdict.registryFailure().ifPresent(f -> node.putObject("registryError")
        .put("endpoint", f.endpoint()).put("httpStatus", f.httpStatus()));
    ArrayNode checks = node.putArray("checks");
    for (VerdictCheck check : verdict.checks()) {
      ObjectNode c = ResultJson.check(check.result());
      c.put("attestation", check.attestation());
      checks.add(c);
    }
    ArrayNode findings = node.putArray("findings");
    for (Finding finding : verdict.findings()) {
      ObjectNode f = findings.addObject();
      f.put("type", finding.type().wireName());
      f.put("message", finding.message());
      finding.expected().ifPresent(v -> f.put("expected", v));
      finding.actual().ifPresent(v -> f.put("actual", v));
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
      node.put(field, value);
    }
  }
}
