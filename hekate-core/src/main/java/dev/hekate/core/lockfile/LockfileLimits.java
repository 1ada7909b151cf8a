package dev.hekate.core.lockfile;

/**
 * Every bound the lockfile readers put on untrusted input, in one place. Each is far above what
 * real lockfiles need (the held-out corpus's largest file is 1.5 MB, its longest YAML line 723
 * bytes) and low enough that a hostile file costs time and memory linear in its size.
 */
final class LockfileLimits {
  /** The largest lockfile read, 32 MiB; {@link Lockfiles#MAX_BYTES} is this. */
  static final int MAX_BYTES = 32 << 20;
  /** Deepest nesting of a JSON or YAML document; an npm v1 tree nests two levels per node_modules level. */
  static final int MAX_DEPTH = 128;
  /**
   * Most values (objects, arrays, scalars) in one file. The corpus's lockfiles hold about 43,000
   * per MB, so a real 32 MiB lockfile stays well under; the bound keeps the tree of a hostile file
   * of tiny values from costing many times its size in memory.
   */
  static final int MAX_VALUES = 3_000_000;
  /**
   * Longest YAML line, in bytes. SnakeYAML's scanner copies its window for every 1024 characters
   * of a run it peeks ahead over, so its time grows with the square of the longest run (16 MB on
   * one line took close to a minute); lockfiles' lines are short.
   */
  static final int MAX_YAML_LINE = 64 << 10;
  /** Longest walk up an npm bundle chain (arborist's inDepBundle); real trees are a few levels deep. */
  static final int MAX_BUNDLE_WALK = 32;
  /** Deepest yarn berry {@code patch:} of a {@code patch:}. */
  static final int MAX_PATCH_DEPTH = 4;
  /** npm's limit on a package name, scope included. */
  static final int MAX_NAME_LENGTH = 214;
  /** node-semver's limit on a version string. */
  static final int MAX_VERSION_LENGTH = 256;

  private LockfileLimits() {}
}
