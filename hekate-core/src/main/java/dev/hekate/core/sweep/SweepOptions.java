package dev.hekate.core.sweep;

/**
 * How hard a sweep works.
 *
 * @param concurrency packages verified at once, 1..{@value #MAX_CONCURRENCY} (default {@value #DEFAULT_CONCURRENCY})
 * @param maxVersionsPerPackage versions verified per package per sweep, the latest included: a
 *     package that published more in one window (a flood) has its newest ones verified and the
 *     rest counted as skipped
 */
public record SweepOptions(int concurrency, int maxVersionsPerPackage) {
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final int MAX_CONCURRENCY = 64;
  public static final int DEFAULT_MAX_VERSIONS = 25;

  public SweepOptions {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency must be 1.." + MAX_CONCURRENCY);
    }
    if (maxVersionsPerPackage < 1) {
      throw new IllegalArgumentException("maxVersionsPerPackage must be positive");
    }
  }

  public static SweepOptions defaults() {
    return new SweepOptions(DEFAULT_CONCURRENCY, DEFAULT_MAX_VERSIONS);
  }

  public SweepOptions withConcurrency(int concurrency) {
    return new SweepOptions(concurrency, maxVersionsPerPackage);
  }
}
