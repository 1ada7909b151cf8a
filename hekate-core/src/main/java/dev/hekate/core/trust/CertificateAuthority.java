package dev.hekate.core.trust;

import dev.hekate.core.crypto.Keys;
import dev.hekate.core.crypto.Providers;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate authority (Fulcio) or timestamp authority trusted by a trusted root.
 *
 * <p>Immutable. Whether the authority's own chain is internally consistent (each certificate a
 * CA issued and signed by the next, the last self-signed) depends on trust material only, so it
 * is computed once and remembered rather than re-verified for every bundle.
 */
public final class CertificateAuthority {
  private final String uri;
  private final List<X509Certificate> chain;
  private final ValidityPeriod validity;
  private volatile Boolean chainConsistent;
  private volatile java.security.PublicKey issuerKey;
  private volatile Optional<byte[]> issuerKeyHash;

  /**
   * @param uri the authority's URL, informational
   * @param chain the chain from the issuing certificate (first) to the root (last); for a timestamp
   *     authority the first certificate is the TSA's signing certificate
   * @param validity when certificates from this authority are trusted
   */
  public CertificateAuthority(String uri, List<X509Certificate> chain, ValidityPeriod validity) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.chain = List.copyOf(chain);
    this.validity = Objects.requireNonNull(validity, "validity");
    if (this.chain.isEmpty()) {
      throw new IllegalArgumentException("an authority needs at least one certificate");
    }
  }

  // Plain accessors, one per field: nothing to share but the shape.
  public String uri() {
    return uri;
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  public ValidityPeriod validity() {
    return validity;
  }

  /**
   * The public key of the first certificate, which signs what this authority issues. Remembered:
   * the provider caches per-key precomputation, which a fresh key object would lose.
   */
  public java.security.PublicKey issuerKey() {
    java.security.PublicKey key = issuerKey;
    if (key == null) {
      key = chain.get(0).getPublicKey();
      issuerKey = key;
    }
    return key;
  }

  /**
   * SHA-256 of the first certificate's SubjectPublicKeyInfo exactly as encoded in it: RFC 6962's
   * {@code issuer_key_hash}, which binds an SCT to its issuer. Empty if that certificate cannot be
   * re-read. Remembered: it depends on trust material only, and reading it means parsing the
   * whole certificate again.
   */
  public Optional<byte[]> issuerKeyHash() {
    Optional<byte[]> hash = issuerKeyHash;
    if (hash == null) {
      hash = Keys.subjectPublicKeyInfo(chain.get(0)).map(Keys::sha256);
      issuerKeyHash = hash;
    }
    return hash.map(byte[]::clone);
  }

  /**
   * Whether every certificate of the chain is issued and signed by the next one, the last is
   * self-signed, and all but the first are CA certificates (the first is a Fulcio intermediate, or
   * a timestamp authority's signing certificate). Validity in time is not part of this: it
   * depends on when.
   */
  public boolean chainConsistent() {
    Boolean known = chainConsistent;
    if (known == null) {
      known = computeChainConsistent();
      chainConsistent = known;
    }
    return known;
  }

  private boolean computeChainConsistent() {
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate certificate = chain.get(i);
      X509Certificate signer = i + 1 < chain.size() ? chain.get(i + 1) : certificate;
      if ((i > 0 && certificate.getBasicConstraints() < 0)
          || !certificate.getIssuerX500Principal().equals(signer.getSubjectX500Principal())) {
        return false;
      }
      try {
        if (signer.getPublicKey() instanceof ECPublicKey) {
          certificate.verify(signer.getPublicKey(), Providers.BOUNCY_CASTLE);
        } else {
          certificate.verify(signer.getPublicKey());
        }
      } catch (Exception e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + uri + ", " + chain.size() + " certificate(s), " + validity + "]";
  }
}
