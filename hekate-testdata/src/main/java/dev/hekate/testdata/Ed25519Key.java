package dev.hekate.testdata;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 key (the Rekor v2 log key), derived from a label. */
final class Ed25519Key implements SigningKey {

  private static final byte[] SPKI_PREFIX = Bytes.fromHex("302a300506032b6570032100");
  private static final Map<String, Ed25519Key> CACHE = new ConcurrentHashMap<>();

  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] rawPublicKey;
  private final PublicKey publicKey;

  private Ed25519Key(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.rawPublicKey = privateKey.generatePublicKey().getEncoded();
    try {
      this.publicKey = KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(Bytes.concat(SPKI_PREFIX, rawPublicKey)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
  }

  /** The key for {@code label}; the same label always gives the same key. */
  static Ed25519Key derive(String label) {
    return CACHE.computeIfAbsent(label, k -> new Ed25519Key(new Ed25519PrivateKeyParameters(
        Bytes.sha256(("hekate-testdata key " + label).getBytes(StandardCharsets.UTF_8)), 0)));
  }

  /** The 32-byte raw public key (the last 32 bytes of the SPKI). */
  byte[] rawPublicKey() {
    return rawPublicKey.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public AlgorithmIdentifier signatureAlgorithm() {
    return new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
  }

  @Override
  public String toString() {
    return "Ed25519Key";
  }
}
