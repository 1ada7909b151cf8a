package dev.hekate.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/** An ECDSA key on P-256 (signs with SHA-256) or P-384 (signs with SHA-384), derived from a label. */
final class EcKey implements SigningKey {

  /** The two curves Sigstore uses: P-256 for leaves and logs, P-384 for the CA and TSA. */
  enum Curve {
    P256("P-256", "secp256r1"),
    P384("P-384", "secp384r1");

    private final String bcName;
    private final String jdkName;

    Curve(String bcName, String jdkName) {
      this.bcName = bcName;
      this.jdkName = jdkName;
    }
  }

  // Point multiplication is cheap, but the CA and log keys are asked for in every bundle.
  private static final Map<String, EcKey> CACHE = new ConcurrentHashMap<>();

  private final Curve curve;
  private final ECPrivateKeyParameters privateKey;
  private final ECPublicKey publicKey;

  private EcKey(Curve curve, ECPrivateKeyParameters privateKey, ECPublicKey publicKey) {
    this.curve = curve;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The key for {@code label} on {@code curve}, cached: for the long-lived service keys. */
  static EcKey derive(String label, Curve curve) {
    return CACHE.computeIfAbsent(curve.name() + "/" + label, k -> create(label, curve));
  }

  /** The same key as {@link #derive}, not cached: for one-off keys such as Fulcio leaves. */
  static EcKey deriveUncached(String label, Curve curve) {
    return create(label, curve);
  }

  private static EcKey create(String label, Curve curve) {
    X9ECParameters x9 = CustomNamedCurves.getByName(curve.bcName);
    ECDomainParameters domain = new ECDomainParameters(x9);
    BigInteger n = domain.getN();
    BigInteger seed = new BigInteger(1, Bytes.sha512(("hekate-testdata key " + label).getBytes(StandardCharsets.UTF_8)));
    BigInteger d = seed.mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    org.bouncycastle.math.ec.ECPoint q = domain.getG().multiply(d).normalize();
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(curve.jdkName));
      ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
      ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
      ECPublicKey pub = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
      return new EcKey(curve, new ECPrivateKeyParameters(d, domain), pub);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + curve.jdkName, e);
    }
  }

  Curve curve() {
    return curve;
  }

  @Override
  public byte[] sign(byte[] message) {
    return sign(message, curve == Curve.P256 ? "SHA-256" : "SHA-384");
  }

  /**
   * ECDSA over {@code message} hashed with {@code hash} ({@code SHA-256} or {@code SHA-384}),
   * whatever the curve: older Sigstore clients signed with SHA-256 on P-384 keys.
   */
  public byte[] sign(byte[] message, String hash) {
    Digest digest = switch (hash) {
      case "SHA-256" -> new SHA256Digest();
      case "SHA-384" -> new SHA384Digest();
      default -> throw new IllegalArgumentException("hash " + hash);
    };
    byte[] value = new byte[digest.getDigestSize()];
    digest.update(message, 0, message.length);
    digest.doFinal(value, 0);
    Digest nonceDigest = curve == Curve.P256 ? new SHA256Digest() : new SHA384Digest();
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(nonceDigest));
    signer.init(true, privateKey);
    BigInteger[] rs = signer.generateSignature(value);
    try {
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])}).getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ECPublicKey publicKey() {
    return publicKey;
  }

  /** The uncompressed point {@code 04 || X || Y}, each coordinate padded to {@code fieldBytes}. */
  static byte[] uncompressedPoint(ECPublicKey key, int fieldBytes) {
    byte[] out = new byte[1 + 2 * fieldBytes];
    out[0] = 0x04;
    copyUnsigned(key.getW().getAffineX(), out, 1, fieldBytes);
    copyUnsigned(key.getW().getAffineY(), out, 1 + fieldBytes, fieldBytes);
    return out;
  }

  private static void copyUnsigned(BigInteger value, byte[] out, int offset, int length) {
    byte[] raw = value.toByteArray();
    int skip = raw.length > length ? raw.length - length : 0;
    int copy = raw.length - skip;
    System.arraycopy(raw, skip, out, offset + length - copy, copy);
  }

  @Override
  public AlgorithmIdentifier signatureAlgorithm() {
    return new AlgorithmIdentifier(
        curve == Curve.P256 ? X9ObjectIdentifiers.ecdsa_with_SHA256 : X9ObjectIdentifiers.ecdsa_with_SHA384);
  }

  /** Sigstore's name for this key type in a trusted root or a Rekor v2 body. */
  String keyDetails() {
    return curve == Curve.P256 ? "PKIX_ECDSA_P256_SHA_256" : "PKIX_ECDSA_P384_SHA_384";
  }

  @Override
  public String toString() {
    return "EcKey[" + curve + "]";
  }
}
