package dev.hekate.cli;

import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictJson;
import dev.hekate.core.sweep.PackageResult;
import dev.hekate.core.sweep.SweepListener;
import dev.hekate.core.sweep.SweepSummary;
import dev.hekate.core.sweep.SweepWindow;
import dev.hekate.core.sweep.VersionFlood;
import dev.hekate.core.sweep.Watchlist;
import dev.hekate.core.text.UntrustedText;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the person sees. Interactive: a progress bar on stderr, redrawn in place, with the
 * verdicts that need a look printed above it. Otherwise: every verdict as a line on stdout (or
 * JSON with --json) and a progress line on stderr every tenth of the way. Called by the engine
 * one package at a time. {@link SweepCommand} parses the options and runs the sweep; this class
 * only renders it: the progress, and the summary table at the end ({@link #table}).
 */
final class SweepOutput implements SweepListener {
  /** Rows of the "needs a look" table kept in memory; the rest are counted. */
  private static final int MAX_NOTABLE = 50;
  private static final int BAR = 30;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;
  private final boolean interactive;
  private final List<String> notable = new ArrayList<>();
  private int notableOmitted;
  private int planned;
  private int done;
  private int failed;
  private int regressions;
  private int errors;
  private int floods;
  private long startNanos;
  private long lastDrawNanos;
  private int lastTenth;
  private int lastPrinted;

  SweepOutput(PrintStream out, PrintStream err, boolean json, boolean interactive) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.interactive = interactive;
  }

  @Override
  public void started(int packages, SweepWindow window) {
    planned = packages;
    startNanos = System.nanoTime();
    err.println("hekate sweep: " + packages + " package(s), versions published since " + window.since()
        + " and each latest");
    draw(true);
  }

  @Override
  public void packageSwept(PackageResult result) {
    done++;
    for (Verdict verdict : result.verdicts()) {
      boolean look = verdict.status() == Status.FAILED || verdict.regression() || verdict.status() == Status.ERROR;
      failed += verdict.status() == Status.FAILED ? 1 : 0;
      regressions += verdict.regression() ? 1 : 0;
      errors += verdict.status() == Status.ERROR ? 1 : 0;
      if (look) {
        remember(verdict);
      }
      if (json) {
        out.println(VerdictJson.toJsonLine(verdict));
      } else if (!interactive || look) {
        clearBar();
        VerifyNpmCommand.print(verdict, false, out, err);
      }
    }
    if (result.flood().isPresent()) {
      floods++;
      String row = floodRow(result.name(), result.flood().get());
      remember(row);
      if (!json) {
        clearBar();
        out.println(row.strip());
      }
    }
    draw(false);
  }

  /** A flood as a "needs a look" row: it is the package's, not any one version's. */
  private static String floodRow(String name, VersionFlood flood) {
    String deferred = flood.deferred() == 0 ? "all verified, oldest first"
        : flood.deferred() + " deferred (the newest, beyond the ceiling): not verified";
    return String.format(Locale.ROOT, "  %-8s %-40s %s", "FLOOD", name, flood.published()
        + " versions published in the window (more than " + flood.threshold() + "); " + deferred);
  }

  @Override
  public void finished(SweepSummary summary) {
    draw(true);
    if (interactive) {
      err.println();
    }
  }

  private void remember(Verdict verdict) {
    String spec = verdict.version().isEmpty() ? verdict.packageName() : verdict.packageName() + "@" + verdict.version();
    String why = switch (verdict.status()) {
      case FAILED -> verdict.firstFailure().map(f -> f.result().id().wireName() + " (" + f.attestation() + ")")
          .orElse("failed");
      case MISSING -> "no provenance; an earlier version of the major line had it (regression)";
      case ERROR -> verdict.error().orElse("could not check");
      case VERIFIED -> "provenance regression";
    };
    remember(String.format(Locale.ROOT, "  %-8s %-40s %s", verdict.status(), UntrustedText.terminal(spec),
        UntrustedText.terminal(cut(why, 100))));
  }

  private void remember(String row) {
    if (notable.size() >= MAX_NOTABLE) {
      notableOmitted++;
      return;
    }
    notable.add(row);
  }

  private void clearBar() {
    if (interactive) {
      err.print("\r\033[2K");
      err.flush();
    }
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (interactive) {
      if (!force && now - lastDrawNanos < 100_000_000L && done < planned) {
        return;
      }
      lastDrawNanos = now;
      int filled = planned == 0 ? BAR : (int) ((long) BAR * done / planned);
      String bar = "#".repeat(filled) + ".".repeat(BAR - filled);
      err.print("\r\033[2K[" + bar + "] " + done + "/" + planned + " " + percent() + "  " + elapsed(now)
          + eta(now) + "  failed " + failed + "  regressions " + regressions + "  errors " + errors
          + (floods == 0 ? "" : "  floods " + floods));
      err.flush();
      return;
    }
    int tenth = planned == 0 ? 10 : (int) (10L * done / planned);
    if (done > lastPrinted && (tenth > lastTenth || done == planned)) {
      lastTenth = tenth;
      lastPrinted = done;
      err.println("hekate sweep: " + done + "/" + planned + " packages (" + percent() + ") in " + elapsed(now)
          + "; failed " + failed + ", regressions " + regressions + ", errors " + errors
          + (floods == 0 ? "" : ", version floods " + floods));
    }
  }

  private String percent() {
    return (planned == 0 ? 100 : 100L * done / planned) + "%";
  }

  private String elapsed(long now) {
    return clockTime(Duration.ofNanos(now - startNanos));
  }

  private String eta(long now) {
    if (done == 0 || done >= planned) {
      return "";
    }
    long perPackage = (now - startNanos) / done;
    return "  ~" + clockTime(Duration.ofNanos(perPackage * (planned - done))) + " left";
  }

  private static String clockTime(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** The summary table, on stdout. */
  void table(SweepSummary s, Watchlist watchlist) {
    out.println();
    out.printf(Locale.ROOT, "Sweep of %d package(s) from %s: %d version(s) published %s .. %s and each latest, "
        + "in %.1f s%n", s.packagesSwept(), watchlist.origin(), s.versions(), s.window().since(), s.window().until(),
        s.duration().toMillis() / 1000.0);
    if (s.packagesSwept() < s.packagesPlanned()) {
      out.printf(Locale.ROOT, "  (stopped early: %d of %d packages swept)%n", s.packagesSwept(), s.packagesPlanned());
    }
    out.println();
    out.printf(Locale.ROOT, "  %-10s %8s%n", "status", "versions");
    for (Status status : Status.values()) {
      String note = status == Status.MISSING && s.regressions() > 0 ? "   (" + s.regressions() + " regression"
          + (s.regressions() == 1 ? ")" : "s)") : "";
      out.printf(Locale.ROOT, "  %-10s %8d%s%n", status, s.count(status), note);
    }
    out.printf(Locale.ROOT, "  %-10s %8d%n", "total", s.versions());
    if (!s.failuresByCheck().isEmpty()) {
      out.println();
      out.printf(Locale.ROOT, "  %-32s %6s%n", "FAILED by first failing check", "count");
      s.failuresByCheck().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> out.printf(Locale.ROOT, "  %-32s %6d%n", e.getKey(), e.getValue()));
    }
    if (!s.registryErrors().isEmpty()) {
      out.println();
      out.printf(Locale.ROOT, "  %-32s %6s%n", "registry errors (endpoint status)", "count");
      s.registryErrors().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> out.printf(Locale.ROOT, "  %-32s %6d%n", e.getKey(), e.getValue()));
    }
    if (s.versionFloods() > 0) {
      out.println();
      out.printf(Locale.ROOT, "  %d version flood(s): package(s) that published more versions in the window than the "
          + "threshold; %d version(s) deferred beyond the ceiling, not verified%n", s.versionFloods(),
          s.deferredVersions());
    }
    if (s.alreadyVerified() > 0 || s.carriedOver() > 0) {
      out.println();
      out.printf(Locale.ROOT, "  verdict store: %d version(s) already decided, not verified again; %d carried over"
          + " to the next run (beyond the per-package ceiling)%n", s.alreadyVerified(), s.carriedOver());
    }
    if (!notable.isEmpty()) {
      out.println();
      out.println("  needs a look:");
      notable.forEach(out::println);
      if (notableOmitted > 0) {
        out.println("  ... and " + notableOmitted + " more (see the lines above, or run with --json)");
      }
    }
  }

  private static String cut(String text, int max) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
  }
}
