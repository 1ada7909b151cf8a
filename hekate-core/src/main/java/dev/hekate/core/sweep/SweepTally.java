package dev.hekate.core.sweep;

import dev.hekate.core.metrics.VerdictMetrics;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up {@link PackageResult}s into a {@link SweepSummary}; memory does not grow with the
 * number of packages. Not thread-safe (the engine adds under its listener lock); a Lambda worker
 * uses one per batch.
 */
public final class SweepTally {
  private final Map<Status, Integer> statuses = new EnumMap<>(Status.class);
  private final Map<String, Integer> failuresByCheck = new TreeMap<>();
  private final Map<String, Integer> registryErrors = new TreeMap<>();
  private int packages;
  private int versions;
  private int regressions;
  private int floods;
  private int deferred;
  private int listenerFailures;
  private int alreadyVerified;
  private int carriedOver;

  public SweepTally() {
    for (Status s : Status.values()) {
      statuses.put(s, 0);
    }
  }

  public void add(PackageResult result) {
    packages++;
    alreadyVerified += result.alreadyVerified();
    carriedOver += result.carriedOver();
    if (result.flood().isPresent()) {
      floods++;
      deferred += result.flood().get().deferred();
    }
    for (Verdict verdict : result.verdicts()) {
      verdict.registryFailure().ifPresent(f -> registryErrors.merge(
          f.endpoint() + " " + VerdictMetrics.httpStatusText(f.httpStatus()),
          1, Integer::sum));
      versions++;
      statuses.merge(verdict.status(), 1, Integer::sum);
      if (verdict.regression()) {
        regressions++;
      }
      if (verdict.status() == Status.FAILED) {
        failuresByCheck.merge(VerdictMetrics.firstFailingCheck(verdict), 1, Integer::sum);
      }
    }
  }

  void listenerFailed() {
    listenerFailures++;
  }

  public SweepSummary summary(Instant startedAt, Duration duration, SweepWindow window, int planned) {
    return new SweepSummary(startedAt, duration, window, planned, packages, versions, statuses, regressions,
        failuresByCheck, registryErrors, floods, deferred,
        listenerFailures, alreadyVerified, carriedOver);
  }
}
