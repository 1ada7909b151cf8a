package dev.hekate.core.bundle;

import dev.hekate.core.crypto.Keys;
import java.util.List;
import java.util.Optional;

/**
 * What the bundle is expected to sign: the artifact's bytes, or only its digests. With bytes,
 * SHA-256, SHA-384 (a P-384 key's message digest) and SHA-512 digests are computed here; with digests only, signatures that cannot be
 * checked from a digest (Ed25519 message signatures) do not verify.
 */
public final class Artifact {
  private final byte[] bytes;
  private final List<Digest> digests;

  private Artifact(byte[] bytes, List<Digest> digests) {
    this.bytes = bytes;
    this.digests = List.copyOf(digests);
  }

  public static Artifact ofBytes(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new Artifact(copy, List.of(
        new Digest("sha256", Keys.sha256(copy)), new Digest("sha384", Keys.digest("SHA-384", copy)),
        new Digest("sha512", Keys.sha512(copy))));
  }

  public static Artifact ofDigest(Digest digest) {
    return new Artifact(null, List.of(digest));
  }

  public static Artifact ofDigests(List<Digest> digests) {
    if (digests.isEmpty()) {
      throw new IllegalArgumentException("an artifact needs at least one digest");
    }
    return new Artifact(null, digests);
  }

  public Optional<byte[]> bytes() {
    return Optional.ofNullable(bytes).map(byte[]::clone);
  }

  public List<Digest> digests() {
    return digests;
  }

  /** The digest with this in-toto algorithm name, if known. */
  public Optional<Digest> digest(String algorithm) {
    return digests.stream().filter(d -> d.algorithm().equals(algorithm)).findFirst();
  }
}
