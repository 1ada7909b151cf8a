package dev.hekate.core.registry;

import dev.hekate.core.http.HttpLimits;
import dev.hekate.core.json.Limits;
import java.time.Duration;

/**
 * Bounds on what the npm registry sends and on how long Hekate waits for it. Kept beside
 * {@link Limits} (the bounds of the offline verifier) so that each is found in one place; attempts,
 * backoff and redirects, which the GitHub client shares, are in {@link HttpLimits}.
 */
public final class RegistryLimits {
  /** Longest package name (npm's limit for new packages). */
  public static final int MAX_NAME_LENGTH = 214;
  /** Longest version string (node-semver's {@code MAX_LENGTH}). */
  public static final int MAX_VERSION_LENGTH = 256;

  /**
   * Default largest full packument accepted, in bytes after decompression. Popular packages' packuments
   * run to tens of MiB (every version's manifest and the readme are inlined).
   */
  public static final int MAX_PACKUMENT_BYTES = 64 << 20;
  /** Largest attestations response accepted, in bytes: the offline verifier's own bound. */
  public static final int MAX_ATTESTATIONS_BYTES = Limits.MAX_ATTESTATIONS_BYTES;
  /** Largest {@code /-/npm/v1/keys} response accepted, in bytes. The real one is under 1 KiB. */
  public static final int MAX_KEYS_BYTES = 1 << 20;
  /** Default largest tarball accepted, in bytes; configurable per client. */
  public static final long DEFAULT_MAX_TARBALL_BYTES = 256L << 20;

  /** Most versions in one packument. The largest real packuments hold a few tens of thousands. */
  public static final int MAX_VERSIONS = 100_000;
  /** Most dist-tags in one packument. */
  public static final int MAX_DIST_TAGS = 10_000;
  /** Most registry signatures in one version's {@code dist.signatures}. */
  public static final int MAX_DIST_SIGNATURES = 16;

  /**
   * Default timeout between two reads of a response: longer than {@link HttpLimits}' default,
   * for packuments of tens of MiB.
   */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
  /** Default bound on one whole attempt, body included. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private RegistryLimits() {}
}
