package dev.hekate.core.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.store.PackageHistory.Row;
import dev.hekate.core.store.PackageHistory.StoredFinding;
import java.util.List;

/**
 * A {@link PackageHistory} as JSON: what {@code GET /v1/npm/{package}/history} answers and
 * {@code hekate history --json} prints (docs/api.md, "History"). Field names are part of the
 * public contract.
 */
public final class PackageHistoryJson {
  private PackageHistoryJson() {}

  public static ObjectNode toJson(PackageHistory history) {
    ObjectNode node = Json.newObject();
    node.put("package", history.pkg().name());
    node.put("registry", history.pkg().registry());
    ArrayNode versions = node.putArray("versions");
    for (Row row : history.versions()) {
      versions.add(row(row));
    }
    node.put("omitted", history.omitted());
    return node;
  }

  public static String toJsonLine(PackageHistory history) {
    return Json.write(toJson(history));
  }

  private static ObjectNode row(Row row) {
    ObjectNode r = Json.newObject();
    r.put("version", row.version());
    r.put("status", row.status());
    row.tier().ifPresent(t -> r.put("tier", t));
    r.put("regression", row.regression());
    row.publishedAt().ifPresent(t -> r.put("publishedAt", t.toString()));
    r.put("firstSeen", row.firstSeen().toString());
    r.put("lastChecked", row.lastChecked().toString());
    row.problem().ifPresent(p -> r.put("problem", p));
    PackageHistory.Evidence e = row.evidence();
    ObjectNode evidence = r.putObject("evidence");
    putIfPresent(evidence, "sourceRepository", e.sourceRepository());
    putIfPresent(evidence, "workflow", e.workflow());
    putIfPresent(evidence, "runUrl", e.runUrl());
    putIfPresent(evidence, "commit", e.commit());
    ArrayNode log = evidence.putArray("transparencyLog");
    for (PackageHistory.LogEntry entry : e.logEntries()) {
      ObjectNode l = log.addObject();
      putIfPresent(l, "attestation", entry.attestation());
      l.put("logIndex", entry.logIndex());
      putIfPresent(l, "entryUrl", entry.entryUrl());
    }
    findings(r.putArray("findings"), row.findings());
    findings(r.putArray("driftFindings"), row.driftFindings());
    ArrayNode changes = r.putArray("answerChanges");
    for (AnswerChange change : row.changes()) {
      changes.addObject()
          .put("at", change.at().toString())
          .put("part", change.difference().part().wireName())
          .put("before", change.difference().before())
          .put("after", change.difference().after());
    }
    return r;
  }

  private static void findings(ArrayNode out, List<StoredFinding> findings) {
    for (StoredFinding finding : findings) {
      ObjectNode f = out.addObject();
      f.put("type", finding.type());
      f.put("message", finding.message());
      finding.expected().ifPresent(v -> f.put("expected", v));
      finding.actual().ifPresent(v -> f.put("actual", v));
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }
}
