package dev.hekate.core.certificate;

import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.trust.TrustedKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the bundle says signed it, not yet checked against the verified times: a Fulcio certificate
 * or a public key, and for a key chosen by hint the trusted keys that carry that hint (each with
 * its own validity window).
 */
public record Signer(SigningKey key, List<TrustedKey> candidates) {
  public Signer {
    Objects.requireNonNull(key, "key");
    candidates = List.copyOf(candidates);
  }

  /** The leaf certificate, for keyless signing. */
  public Optional<X509Certificate> certificate() {
    return key instanceof SigningKey.Certificate certificate ? Optional.of(certificate.certificate()) : Optional.empty();
  }
}
