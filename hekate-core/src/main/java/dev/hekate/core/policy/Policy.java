package dev.hekate.core.policy;

import dev.hekate.core.trust.TrustedKeys;
import java.security.PublicKey;
import java.util.Objects;

/** Whose signature is acceptable: a Fulcio identity, a given key, or a trusted key chosen by hint. */
public sealed interface Policy {

  /** Keyless signing: a Fulcio certificate for this identity. */
  record Identity(IdentityPolicy identity) implements Policy {
    public Identity {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /** A key the caller supplies (e.g. {@code --key key.pub}). */
  // One small record per variant of a sealed interface: the shape is the pattern.
  record Key(PublicKey publicKey) implements Policy {
    public Key {
      Objects.requireNonNull(publicKey, "publicKey");
    }
  }

  /**
   * A key named by the bundle's hint, looked up in trusted keys with this usage, and valid at
   * every verified signing time (npm's publish attestations).
   */
  record TrustedKeyHint(TrustedKeys keys, String keyUsage) implements Policy {
    public TrustedKeyHint {
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(keyUsage, "keyUsage");
    }
  }

  static Policy identity(IdentityPolicy identity) {
    return new Identity(identity);
  }

  static Policy key(PublicKey key) {
    return new Key(key);
  }

  static Policy trustedKeys(TrustedKeys keys, String keyUsage) {
    return new TrustedKeyHint(keys, keyUsage);
  }
}
