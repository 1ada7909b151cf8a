package dev.hekate.core.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.Status;
import java.util.Locale;

/** A sweep summary as one JSON object ({@code hekate sweep --json}'s last line, the Lambda's log). */
public final class SweepJson {
  private SweepJson() {}

  public static ObjectNode toJson(SweepSummary s) {
    ObjectNode root = Json.newObject();
    ObjectNode node = root.putObject("summary");
    node.put("startedAt", s.startedAt().toString());
    node.put("durationSeconds", s.duration().toMillis() / 1000.0);
    node.put("since", s.window().since().toString());
    node.put("until", s.window().until().toString());
    node.put("packagesPlanned", s.packagesPlanned());
    node.put("packagesSwept", s.packagesSwept());
    node.put("versions", s.versions());
    ObjectNode statuses = node.putObject("statuses");
    for (Status status : Status.values()) {
      statuses.put(status.name().toLowerCase(Locale.ROOT), s.count(status));
    }
    node.put("regressions", s.regressions());
    ObjectNode checks = node.putObject("failuresByCheck");
    s.failuresByCheck().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> checks.put(e.getKey(), e.getValue()));
    ObjectNode registry = node.putObject("registryErrors");
    s.registryErrors().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> registry.put(e.getKey(), e.getValue()));
    node.put("versionFloods", s.versionFloods());
    node.put("deferredVersions", s.deferredVersions());
    node.put("alreadyVerified", s.alreadyVerified());
    node.put("carriedOver", s.carriedOver());
    return root;
  }

  public static String toJsonLine(SweepSummary summary) {
    return Json.write(toJson(summary));
  }
}
