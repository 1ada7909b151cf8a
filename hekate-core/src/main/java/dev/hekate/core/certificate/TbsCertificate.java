package dev.hekate.core.certificate;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * A certificate's TBSCertificate bytes, cut from its encoding instead of encoded again.
 *
 * <p>Bouncy Castle's {@code getTBSCertificate()} DER-encodes the parsed TBSCertificate on every
 * call, while its {@code getEncoded()} encodes the whole certificate once and remembers it (the
 * log entry body check has asked for it before the chain and SCT checks run). Both encode the same
 * parsed sequence, and a DER SEQUENCE is its elements' DER encodings in order, so the first element
 * of the one is the other; the JDK's certificates keep their original bytes for both. The one
 * exception is Bouncy Castle's {@code org.bouncycastle.x509.allow_non-der_tbscert} property, which
 * makes it rebuild the TBSCertificate from its fields: when that property is set at all, and
 * whenever the encoding is not a plain definite-length SEQUENCE whose first element is one,
 * {@code getTBSCertificate()} answers instead.
 */
final class TbsCertificate {
  private static final String REBUILD_PROPERTY = "org.bouncycastle.x509.allow_non-der_tbscert";
  private static final int SEQUENCE = 0x30;

  private TbsCertificate() {}

  /** Exactly what {@code certificate.getTBSCertificate()} returns. */
  static byte[] of(X509Certificate certificate) throws CertificateEncodingException {
    if (org.bouncycastle.util.Properties.getPropertyValue(REBUILD_PROPERTY) != null) {
      return certificate.getTBSCertificate();
    }
    Optional<byte[]> cut = firstElement(certificate.getEncoded());
    return cut.isPresent() ? cut.get() : certificate.getTBSCertificate();
  }

  /**
   * The first element (tag, length and contents) of the SEQUENCE that is all of {@code der}, if it
   * is a SEQUENCE too; empty for anything else: another tag, an indefinite, non-minimal or
   * overlong length, or bytes before or after where the lengths say.
   */
  static Optional<byte[]> firstElement(byte[] der) {
    Optional<int[]> outer = header(der, 0, der.length);
    if (outer.isEmpty() || der[0] != SEQUENCE || outer.get()[1] != der.length) {
      return Optional.empty();
    }
    int start = outer.get()[0];
    Optional<int[]> inner = header(der, start, der.length);
    if (inner.isEmpty() || der[start] != SEQUENCE) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(der, start, inner.get()[1]));
  }

  /**
   * For the element whose tag is at {@code at}: where its contents start and where it ends, if its
   * tag is a one-byte one and its length a minimal definite DER length that fits before {@code limit}.
   */
  private static Optional<int[]> header(byte[] der, int at, int limit) {
    if (at + 2 > limit || (der[at] & 0x1f) == 0x1f) {
      return Optional.empty();
    }
    int first = der[at + 1] & 0xff;
    int contents = at + 2;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7f;
      if (count == 0 || count > 4 || contents + count > limit || der[contents] == 0) {
        return Optional.empty(); // indefinite, too long, truncated, or not minimal
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        length = (length << 8) | (der[contents + i] & 0xff);
      }
      if (length < 0x80) {
        return Optional.empty(); // long form where the short form fits: not DER
      }
      contents += count;
    }
    if (length > limit - contents) {
      return Optional.empty();
    }
    return Optional.of(new int[] {contents, (int) (contents + length)});
  }
}
