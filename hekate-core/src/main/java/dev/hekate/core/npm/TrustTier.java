package dev.hekate.core.npm;

import java.util.Locale;

/**
 * How a version was published, from most to least trusted, as pnpm's {@code trustPolicy} ranks it.
 * A version's own tier rests on verified evidence; an earlier version's, which only sets the bar,
 * on the registry's metadata ({@link TrustHistory}).
 */
public enum TrustTier {
  /** No provenance: no CI build vouches for the version. */
  NONE,
  /** Provenance verified: a CI build vouches for it. */
  PROVENANCE,
  /** Provenance verified and the registry says the version came through trusted publishing (OIDC, no token). */
  TRUSTED_PUBLISHER;

  /** The tier as written in JSON: {@code none}, {@code provenance}, {@code trusted_publisher}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The tier of a version with provenance: trusted publishing on top where the registry says so. */
  public static TrustTier withProvenance(boolean trustedPublisher) {
    return trustedPublisher ? TRUSTED_PUBLISHER : PROVENANCE;
  }

  public boolean below(TrustTier other) {
    return compareTo(other) < 0;
  }
}
