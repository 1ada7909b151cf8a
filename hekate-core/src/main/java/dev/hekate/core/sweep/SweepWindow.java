package dev.hekate.core.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The publication times a sweep looks at: versions published at or after {@code since} and before
 * {@code until}. Consecutive sweeps pass the previous sweep's {@code until} as the next
 * {@code since}, so every version falls in exactly one window; the latest version is verified in
 * every sweep whatever its time (which re-evaluates regression).
 */
public record SweepWindow(Instant since, Instant until) {
  /** The window of a sweep when no previous sweep time is known. */
  public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);

  public SweepWindow {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    if (since.isAfter(until)) {
      throw new IllegalArgumentException("the window starts (" + since + ") after it ends (" + until + ")");
    }
  }

  /** The {@code lookback} before {@code now}. */
  public static SweepWindow lookback(Instant now, Duration lookback) {
    if (lookback.isNegative()) {
      throw new IllegalArgumentException("negative lookback");
    }
    return new SweepWindow(now.minus(lookback), now);
  }

  /** Whether a version published at {@code published} is in the window. */
  public boolean contains(Instant published) {
    return !published.isBefore(since) && published.isBefore(until);
  }
}
