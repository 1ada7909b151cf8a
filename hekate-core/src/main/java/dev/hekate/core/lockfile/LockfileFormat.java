package dev.hekate.core.lockfile;

import java.util.Locale;

/** The lockfile formats Hekate reads, with the wire name used in JSON and SARIF output. */
public enum LockfileFormat {
  /** npm {@code package-lock.json} (lockfileVersion 1, 2, 3) and {@code npm-shrinkwrap.json}. */
  NPM,
  /** {@code pnpm-lock.yaml}, lockfileVersion 6.x to 9.x, one or two YAML documents. */
  PNPM,
  /** yarn 1 {@code yarn.lock} ({@code # yarn lockfile v1}). */
  YARN_CLASSIC,
  /** yarn 2+ {@code yarn.lock} (YAML with {@code __metadata}). */
  YARN_BERRY;

  /** {@code npm}, {@code pnpm}, {@code yarn_classic}, {@code yarn_berry}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
