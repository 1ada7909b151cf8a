package dev.hekate.core.certificate;

import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Reads the SCT list a certificate embeds (RFC 6962 §3.3): the DER wrapping of the extension, then
 * the TLS encoding of the list and of each SCT, every length checked against what is there. What
 * the SCTs are worth is {@link SctVerifier}'s question.
 */
final class SctList {
  /** The X.509 extension holding the embedded SCT list. */
  static final String OID = "1.3.6.1.4.1.11129.2.4.2";
  /** The only SCT version whose layout is known. */
  static final int VERSION_V1 = 0;

  private static final int LOG_ID_BYTES = 32;

  private SctList() {}

  /** One SCT as read from the list; only v1 SCTs carry the fields after the version. */
  record Sct(int version, byte[] logId, long timestamp, byte[] extensions, int hash, int signatureAlgorithm,
      byte[] signature) {}

  /**
   * The SCTs {@code leaf} embeds, in list order.
   *
   * @throws VerificationException with {@link CheckId#CERTIFICATE_SCT} if the extension is absent,
   *     the list is malformed or empty, or holds more than {@link Limits#MAX_SCTS} SCTs
   */
  static List<Sct> read(X509Certificate leaf) throws VerificationException {
    byte[] extnValue = leaf.getExtensionValue(OID);
    if (extnValue == null) {
      throw failed("the certificate has no embedded SCT list extension");
    }
    return parse(extnValue);
  }

  /**
   * The SCTs in an SCT list extension's value, as {@link X509Certificate#getExtensionValue} returns
   * it; the same refusals as {@link #read}.
   */
  static List<Sct> parse(byte[] extnValue) throws VerificationException {
    return parseList(listBytes(extnValue));
  }

  /** The extension's value: an OCTET STRING (extnValue) wrapping an OCTET STRING of TLS bytes. */
  private static byte[] listBytes(byte[] extnValue) throws VerificationException {
    try {
      byte[] inner = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(extnValue)).getOctets();
      return ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(inner)).getOctets();
    } catch (IOException | RuntimeException e) {
      throw failed("the embedded SCT list extension is not a DER OCTET STRING", e);
    }
  }

  /**
   * Reads a SignedCertificateTimestampList (RFC 6962 §3.3): a uint16-length list of
   * uint16-length SCTs, every length checked against what is actually there.
   */
  private static List<Sct> parseList(byte[] list) throws VerificationException {
    TlsReader in = new TlsReader(list, "SCT list");
    TlsReader entries = in.nested(in.uint16(), "SCT list");
    in.expectEnd();
    List<Sct> scts = new ArrayList<>();
    while (entries.remaining() > 0) {
      if (scts.size() == Limits.MAX_SCTS) {
        throw failed("the certificate embeds more than " + Limits.MAX_SCTS + " SCTs");
      }
      int length = entries.uint16();
      if (length == 0) {
        throw failed("the SCT list holds an empty SCT");
      }
      scts.add(parseSct(entries.nested(length, "SCT " + scts.size())));
    }
    if (scts.isEmpty()) {
      throw failed("the embedded SCT list is empty");
    }
    return scts;
  }

  private static Sct parseSct(TlsReader in) throws VerificationException {
    int version = in.uint8();
    if (version != VERSION_V1) {
      return new Sct(version, new byte[0], 0, new byte[0], 0, 0, new byte[0]); // layout unknown: not read
    }
    byte[] logId = in.bytes(LOG_ID_BYTES);
    long timestamp = in.uint64();
    byte[] extensions = in.bytes(in.uint16());
    int hash = in.uint8();
    int signatureAlgorithm = in.uint8();
    byte[] signature = in.bytes(in.uint16());
    in.expectEnd();
    return new Sct(version, logId, timestamp, extensions, hash, signatureAlgorithm, signature);
  }

  private static VerificationException failed(String message) {
    return VerificationException.invalid(CheckId.CERTIFICATE_SCT, message);
  }

  private static VerificationException failed(String message, Throwable cause) {
    return VerificationException.invalid(CheckId.CERTIFICATE_SCT, message, cause);
  }

  /** A bounds-checked reader of TLS presentation-language integers and opaque vectors. */
  private static final class TlsReader {
    private final byte[] bytes;
    private final int end;
    private final String what;
    private int position;

    TlsReader(byte[] bytes, String what) {
      this(bytes, 0, bytes.length, what);
    }

    private TlsReader(byte[] bytes, int start, int end, String what) {
      this.bytes = bytes;
      this.position = start;
      this.end = end;
      this.what = what;
    }

    int remaining() {
      return end - position;
    }

    int uint8() throws VerificationException {
      return (int) unsigned(1);
    }

    int uint16() throws VerificationException {
      return (int) unsigned(2);
    }

    long uint64() throws VerificationException {
      long value = unsigned(8);
      if (value < 0) {
        throw failed("the " + what + " has a timestamp beyond 2^63 milliseconds");
      }
      return value;
    }

    byte[] bytes(int length) throws VerificationException {
      require(length);
      byte[] out = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return out;
    }

    /** A reader over the next {@code length} bytes, which this reader then skips. */
    TlsReader nested(int length, String name) throws VerificationException {
      require(length);
      TlsReader inner = new TlsReader(bytes, position, position + length, name);
      position += length;
      return inner;
    }

    void expectEnd() throws VerificationException {
      if (remaining() != 0) {
        throw failed("the " + what + " has " + remaining() + " bytes after its end");
      }
    }

    private long unsigned(int length) throws VerificationException {
      require(length);
      long value = 0;
      for (int i = 0; i < length; i++) {
        value = (value << 8) | (bytes[position++] & 0xff);
      }
      return value;
    }

    private void require(int length) throws VerificationException {
      if (length > remaining()) {
        throw failed("the " + what + " is truncated: " + length + " bytes needed, " + remaining() + " left");
      }
    }
  }
}
