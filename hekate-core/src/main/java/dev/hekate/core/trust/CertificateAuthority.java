package dev.hekate.core.trust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate authority (Fulcio) or timestamp authority trusted by a trusted root.
 *
 * @param uri the authority's URL, informational
 * @param chain the chain from the issuing certificate (first) to the root (last); for a timestamp
 *     authority the first certificate is the TSA's signing certificate
 * @param validity when certificates from this authority are trusted
 */
public record CertificateAuthority(String uri, List<X509Certificate> chain, ValidityPeriod validity) {

  public CertificateAuthority {
    Objects.requireNonNull(uri, "uri");
    chain = List.copyOf(chain);
    Objects.requireNonNull(validity, "validity");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("an authority needs at least one certificate");
    }
  }

  /** The last certificate of the chain: the trust anchor. */
  public X509Certificate root() {
    return chain.get(chain.size() - 1);
  }
}
