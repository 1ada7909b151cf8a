package dev.hekate.core.bundle;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What was signed: a message (the artifact itself), or a DSSE envelope. */
public sealed interface Content {

  /** The signature bytes that transparency logs and timestamp authorities saw. */
  byte[] signatureBytes();

  /**
   * A signature over the artifact.
   *
   * @param digest the artifact digest the bundle claims, when it carries one
   */
  record MessageSignature(Optional<Digest> digest, byte[] signature) implements Content {
    // One null check per component: records validate what they hold.
    public MessageSignature {
      Objects.requireNonNull(digest, "digest");
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public byte[] signatureBytes() {
      return signature.clone();
    }
  }

  /**
   * A DSSE envelope; Sigstore bundles carry exactly one signature.
   *
   * @param serialized the envelope's JSON byte for byte, when it came as a file of its own (a raw
   *     DSSE envelope, which an {@code intoto} 0.0.1 log entry records by its hash); empty when a
   *     bundle carried it, re-encoded
   */
  record DsseEnvelope(String payloadType, byte[] payload, List<DsseSignature> signatures,
      Optional<byte[]> serialized) implements Content {
    public DsseEnvelope {
      Objects.requireNonNull(payloadType, "payloadType");
      payload = payload.clone();
      signatures = List.copyOf(signatures);
      if (signatures.isEmpty()) {
        throw new IllegalArgumentException("a DSSE envelope needs a signature");
      }
      serialized = serialized.map(byte[]::clone);
    }

    /** An envelope as a bundle carries it: its JSON bytes are not its own. */
    public DsseEnvelope(String payloadType, byte[] payload, List<DsseSignature> signatures) {
      this(payloadType, payload, signatures, Optional.empty());
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public Optional<byte[]> serialized() {
      return serialized.map(byte[]::clone);
    }

    @Override
    public byte[] signatureBytes() {
      return signatures.get(0).sig();
    }
  }

  /** One DSSE signature and its (possibly empty) key id. */
  record DsseSignature(String keyid, byte[] sig) {
    // One null check per component: records validate what they hold.
    public DsseSignature {
      Objects.requireNonNull(keyid, "keyid");
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }
  }
}
