package dev.hekate.core.certificate;

import dev.hekate.core.certificate.SctList.Sct;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.trust.CertificateAuthority;
import dev.hekate.core.trust.LogId;
import dev.hekate.core.trust.TransparencyLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Verifies the signed certificate timestamps (RFC 6962) embedded in a Fulcio certificate: the
 * proof that the certificate was submitted to a certificate-transparency log before it was issued.
 * Reading the SCT list out of the certificate is {@link SctList}'s job; this class checks each
 * SCT's log, time and signature.
 */
public final class SctVerifier {
  /** The X.509 extension holding the embedded SCT list (RFC 6962 §3.3). */
  public static final String SCT_LIST_OID = SctList.OID;

  private static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier(SCT_LIST_OID);
  // Constant declarations: the list is the data, so its shape repeats.
  private static final int SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP = 0;
  private static final int ENTRY_TYPE_PRECERT = 1;

  // TLS HashAlgorithm and SignatureAlgorithm code points (RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3)
  private static final int HASH_SHA256 = 4;
  private static final int HASH_SHA384 = 5;
  private static final int HASH_SHA512 = 6;
  private static final int HASH_INTRINSIC = 8;
  private static final int SIGNATURE_RSA = 1;
  private static final int SIGNATURE_ECDSA = 3;
  private static final int SIGNATURE_ED25519 = 7;

  private SctVerifier() {}

  /**
   * Verifies the SCTs embedded in {@code leaf}.
   *
   * <p>On success at least one embedded SCT names a CT log of {@code ctlogs} whose key was valid
   * at the SCT's timestamp (both ends inclusive), and that log's signature over the RFC 6962
   * precertificate entry verifies: {@code leaf}'s TBSCertificate without the SCT extension, bound
   * to {@code issuer}'s public key, together with the SCT's timestamp and extensions. SCTs of other
   * versions or from logs the root does not trust are skipped rather than fatal, so one SCT Hekate
   * cannot use does not hide another that verifies; they never count as verified.
   *
   * @param leaf the Fulcio signing certificate
   * @param issuer the certificate that issued {@code leaf}; that it did is the chain check's job,
   *     here its key only binds the SCT to the issuer
   * @param ctlogs the CT logs of the trusted root
   * @throws VerificationException with {@link CheckId#CERTIFICATE_SCT} if the certificate has no
   *     SCT extension, the SCT list is malformed, or no SCT verifies against a trusted CT log
   */
  public static void verify(X509Certificate leaf, X509Certificate issuer, List<TransparencyLog> ctlogs)
      throws VerificationException {
    Objects.requireNonNull(issuer, "issuer");
    verify(leaf, () -> Keys.sha256(subjectPublicKeyInfo(issuer)), ctlogs);
  }

  /**
   * As {@link #verify(X509Certificate, X509Certificate, List)}, with the issuer a trusted
   * certificate authority whose first certificate issued {@code leaf}: its key hash is remembered
   * there instead of being read from its certificate for every leaf.
   */
  public static void verify(X509Certificate leaf, CertificateAuthority issuer, List<TransparencyLog> ctlogs)
      throws VerificationException {
    Objects.requireNonNull(issuer, "issuer");
    verify(leaf, () -> issuer.issuerKeyHash().orElseThrow(() -> failed("the issuer certificate's public key cannot be read")),
        ctlogs);
  }

  /** The SHA-256 of the issuer's SubjectPublicKeyInfo, read only once the SCT list and precertificate are. */
  @FunctionalInterface
  private interface IssuerKeyHash {
    byte[] get() throws VerificationException;
  }

  private static void verify(X509Certificate leaf, IssuerKeyHash issuerKeyHash, List<TransparencyLog> ctlogs)
      throws VerificationException {
    Objects.requireNonNull(leaf, "leaf");
    Objects.requireNonNull(ctlogs, "ctlogs");
    List<Sct> scts = SctList.read(leaf);
    byte[] precertificate = precertificateTbs(leaf);
    verify(scts, precertificate, issuerKeyHash.get(), ctlogs);
  }

  private static void verify(List<Sct> scts, byte[] precertificate, byte[] issuerKeyHash, List<TransparencyLog> ctlogs)
      throws VerificationException {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < scts.size(); i++) {
      Optional<String> problem = check(scts.get(i), issuerKeyHash, precertificate, ctlogs);
      if (problem.isEmpty()) {
        return;
      }
      problems.add("SCT " + i + ": " + problem.get());
    }
    throw failed("no embedded SCT verifies against a CT log of the trusted root (" + String.join("; ", problems) + ")");
  }

  /** Why {@code sct} does not count, or empty if it verifies. */
  private static Optional<String> check(Sct sct, byte[] issuerKeyHash, byte[] precertificate, List<TransparencyLog> ctlogs)
      throws VerificationException {
    if (sct.version() != SctList.VERSION_V1) {
      return Optional.of("unsupported SCT version " + sct.version());
    }
    LogId logId = new LogId(sct.logId());
    Instant time = Instant.ofEpochMilli(sct.timestamp());
    List<TransparencyLog> logs = ctlogs.stream().filter(log -> log.logId().equals(logId)).toList();
    if (logs.isEmpty()) {
      return Optional.of("log " + logId + " is not a CT log of the trusted root");
    }
    byte[] signed = signedData(sct, issuerKeyHash, precertificate);
    String problem = "";
    for (TransparencyLog log : logs) {
      if (!log.validity().contains(time)) {
        problem = "the key of log " + logId + " is valid " + log.validity() + ", not at the SCT's time " + time;
        continue;
      }
      Optional<String> algorithm = jcaAlgorithm(sct, log.publicKey());
      if (algorithm.isEmpty()) {
        problem = "the SCT's algorithm (hash " + sct.hash() + ", signature " + sct.signatureAlgorithm()
            + ") does not fit the " + log.publicKey().getAlgorithm() + " key of log " + logId;
        continue;
      }
      if (Signatures.verify(log.publicKey(), algorithm.get(), signed, sct.signature())) {
        return Optional.empty();
      }
      problem = "the signature of log " + logId + " does not verify";
    }
    return Optional.of(problem);
  }

  /**
   * The TBSCertificate the log signed: the leaf's, without the SCT extension. Everything else must
   * stay byte-identical, so the leaf must be DER: re-encoding it unchanged has to give its bytes.
   */
  private static byte[] precertificateTbs(X509Certificate leaf) throws VerificationException {
    try {
      byte[] original = TbsCertificate.of(leaf);
      ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(original));
      if (!Arrays.equals(tbs.getEncoded(ASN1Encoding.DER), original)) {
        throw failed("the certificate is not DER-encoded, so its precertificate cannot be rebuilt");
      }
      ASN1EncodableVector without = new ASN1EncodableVector();
      int removed = 0;
      for (ASN1Encodable element : tbs) {
        if (element instanceof ASN1TaggedObject tagged && tagged.hasContextTag(3)) {
          ASN1EncodableVector kept = new ASN1EncodableVector();
          for (ASN1Encodable extension : ASN1Sequence.getInstance(tagged, true)) {
            if (Extension.getInstance(extension).getExtnId().equals(SCT_LIST)) {
              removed++;
            } else {
              kept.add(extension);
            }
          }
          // An empty extensions field is omitted rather than encoded empty (RFC 5280 §4.1).
          if (kept.size() > 0) {
            without.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
          }
        } else {
          without.add(element);
        }
      }
      if (removed != 1) {
        throw failed("the certificate has " + removed + " SCT list extensions, not one");
      }
      return new DERSequence(without).getEncoded(ASN1Encoding.DER);
    } catch (CertificateEncodingException | IOException | RuntimeException e) {
      throw failed("the certificate's TBSCertificate cannot be read", e);
    }
  }

  /** The issuer's SubjectPublicKeyInfo exactly as encoded in its certificate. */
  private static byte[] subjectPublicKeyInfo(X509Certificate issuer) throws VerificationException {
    return Keys.subjectPublicKeyInfo(issuer).orElseThrow(() -> failed("the issuer certificate's public key cannot be read"));
  }

  /** RFC 6962 §3.2 digitally-signed data of a precert entry. */
  private static byte[] signedData(Sct sct, byte[] issuerKeyHash, byte[] precertificate) throws VerificationException {
    if (precertificate.length >= 1 << 24) {
      throw failed("the certificate is too large for a CT entry");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(precertificate.length + 128);
    out.write(SctList.VERSION_V1);
    out.write(SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP);
    writeUnsigned(out, sct.timestamp(), 8);
    writeUnsigned(out, ENTRY_TYPE_PRECERT, 2);
    out.writeBytes(issuerKeyHash);
    writeUnsigned(out, precertificate.length, 3);
    out.writeBytes(precertificate);
    writeUnsigned(out, sct.extensions().length, 2);
    out.writeBytes(sct.extensions());
    return out.toByteArray();
  }

  private static void writeUnsigned(ByteArrayOutputStream out, long value, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xff);
    }
  }

  /** The JCA algorithm for the SCT's declared algorithm, if it is one the log's key can make. */
  private static Optional<String> jcaAlgorithm(Sct sct, PublicKey key) {
    return switch (sct.signatureAlgorithm()) {
      case SIGNATURE_ECDSA -> digest(sct.hash()).filter(d -> key instanceof ECPublicKey).map(d -> d + "withECDSA");
      case SIGNATURE_RSA -> digest(sct.hash()).filter(d -> key instanceof RSAPublicKey).map(d -> d + "withRSA");
      case SIGNATURE_ED25519 -> sct.hash() == HASH_INTRINSIC && isEd25519(key) ? Optional.of("Ed25519") : Optional.empty();
      default -> Optional.empty();
    };
  }

  private static Optional<String> digest(int hash) {
    return switch (hash) {
      case HASH_SHA256 -> Optional.of("SHA256");
      case HASH_SHA384 -> Optional.of("SHA384");
      case HASH_SHA512 -> Optional.of("SHA512");
      default -> Optional.empty();
    };
  }

  private static boolean isEd25519(PublicKey key) {
    return key instanceof EdECPublicKey edwards && edwards.getParams().getName().equals("Ed25519");
  }

  private static VerificationException failed(String message) {
    return VerificationException.invalid(CheckId.CERTIFICATE_SCT, message);
  }

  private static VerificationException failed(String message, Throwable cause) {
    return VerificationException.invalid(CheckId.CERTIFICATE_SCT, message, cause);
  }


}
