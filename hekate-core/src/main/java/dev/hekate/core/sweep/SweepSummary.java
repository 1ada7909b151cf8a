package dev.hekate.core.sweep;

import dev.hekate.core.npm.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The totals of a sweep (or of a Lambda worker's batch).
 *
 * @param packagesPlanned packages on the watchlist
 * @param packagesSwept packages looked at (fewer when the sweep was stopped or interrupted)
 * @param versions verdicts reached
 * @param statuses verdicts per status, every status present
 * @param regressions verdicts with a provenance regression
 * @param failuresByCheck FAILED verdicts per first failing check id
 * @param registryErrors failed registry requests per {@code endpoint http_status} (e.g. {@code packument 503})
 * @param versionFloods packages that published more versions in the window than the flood threshold
 * @param deferredVersions versions of those floods beyond the per-package ceiling, not verified
 * @param listenerFailures listener calls that threw
 * @param alreadyVerified with a verdict store: versions in the windows already decided, not verified again
 * @param carriedOver with a verdict store: versions beyond the per-package ceiling, left for the next run
 */
public record SweepSummary(
    Instant startedAt,
    Duration duration,
    SweepWindow window,
    int packagesPlanned,
    int packagesSwept,
    int versions,
    Map<Status, Integer> statuses,
    int regressions,
    Map<String, Integer> failuresByCheck,
    Map<String, Integer> registryErrors,
    int versionFloods,
    int deferredVersions,
    int listenerFailures,
    int alreadyVerified,
    int carriedOver) {

  public SweepSummary {
    // One null check per component: records validate what they hold.
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(window, "window");
    statuses = Map.copyOf(statuses);
    failuresByCheck = Map.copyOf(failuresByCheck);
    registryErrors = Map.copyOf(registryErrors);
  }

  public int count(Status status) {
    return statuses.getOrDefault(status, 0);
  }

  /** Whether a person must look: any FAILED verdict, provenance regression or version flood. */
  public boolean alarming() {
    return count(Status.FAILED) > 0 || regressions > 0 || versionFloods > 0;
  }
}
