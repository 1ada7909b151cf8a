package dev.hekate.core.npm;

import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.VersionDocument;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The bar a version must not fall below: the highest tier of any version published before it, by
 * the packument's {@code time}, in any major line, prereleases included (axios 0.30.4 came after
 * 1.x had provenance, in a line that never had it). Earlier versions' tiers are the registry's
 * claims ({@code dist.attestations.provenance}, {@code _npmUser.trustedPublisher}): claims can only
 * raise the bar, and a registry that later denies what it advertised is caught when that version
 * is itself verified. A version without a publish time cannot be placed: that is said, never taken
 * as "no earlier version".
 */
public sealed interface TrustHistory {

  /**
   * @param bar the highest tier before this version ({@link TrustTier#NONE} when none had more)
   * @param setBy the latest earlier version with that tier, when the bar is above none
   */
  record Placed(TrustTier bar, Optional<String> setBy) implements TrustHistory {
    public Placed {
      Objects.requireNonNull(bar, "bar");
      Objects.requireNonNull(setBy, "setBy");
    }

    /** The bar as findings write it: {@code provenance (1.1.0)}. */
    public String describe() {
      return bar.wireName() + setBy.map(v -> " (" + v + ")").orElse("");
    }
  }

  /** The version has no publish time in the packument: its predecessors are unknown. */
  record Unplaced(String reason) implements TrustHistory {
    public Unplaced {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** No earlier version, or none that raises the bar (an offline verification says so explicitly). */
  TrustHistory NONE = new Placed(TrustTier.NONE, Optional.empty());

  /** The bar for {@code document} among {@code packument}'s versions. */
  public static TrustHistory of(Packument packument, VersionDocument document) {
    Optional<Instant> published = packument.publishedAt(document.version());
    if (published.isEmpty()) {
      return new Unplaced("the packument gives no publish time for " + document.version());
    }
    TrustTier bar = TrustTier.NONE;
    Optional<String> setBy = Optional.empty();
    Instant setAt = Instant.MIN;
    for (VersionDocument earlier : packument.versions().values()) {
      Optional<Instant> at = packument.publishedAt(earlier.version());
      if (earlier.version().equals(document.version()) || at.isEmpty() || !at.get().isBefore(published.get())) {
        continue;
      }
      TrustTier claimed = claimedTier(earlier);
      if (claimed.compareTo(bar) > 0 || (claimed == bar && claimed != TrustTier.NONE && at.get().isAfter(setAt))) {
        bar = claimed;
        setBy = Optional.of(earlier.version());
        setAt = at.get();
      }
    }
    return new Placed(bar, setBy);
  }

  /** What the registry says of a version's tier: provenance advertised, and trusted publishing on top. */
  static TrustTier claimedTier(VersionDocument version) {
    if (version.dist().provenancePredicateType().isEmpty()) {
      return TrustTier.NONE;
    }
    return TrustTier.withProvenance(version.trustedPublisher());
  }
}
