package dev.hekate.testdata;

import java.security.PublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * A private key of one of the fake services. Keys are derived from a label, so the same label gives
 * the same key in every JVM, and every signature is deterministic (RFC 6979 for ECDSA; Ed25519 is
 * deterministic by design). Identical inputs therefore give byte-identical bundles.
 */
sealed interface SigningKey permits EcKey, Ed25519Key {

  /** Signs {@code message} (the key hashes it itself); returns DER for ECDSA, 64 raw bytes for Ed25519. */
  byte[] sign(byte[] message);

  /** The public half, as a JDK key. */
  PublicKey publicKey();

  /** DER SubjectPublicKeyInfo of the public key. */
  default byte[] spki() {
    return publicKey().getEncoded();
  }

  /** The X.509 / CMS signature algorithm this key signs with. */
  AlgorithmIdentifier signatureAlgorithm();
}
