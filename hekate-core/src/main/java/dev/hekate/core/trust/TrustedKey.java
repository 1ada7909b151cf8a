package dev.hekate.core.trust;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A public key trusted for one usage within a validity window (the npm registry's attestation
 * and signature keys).
 */
// One null check per component: records validate what they hold.
public record TrustedKey(String keyId, String keyUsage, PublicKey publicKey, ValidityPeriod validity) {

  public TrustedKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(keyUsage, "keyUsage");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(validity, "validity");
  }
}
