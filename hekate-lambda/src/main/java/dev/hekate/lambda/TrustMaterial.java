package dev.hekate.lambda;

import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRoot;
import java.util.Objects;

/** What verdicts are verified against: a Sigstore trusted root and the npm registry's keys. */
public record TrustMaterial(TrustedRoot trustedRoot, TrustedKeys npmKeys) {

  public TrustMaterial {
    Objects.requireNonNull(trustedRoot, "trustedRoot");
    Objects.requireNonNull(npmKeys, "npmKeys");
  }

  /**
   * The public-good trusted root and npm keys embedded in hekate-core, parsed now.
   *
   * @throws IllegalStateException if they do not parse (a broken jar)
   */
  public static TrustMaterial embedded() {
    return new TrustMaterial(EmbeddedTrust.publicGoodTrustedRoot(), EmbeddedTrust.npmKeys());
  }
}
