package dev.hekate.core.sweep;

import dev.hekate.core.json.Limits;

/**
 * How hard a sweep works.
 *
 * @param concurrency packages verified at once, 1..{@value #MAX_CONCURRENCY} (default {@value #DEFAULT_CONCURRENCY})
 * @param floodThreshold versions one package may publish in one window before it is a
 *     {@linkplain VersionFlood flood} (default {@value #DEFAULT_FLOOD_THRESHOLD}); a flood alarms, and
 *     its versions are still verified, oldest first, up to the ceiling
 * @param versionCeiling versions verified per package per sweep, the latest included, at least the
 *     threshold and at most {@link Limits#MAX_SWEEP_VERSIONS_PER_PACKAGE} (the default): the newest
 *     versions in the window beyond it are deferred, counted in the flood
 */
public record SweepOptions(int concurrency, int floodThreshold, int versionCeiling) {
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final int MAX_CONCURRENCY = 64;
  public static final int DEFAULT_FLOOD_THRESHOLD = 25;

  public SweepOptions {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency must be 1.." + MAX_CONCURRENCY);
    }
    if (floodThreshold < 1) {
      throw new IllegalArgumentException("floodThreshold must be positive");
    }
    if (versionCeiling < floodThreshold || versionCeiling > Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE) {
      // A ceiling under the threshold would defer versions of a package that is not flooding: silently.
      throw new IllegalArgumentException("versionCeiling must be " + floodThreshold + ".."
          + Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE);
    }
  }

  public static SweepOptions defaults() {
    return new SweepOptions(DEFAULT_CONCURRENCY, DEFAULT_FLOOD_THRESHOLD, Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE);
  }

  public SweepOptions withConcurrency(int concurrency) {
    return new SweepOptions(concurrency, floodThreshold, versionCeiling);
  }
}
