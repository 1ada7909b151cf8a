package dev.hekate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.lockfile.LockedPackage;
import dev.hekate.core.lockfile.Lockfile;
import dev.hekate.core.lockfile.LockfileResult;
import dev.hekate.core.lockfile.NotCheckable;
import dev.hekate.core.lockfile.PolicyViolation;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictJson;
import dev.hekate.core.text.UntrustedText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code hekate verify-lockfile} prints: progress on standard error (a bar on a terminal, a
 * line every tenth otherwise), then on standard output each result that fails the policy, has a
 * finding or could not be checked (or, with {@code --json}, every result as a JSON line), and the
 * summary table (or a JSON summary line).
 */
final class LockfileOutput {
  private static final int BAR = 30;

  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;
  private final boolean interactive;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private int lastTenth = -1;
  private int failing;
  private int errors;

  LockfileOutput(PrintStream out, PrintStream err, boolean json, boolean interactive) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.interactive = interactive;
  }

  /** Called for each result as it is reached (one call at a time). */
  void progress(LockfileResult result, int done, int planned) {
    if (result.fails()) {
      failing++;
    } else if (result.verdict().map(v -> v.status() == Status.ERROR).orElse(false)) {
      errors++;
    }
    long now = System.nanoTime();
    if (interactive) {
      if (done < planned && now - lastDrawNanos < 100_000_000L) {
        return;
      }
      lastDrawNanos = now;
      int filled = (int) ((long) BAR * done / Math.max(1, planned));
      err.print("\r\033[2K[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + planned
          + "  failing " + failing + "  errors " + errors);
      if (done == planned) {
        err.println();
      }
      err.flush();
      return;
    }
    int tenth = (int) (10L * done / Math.max(1, planned));
    if (tenth > lastTenth) {
      lastTenth = tenth;
      err.println("hekate verify-lockfile: " + done + "/" + planned + " package versions in "
          + seconds(now - startNanos) + " s; failing " + failing + ", errors " + errors);
    }
  }

  /** The results and the summary, once every result is in. */
  void finished(List<LockfileResult> results, Map<Path, Lockfile> lockfiles, Map<Path, List<NotCheckable>> notCheckable,
      long elapsedNanos) {
    if (json) {
      for (LockfileResult result : results) {
        out.println(Json.write(line(result)));
      }
      out.println(Json.write(summary(results, notCheckable, elapsedNanos)));
      return;
    }
    for (LockfileResult result : results) {
      boolean notable = result.fails() || result.verdict().map(v -> v.status() != Status.VERIFIED
          || !v.findings().isEmpty()).orElse(true);
      if (!notable) {
        continue;
      }
      if (result.verdict().isPresent()) {
        VerifyNpmCommand.print(result.verdict().get(), false, out, err);
      } else {
        out.println("NOT FOUND " + result.locked().spec() + "  " + result.notFound().orElseThrow());
      }
      for (PolicyViolation violation : result.violations()) {
        out.println("         policy " + violation.rule() + ": " + UntrustedText.terminal(violation.message()));
      }
      if (result.fails()) {
        out.println("         fails the policy (lockfile line " + result.locked().line() + ")");
      }
    }
    table(results, lockfiles, notCheckable, elapsedNanos);
  }

  private void table(List<LockfileResult> results, Map<Path, Lockfile> lockfiles,
      Map<Path, List<NotCheckable>> notCheckable, long elapsedNanos) {
    out.println();
    for (Map.Entry<Path, Lockfile> entry : lockfiles.entrySet()) {
      Lockfile lockfile = entry.getValue();
      out.printf(Locale.ROOT, "%s (%s %s): %d package version(s) from the registry, %d entr%s not checkable%n",
          entry.getKey(), lockfile.format().wireName(), lockfile.formatVersion(), lockfile.specs().size(),
          notCheckable.get(entry.getKey()).size(), notCheckable.get(entry.getKey()).size() == 1 ? "y" : "ies");
    }
    out.printf(Locale.ROOT, "Verified %d package version(s) in %s s%n%n", results.size(), seconds(elapsedNanos));
    Map<Status, int[]> counts = new EnumMap<>(Status.class);
    int[] notFound = new int[2];
    int regressions = 0;
    Map<String, Integer> findings = new TreeMap<>();
    Map<String, Integer> violations = new TreeMap<>();
    for (LockfileResult result : results) {
      int[] row = result.verdict().isPresent()
          ? counts.computeIfAbsent(result.verdict().get().status(), s -> new int[2]) : notFound;
      row[0]++;
      row[1] += result.fails() ? 1 : 0;
      if (result.verdict().isPresent()) {
        Verdict verdict = result.verdict().get();
        regressions += verdict.regression() ? 1 : 0;
        for (Finding finding : verdict.findings()) {
          findings.merge(finding.type().wireName(), 1, Integer::sum);
        }
      }
      result.violations().forEach(v -> violations.merge(v.rule(), 1, Integer::sum));
    }
    out.printf(Locale.ROOT, "  %-10s %8s %8s%n", "status", "versions", "failing");
    for (Status status : Status.values()) {
      int[] row = counts.getOrDefault(status, new int[2]);
      String note = status == Status.MISSING && regressions > 0 ? "   (" + regressions + " regression"
          + (regressions == 1 ? ")" : "s)") : "";
      out.printf(Locale.ROOT, "  %-10s %8d %8s%s%n", status, row[0], status == Status.ERROR ? "-" : row[1], note);
    }
    out.printf(Locale.ROOT, "  %-10s %8d %8d%n", "not found", notFound[0], notFound[1]);
    out.printf(Locale.ROOT, "  %-10s %8d%n", "total", results.size());
    if (!findings.isEmpty()) {
      out.println();
      out.println("  findings:   " + joined(findings));
    }
    if (!violations.isEmpty()) {
      out.println("  policy:     " + joined(violations));
    }
    Map<String, Integer> reasons = new TreeMap<>();
    notCheckable.values().forEach(list -> list.forEach(n -> reasons.merge(n.reason(), 1, Integer::sum)));
    if (!reasons.isEmpty()) {
      out.println("  not checkable: " + joined(reasons));
    }
  }

  private static String joined(Map<String, Integer> counts) {
    StringBuilder text = new StringBuilder();
    counts.forEach((key, n) -> text.append(text.isEmpty() ? "" : ", ").append(UntrustedText.terminal(key))
        .append(' ').append(n));
    return text.toString();
  }

  /** A verdict line as verify-npm writes it (or the not-found form), with what the lockfile adds. */
  static ObjectNode line(LockfileResult result) {
    ObjectNode line = result.verdict().isPresent() ? VerdictJson.toJson(result.verdict().get())
        : Json.newObject().put("package", result.locked().name()).put("version", result.locked().version())
            .put("error", result.notFound().orElseThrow()).put("notFound", true);
    LockedPackage locked = result.locked();
    ObjectNode lockfile = line.putObject("lockfile");
    lockfile.put("line", locked.line());
    locked.integrity().ifPresent(i -> lockfile.put("integrity", i));
    locked.resolved().ifPresent(r -> lockfile.put("resolved", r));
    ArrayNode violations = lockfile.putArray("violations");
    for (PolicyViolation violation : result.violations()) {
      violations.addObject().put("rule", violation.rule()).put("message", violation.message());
    }
    lockfile.put("fails", result.fails());
    return line;
  }

  private static ObjectNode summary(List<LockfileResult> results, Map<Path, List<NotCheckable>> notCheckable,
      long elapsedNanos) {
    ObjectNode summary = Json.newObject();
    ObjectNode body = summary.putObject("summary");
    body.put("versions", results.size());
    ObjectNode statuses = body.putObject("status");
    for (Status status : Status.values()) {
      statuses.put(status.name(), results.stream()
          .filter(r -> r.verdict().map(v -> v.status() == status).orElse(false)).count());
    }
    body.put("notFound", results.stream().filter(r -> r.notFound().isPresent()).count());
    body.put("failing", results.stream().filter(LockfileResult::fails).count());
    ArrayNode skipped = body.putArray("notCheckable");
    notCheckable.forEach((file, list) -> list.forEach(n -> skipped.addObject().put("lockfile", file.toString())
        .put("entry", n.entry()).put("reason", n.reason()).put("line", n.line())));
    body.put("exitStatus", VerifyLockfileCommand.exitStatus(results));
    body.put("seconds", Double.parseDouble(seconds(elapsedNanos)));
    return summary;
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", Duration.ofNanos(nanos).toMillis() / 1000.0);
  }
}
