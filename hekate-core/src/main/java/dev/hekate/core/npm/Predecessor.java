package dev.hekate.core.npm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What continuity compares a verified version with: the latest earlier version (any major line)
 * whose provenance verified, or the news that there is none, or that nobody looked. The caller
 * that has the packument finds it ({@link dev.hekate.core.service.NpmService}); {@link
 * ContinuityFindings} compares.
 */
public sealed interface Predecessor {

  /** Nobody looked: there is no packument (offline, a benchmark), so continuity says nothing. */
  Predecessor NOT_LOOKED = new NotLooked();

  /** A predecessor known only by its evidence (callers without a packument), or not looked for. */
  static Predecessor of(Optional<Evidence> previous) {
    return previous.<Predecessor>map(e -> new Verified("", e, Optional.empty())).orElse(NOT_LOOKED);
  }

  /** See {@link #NOT_LOOKED}. */
  record NotLooked() implements Predecessor {}

  /**
   * The latest earlier version whose provenance verified.
   *
   * @param version its version; empty when the caller does not know it
   * @param evidence its verified evidence (signed: from its Fulcio certificate)
   * @param approver its {@code _npmUser.approver} (a registry claim, unsigned): who approved it
   *     through staged publishing, when the registry says someone did
   */
  record Verified(String version, Evidence evidence, Optional<String> approver) implements Predecessor {
    public Verified {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(evidence, "evidence");
      Objects.requireNonNull(approver, "approver");
    }
  }

  /**
   * The caller looked and no earlier version verified.
   *
   * @param unverified the earlier versions the registry lists with provenance that were verified
   *     and did not pass, newest first (at most {@link dev.hekate.core.json.Limits#MAX_CONTINUITY_CANDIDATES});
   *     empty when no earlier version lists provenance: this is the package's first
   */
  record NoneVerified(List<String> unverified) implements Predecessor {
    public NoneVerified {
      unverified = List.copyOf(unverified);
    }
  }
}
