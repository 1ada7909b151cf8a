package dev.hekate.core.registry;

import dev.hekate.core.json.Limits;
import java.time.Duration;

/**
 * Bounds on what the npm registry sends and on how long Hekate waits for it. Kept beside
 * {@link Limits} (the bounds of the offline verifier) so that each is found in one place.
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

  /** Most same-origin redirects followed for one request. */
  public static final int MAX_REDIRECTS = 3;
  /** Default number of attempts per request (the first try and its retries). */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Upper bound on the attempts a configuration may ask for. */
  public static final int MAX_ATTEMPTS = 10;
  /** Default longest wait a {@code Retry-After} header can impose between attempts. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);

  /** Default TCP connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default timeout between two reads of a response. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
  /** Default bound on one whole attempt, body included. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  /** First backoff delay; each retry doubles it, up to {@link #DEFAULT_BACKOFF_MAX}. */
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(250);
  /** Longest backoff delay before jitter. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(4);

  private RegistryLimits() {}
}
