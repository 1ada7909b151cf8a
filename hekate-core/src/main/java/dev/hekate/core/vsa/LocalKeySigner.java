package dev.hekate.core.vsa;

import dev.hekate.core.crypto.Keys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.jce.ECNamedCurveTable;

/**
 * A verifier key held by this process: EC P-256, read from or written to PKCS#8 PEM. The command
 * line keeps it in the user's state directory (mode 0600) or reads {@code --signing-key FILE}.
 */
public final class LocalKeySigner implements VsaSigner {
  private static final String CURVE = "secp256r1";
  private static final int P256_FIELD_BITS = 256;

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  private LocalKeySigner(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = KeyIds.of(publicKey);
  }

  /** A new random P-256 key. */
  public static LocalKeySigner generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(CURVE));
      KeyPair pair = generator.generateKeyPair();
      return new LocalKeySigner(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys", e);
    }
  }

  /**
   * The key in a PEM document holding one {@code PRIVATE KEY} (PKCS#8) block.
   *
   * @throws IllegalArgumentException not exactly one such block, or not an EC P-256 key
   */
  public static LocalKeySigner fromPem(String pem) {
    Objects.requireNonNull(pem, "pem");
    List<byte[]> blocks = Keys.pemBlocks(pem, "PRIVATE KEY");
    if (blocks.size() != 1) {
      throw new IllegalArgumentException("the signing key file must hold exactly one PRIVATE KEY (PKCS#8) block, not "
          + blocks.size());
    }
    try {
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
      if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != P256_FIELD_BITS) {
        throw new IllegalArgumentException("the signing key must be an EC P-256 key");
      }
      return new LocalKeySigner(key, publicOf(ec));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the signing key is not a readable EC PKCS#8 key: " + e.getMessage(), e);
    }
  }

  /** The public point d·G of a P-256 private key (the JDK does not derive it; Bouncy Castle's curve does). */
  private static PublicKey publicOf(ECPrivateKey key) throws GeneralSecurityException {
    if (key.getS().signum() <= 0 || key.getS().compareTo(key.getParams().getOrder()) >= 0) {
      throw new IllegalArgumentException("the signing key's scalar is out of range");
    }
    org.bouncycastle.math.ec.ECPoint q = ECNamedCurveTable.getParameterSpec(CURVE).getG().multiply(key.getS())
        .normalize();
    ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, key.getParams()));
  }

  /** The private key as a PKCS#8 PEM document (for the file kept with mode 0600). */
  public String privateKeyPem() {
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  /** The public key as a PEM document, as {@code GET /v1/verifier} publishes it. */
  public String publicKeyPem() {
    return pem("PUBLIC KEY", publicKey.getEncoded());
  }

  /** {@code bytes} as one PEM block of {@code type}, 64 characters a line. */
  public static String pem(String type, byte[] bytes) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(bytes);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] message) throws SigningException {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(privateKey);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new SigningException("the local signing key could not sign: " + e.getMessage(), e);
    }
  }
}
