package dev.hekate.core.registry;

/**
 * What is known of the registry a version came from: whether it publishes signing keys at
 * {@code /-/npm/v1/keys}. That decides what a version without {@code dist.signatures} means; a
 * version that carries signatures has them checked whatever this says.
 */
public enum RegistryKeys {
  /**
   * The registry serves its signing keys (as registry.npmjs.org does), so it signs every version it
   * serves: a version without {@code dist.signatures} fails, as {@code npm audit signatures} treats it.
   */
  PUBLISHED,
  /**
   * The registry answered that it has no signing keys (404, or a keys document listing none: a
   * mirror): a version without signatures cannot be checked, which is reported as a finding.
   */
  NOT_PUBLISHED,
  /** There is no registry (offline verification of files): as {@link #NOT_PUBLISHED}, a finding. */
  NO_REGISTRY,
  /**
   * Not asked, because the version carries signatures. Given for a version without signatures it
   * is the caller's mistake, and the check ends ERROR, never passed.
   */
  NOT_ASKED
}
