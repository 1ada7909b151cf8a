package dev.hekate.core.timestamp;

import dev.hekate.core.crypto.Keys;
import dev.hekate.core.crypto.Providers;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.CertificateAuthority;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * Verifies RFC 3161 timestamps against the timestamp authorities of a trusted root.
 *
 * <p>Only the trusted root decides who may sign a timestamp: certificates embedded in the token
 * are never used, so a token from an authority the root does not list fails whether or not it
 * carries its own chain. Every time check is made at the token's {@code genTime}, never at the
 * wall clock, so a timestamp stays verifiable after its authority's certificates expire.
 */
public final class Rfc3161Verifier {
  /** The message-imprint hashes accepted; weaker ones (SHA-1, MD5) are refused. */
  private static final Map<ASN1ObjectIdentifier, String> IMPRINT_HASHES = Map.of(
      NISTObjectIdentifiers.id_sha256, "SHA-256",
      NISTObjectIdentifiers.id_sha384, "SHA-384",
      NISTObjectIdentifiers.id_sha512, "SHA-512");

  private Rfc3161Verifier() {}

  /**
   * Verifies one RFC 3161 timestamp and returns the time it attests.
   *
   * <p>On success all of these hold: the token is signed by the signing certificate (first of the
   * chain) of one of {@code timestampAuthorities}, and that certificate is the one the token's
   * signing-certificate attribute names; the certificate is a timestamping certificate; it and
   * every certificate of its authority's chain are valid at {@code genTime}, and the chain
   * verifies up to the authority's root at {@code genTime}; {@code genTime} lies in the
   * authority's validity window (both ends inclusive); and the token's message imprint is the
   * SHA-256, SHA-384 or SHA-512 hash of {@code signature}.
   *
   * @param signedTimestamp the DER timestamp as found in a Sigstore bundle's
   *     {@code rfc3161Timestamps[].signedTimestamp}: a {@code TimeStampResp} (what Sigstore clients
   *     store) or a bare {@code TimeStampToken} (a CMS {@code ContentInfo}); at most
   *     {@link Limits#MAX_TIMESTAMP_BYTES}
   * @param signature the bytes that were timestamped: the bundle's message or DSSE signature
   * @param timestampAuthorities the timestamp authorities of the trusted root
   * @return the verified {@code genTime}
   * @throws VerificationException with {@link CheckId#TIMESTAMP_RFC3161} if the timestamp is
   *     malformed or any of the conditions above does not hold; a wrong imprint is reported as a
   *     mismatch carrying the expected and actual hashes
   */
  public static Instant verify(byte[] signedTimestamp, byte[] signature, List<CertificateAuthority> timestampAuthorities)
      throws VerificationException {
    Objects.requireNonNull(signedTimestamp, "signedTimestamp");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(timestampAuthorities, "timestampAuthorities");
    TimeStampToken token = parse(signedTimestamp);
    Instant genTime = verifySigner(token, timestampAuthorities);
    checkImprint(token.getTimeStampInfo(), signature);
    return genTime;
  }

  private static TimeStampToken parse(byte[] bytes) throws VerificationException {
    if (bytes.length == 0) {
      throw failed("the timestamp is empty");
    }
    if (bytes.length > Limits.MAX_TIMESTAMP_BYTES) {
      throw failed("the timestamp is " + bytes.length + " bytes, over the limit of " + Limits.MAX_TIMESTAMP_BYTES);
    }
    try {
      // fromByteArray refuses trailing bytes, so the token is exactly the input
      ASN1Sequence outer = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(bytes));
      return new TimeStampToken(tokenContent(outer));
    } catch (IOException | TSPException | RuntimeException e) {
      // Bouncy Castle reports malformed ASN.1 through assorted runtime exceptions
      throw failed("the timestamp is not a well-formed RFC 3161 timestamp token", e);
    }
  }

  /** The token's ContentInfo, from either a bare token or a TimeStampResp that grants one. */
  private static ContentInfo tokenContent(ASN1Sequence outer) throws VerificationException {
    if (outer.size() > 0 && outer.getObjectAt(0) instanceof ASN1ObjectIdentifier) {
      return ContentInfo.getInstance(outer);
    }
    TimeStampResp response = TimeStampResp.getInstance(outer);
    BigInteger status = response.getStatus().getStatus();
    boolean granted = status.equals(BigInteger.valueOf(PKIStatus.GRANTED))
        || status.equals(BigInteger.valueOf(PKIStatus.GRANTED_WITH_MODS));
    if (!granted) {
      throw failed("the timestamp authority refused the request (status " + status + ")");
    }
    if (response.getTimeStampToken() == null) {
      throw failed("the timestamp response holds no token");
    }
    return response.getTimeStampToken();
  }

  /**
   * Finds the trusted authority whose signing certificate signed the token and verifies it fully.
   * When several authorities share the signer (a rotated chain), any one that verifies suffices.
   */
  private static Instant verifySigner(TimeStampToken token, List<CertificateAuthority> authorities)
      throws VerificationException {
    VerificationException firstFailure = null;
    for (CertificateAuthority authority : authorities) {
      if (!isSigner(token, authority.chain().get(0))) {
        continue;
      }
      try {
        return verifyWith(token, authority);
      } catch (VerificationException e) {
        if (firstFailure == null) {
          firstFailure = e;
        }
      }
    }
    if (firstFailure != null) {
      throw firstFailure;
    }
    throw failed("signer certificate: the timestamp is not signed by a timestamp authority of the trusted root (signer "
        + describe(token) + ")");
  }

  private static boolean isSigner(TimeStampToken token, X509Certificate certificate) {
    try {
      return token.getSID().match(new JcaX509CertificateHolder(certificate));
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static Instant verifyWith(TimeStampToken token, CertificateAuthority authority)
      throws VerificationException {
    List<X509Certificate> chain = authority.chain();
    X509Certificate signer = chain.get(0);
    Instant genTime = token.getTimeStampInfo().getGenTime().toInstant();
    // Checked before the signature so that an expired signer is reported as such; nothing passes
    // unless the signature below verifies too.
    for (X509Certificate certificate : chain) {
      checkValidAt(certificate, genTime);
    }
    try {
      // Checks the signature, that the signing-certificate attribute names this certificate
      // (so an embedded look-alike cannot stand in for it), and the timestamping key usage.
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Providers.BOUNCY_CASTLE).build(signer));
    } catch (TSPException | OperatorCreationException | RuntimeException e) {
      throw failed(signerProblem(e) + " timestamp authority " + authority.uri() + " ("
          + signer.getSubjectX500Principal().getName() + ")", e);
    }
    if (!authority.validity().contains(genTime)) {
      throw failed("validity: the timestamp's time " + genTime + " is outside the validity " + authority.validity()
          + " of timestamp authority " + authority.uri() + " in the trusted root");
    }
    checkChain(authority, genTime);
    return genTime;
  }

  /**
   * Which part of the token's signer check failed, from Bouncy Castle's validation: the
   * signing-certificate attribute (the token names another certificate than the authority's), the
   * certificate's purpose (not a timestamping certificate), or the signature itself.
   */
  private static String signerProblem(Exception e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (message.contains("certid") || message.contains("signing certificate") || message.contains("signingcertificate")) {
      return "signer certificate: the token's signing-certificate attribute does not name the certificate of";
    }
    if (message.contains("timestamping") || message.contains("extendedkeyusage") || message.contains("key usage")) {
      return "signer certificate: not a timestamping certificate (extended key usage), the certificate of";
    }
    return "signature: the timestamp's signature does not verify with the certificate of";
  }

  private static void checkValidAt(X509Certificate certificate, Instant time) throws VerificationException {
    try {
      certificate.checkValidity(Date.from(time));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw failed("validity: the timestamp's time " + time + " is outside the validity ["
          + certificate.getNotBefore().toInstant() + ", " + certificate.getNotAfter().toInstant()
          + "] of timestamp authority certificate " + certificate.getSubjectX500Principal().getName());
    }
  }

  /**
   * The signing certificate chains to the authority's root: each certificate signed by the next,
   * CA certificates above the signer (checked once per trusted root and remembered). Every
   * certificate's validity at {@code genTime} was checked before the signature.
   */
  private static void checkChain(CertificateAuthority authority, Instant genTime) throws VerificationException {
    if (authority.chain().size() > 1 && !authority.chainConsistent()) {
      throw failed("chain: the timestamp authority's certificate does not chain to its root at " + genTime);
    }
  }

  private static void checkImprint(TimeStampTokenInfo info, byte[] signature) throws VerificationException {
    ASN1ObjectIdentifier algorithm = info.getMessageImprintAlgOID();
    String hash = IMPRINT_HASHES.get(algorithm);
    if (hash == null) {
      throw failed("the timestamp's message imprint uses an unsupported hash algorithm " + algorithm);
    }
    byte[] expected = Keys.digest(hash, signature);
    byte[] actual = info.getMessageImprintDigest();
    if (!MessageDigest.isEqual(expected, actual)) {
      throw VerificationException.mismatch(CheckId.TIMESTAMP_RFC3161,
          "imprint: the timestamp is not over this signature: its message imprint differs from the " + hash
              + " of the signature",
          Encoding.toHex(expected), Encoding.toHex(actual));
    }
  }

  /** Names the token's signer by number only: its names are untrusted text, unfit for a message. */
  private static String describe(TimeStampToken token) {
    SignerId sid = token.getSID();
    if (sid.getSerialNumber() != null) {
      return "serial " + sid.getSerialNumber().toString(16);
    }
    return sid.getSubjectKeyIdentifier() == null ? "unidentified" : "key id " + Encoding.toHex(sid.getSubjectKeyIdentifier());
  }

  private static VerificationException failed(String message) {
    return VerificationException.invalid(CheckId.TIMESTAMP_RFC3161, message);
  }

  private static VerificationException failed(String message, Throwable cause) {
    return VerificationException.invalid(CheckId.TIMESTAMP_RFC3161, message, cause);
  }
}
