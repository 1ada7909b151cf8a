package dev.hekate.testdata;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;

/**
 * An npm-registry-like signing key (ECDSA P-256) that signs publish attestations. Its key id is the
 * OpenSSH fingerprint npm uses, not a hash of the DER key.
 */
public final class FakeNpmKey {

  // Plain field assignments: each class stores its own fields, nothing shared.
  private final EcKey key;
  private final Validity validity;

  FakeNpmKey(EcKey key, Validity validity) {
    this.key = key;
    this.validity = validity;
  }

  /** {@code SHA256:<unpadded base64>}, see {@link #keyIdOf(ECPublicKey)}. */
  public String keyId() {
    return keyIdOf(key.publicKey());
  }

  /** The public key. */
  public ECPublicKey publicKey() {
    return key.publicKey();
  }

  /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}). */
  public String publicKeyPem() {
    return Pem.publicKey(key.spki());
  }

  /** The window written to keys.json's {@code validFor}. */
  public Validity validity() {
    return validity;
  }

  EcKey key() {
    return key;
  }

  /**
   * An ECDSA P-256 / SHA-256 signature (DER, RFC 6979 nonce) over {@code message}, as the registry
   * signs a version's {@code dist.signatures} entry over {@code <name>@<version>:<integrity>}.
   */
  public byte[] sign(byte[] message) {
    return key.sign(message);
  }

  /**
   * npm's key id for a P-256 key: {@code "SHA256:"} + unpadded base64 of SHA-256 over the OpenSSH
   * public key blob {@code string("ecdsa-sha2-nistp256") || string("nistp256") || string(Q)}, where
   * {@code string} is a uint32 length prefix and {@code Q} the 65-byte uncompressed point.
   */
  public static String keyIdOf(ECPublicKey publicKey) {
    byte[] blob = Bytes.concat(
        sshString("ecdsa-sha2-nistp256".getBytes(StandardCharsets.US_ASCII)),
        sshString("nistp256".getBytes(StandardCharsets.US_ASCII)),
        sshString(EcKey.uncompressedPoint(publicKey, 32)));
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Bytes.sha256(blob));
  }

  private static byte[] sshString(byte[] value) {
    return Bytes.concat(Bytes.u32(value.length), value);
  }
}
