package dev.hekate.core.sweep;

import dev.hekate.core.store.VerdictRecorder;
import java.time.Duration;
import java.util.Objects;

/**
 * What a sweep remembers between runs, through a verdict store: each package's cursor (the newest
 * publish time fully covered), so that a run verifies every version published since the last one
 * that covered the package, however long ago; the versions already decided, which it does not
 * verify again; and what the registry served, to notice when that changes (docs/sweep.md).
 *
 * @param recheckAfter how old a check of a package's latest version may be before a sweep checks it
 *     again (the latest is the version whose answer is compared most often); other versions already
 *     decided are not checked again by the sweep
 */
public record SweepMemory(VerdictRecorder recorder, Duration recheckAfter) {
  /** The default {@code recheckAfter}: under the hourly schedule, so each scheduled run re-checks the latest. */
  public static final Duration DEFAULT_RECHECK_AFTER = Duration.ofMinutes(30);

  public SweepMemory {
    Objects.requireNonNull(recorder, "recorder");
    Objects.requireNonNull(recheckAfter, "recheckAfter");
    if (recheckAfter.isNegative()) {
      throw new IllegalArgumentException("negative recheckAfter");
    }
  }
}
