package dev.hekate.testdata;

import java.security.PublicKey;

/**
 * A certificate transparency log that issues RFC 6962 signed certificate timestamps (SCTs) for
 * precertificates, the way Fulcio's CT log does. Its log id is SHA-256 of its DER public key.
 */
public final class FakeCtLog {

  private static final int SCT_VERSION_V1 = 0;
  private static final int SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP = 0;
  private static final int ENTRY_TYPE_PRECERT = 1;
  private static final int HASH_SHA256 = 4;
  private static final int SIGNATURE_ECDSA = 3;

  // Field declarations: each class holds its own state.
  private final EcKey key;
  private final String baseUrl;
  private final Validity validity;

  FakeCtLog(EcKey key, String baseUrl, Validity validity) {
    this.key = key;
    this.baseUrl = baseUrl;
    this.validity = validity;
  }

  /** SHA-256 of the log's DER SubjectPublicKeyInfo (the SCT's and trusted root's log id). */
  public byte[] logId() {
    return Bytes.sha256(key.spki());
  }

  /** The log's public key (ECDSA P-256). */
  public PublicKey publicKey() {
    return key.publicKey();
  }

  /** The base URL written to the trusted root. */
  // Plain accessors, one per field: nothing to share but the shape.
  public String baseUrl() {
    return baseUrl;
  }

  /** The window written to the trusted root's {@code validFor}. */
  public Validity validity() {
    return validity;
  }

  EcKey key() {
    return key;
  }

  /**
   * A serialized v1 SCT over a precertificate.
   *
   * @param issuerSpki DER public key of the certificate's issuer (its hash is signed)
   * @param precertTbs DER TBSCertificate of the final certificate without the SCT list extension
   * @param corruptSignature flip a bit of the signature, so only SCT verification fails
   */
  byte[] sct(byte[] issuerSpki, byte[] precertTbs, long timestampMillis, boolean corruptSignature) {
    byte[] extensions = new byte[0];
    byte[] signed = Bytes.concat(
        new byte[] {SCT_VERSION_V1, SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP},
        Bytes.u64(timestampMillis),
        Bytes.u16(ENTRY_TYPE_PRECERT),
        Bytes.sha256(issuerSpki),
        Bytes.u24(precertTbs.length),
        precertTbs,
        Bytes.u16(extensions.length),
        extensions);
    byte[] signature = key.sign(signed);
    if (corruptSignature) {
      signature = Bytes.flipLast(signature);
    }
    return Bytes.concat(
        new byte[] {SCT_VERSION_V1},
        logId(),
        Bytes.u64(timestampMillis),
        Bytes.u16(extensions.length),
        extensions,
        new byte[] {HASH_SHA256, SIGNATURE_ECDSA},
        Bytes.u16(signature.length),
        signature);
  }

  /** The TLS-encoded SignedCertificateTimestampList holding {@code scts}. */
  static byte[] sctList(byte[]... scts) {
    byte[] body = new byte[0];
    for (byte[] sct : scts) {
      body = Bytes.concat(body, Bytes.u16(sct.length), sct);
    }
    return Bytes.concat(Bytes.u16(body.length), body);
  }
}
