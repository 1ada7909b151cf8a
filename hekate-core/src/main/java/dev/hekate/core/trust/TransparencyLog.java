package dev.hekate.core.trust;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A transparency log (Rekor) or certificate-transparency log trusted by a trusted root.
 *
 * @param baseUrl the log's URL, informational
 * @param logId the log id: for Rekor v1 and CT logs the SHA-256 of the DER public key, for Rekor
 *     v2 the id given by the trusted root
 * @param publicKey the key the log signs with
 * @param keyDetails the Sigstore key-details name, e.g. {@code PKIX_ECDSA_P256_SHA_256}
 * @param validity when the log's key may be used
 */
public record TransparencyLog(
    String baseUrl, LogId logId, PublicKey publicKey, String keyDetails, ValidityPeriod validity) {

  public TransparencyLog {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(keyDetails, "keyDetails");
    Objects.requireNonNull(validity, "validity");
  }
}
