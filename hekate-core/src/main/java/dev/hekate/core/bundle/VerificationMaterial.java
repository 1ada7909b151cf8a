package dev.hekate.core.bundle;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** How the bundle says its signature is to be checked: a Fulcio certificate, or a named key. */
public sealed interface VerificationMaterial {

  /**
   * A signing certificate, possibly followed by intermediates. Only the leaf is used: issuers
   * come from the trusted root, never from the bundle.
   */
  record Certificates(List<X509Certificate> chain) implements VerificationMaterial {
    public Certificates {
      chain = List.copyOf(chain);
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("empty certificate chain");
      }
    }

    public X509Certificate leaf() {
      return chain.get(0);
    }
  }

  /** A public key identified by a hint (for npm, the registry key id). */
  record PublicKeyHint(String hint) implements VerificationMaterial {
    public PublicKeyHint {
      Objects.requireNonNull(hint, "hint");
    }
  }
}
