package dev.hekate.core.vsa;

import java.security.PublicKey;

/**
 * What signs a deployment's verification summaries: an ECDSA P-256 key used with SHA-256, held
 * locally ({@link LocalKeySigner}) or in a key service (on AWS, KMS). Thread-safe.
 */
public interface VsaSigner {

  /**
   * The key's id as published by {@code GET /v1/verifier} and written in DSSE signatures and bundle
   * hints: {@link KeyIds#of(PublicKey)} of {@link #publicKey()}.
   */
  String keyId();

  /** The verifying key (an EC P-256 public key). */
  PublicKey publicKey();

  /**
   * An ECDSA signature over SHA-256 of {@code message}, DER-encoded (as DSSE and Sigstore bundles
   * carry it).
   *
   * @throws SigningException the signer could not sign (a key service unreachable or refusing):
   *     nothing signed, never a verdict about a package
   */
  byte[] sign(byte[] message) throws SigningException;
}
