package dev.hekate.core.signature;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** The key a bundle was signed with: a Fulcio (or other X.509) certificate, or a bare public key. */
public sealed interface SigningKey {

  PublicKey publicKey();

  /** DER of what a log entry body must name: the certificate, or the SubjectPublicKeyInfo. */
  byte[] encoded();

  record Certificate(X509Certificate certificate) implements SigningKey {
    public Certificate {
      Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public PublicKey publicKey() {
      return certificate.getPublicKey();
    }

    @Override
    public byte[] encoded() {
      try {
        return certificate.getEncoded();
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException("a parsed certificate re-encodes", e);
      }
    }
  }

  /** A bare key, with the id it was selected by (empty when it was given directly). */
  record Key(PublicKey publicKey, String keyId) implements SigningKey {
    public Key {
      Objects.requireNonNull(publicKey, "publicKey");
      Objects.requireNonNull(keyId, "keyId");
    }

    @Override
    public byte[] encoded() {
      return publicKey.getEncoded();
    }
  }
}
