package dev.hekate.core.registry;

import java.util.Objects;

/**
 * One entry of a version's {@code dist.signatures}: the registry's ECDSA signature over
 * {@code name@version:integrity}, unverified.
 *
 * @param keyid the signing key's id, e.g. {@code SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA}
 * @param sig the base64 DER signature, as served
 */
public record RegistrySignature(String keyid, String sig) {
  public RegistrySignature {
    Objects.requireNonNull(keyid, "keyid");
    Objects.requireNonNull(sig, "sig");
  }
}
