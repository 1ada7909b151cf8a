package dev.hekate.core.registry;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Digests of a tarball exactly as the registry served it (no decompression), computed while
 * streaming. Comparing them with {@link Dist#integrity()}, {@link Dist#shasum()} or an attestation
 * subject is the caller's job.
 *
 * @param sha512 the SHA-512 digest (64 bytes); the accessor returns a copy
 * @param sha1 the SHA-1 digest (20 bytes), for {@code dist.shasum}; the accessor returns a copy
 * @param size the number of bytes served
 */
public record TarballDigests(byte[] sha512, byte[] sha1, long size) {

  public TarballDigests {
    if (sha512.length != 64 || sha1.length != 20) {
      throw new IllegalArgumentException("digest lengths must be 64 (SHA-512) and 20 (SHA-1)");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
    // Defensive copies of array components: a record must not share a caller's array.
    sha512 = sha512.clone();
    sha1 = sha1.clone();
  }

  @Override
  public byte[] sha512() {
    return sha512.clone();
  }

  @Override
  public byte[] sha1() {
    return sha1.clone();
  }

  /** The SHA-512 as lower-case hex, the form of an in-toto subject digest. */
  public String sha512Hex() {
    return HexFormat.of().formatHex(sha512);
  }

  /** The SHA-1 as lower-case hex, the form of {@code dist.shasum}. */
  public String sha1Hex() {
    return HexFormat.of().formatHex(sha1);
  }

  /** The SHA-512 as a Subresource Integrity string, the form of {@code dist.integrity}. */
  public String sha512Integrity() {
    return "sha512-" + Base64.getEncoder().encodeToString(sha512);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TarballDigests that
        && size == that.size
        && Arrays.equals(sha512, that.sha512)
        && Arrays.equals(sha1, that.sha1);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(sha512) + Long.hashCode(size);
  }

  @Override
  public String toString() {
    return "TarballDigests[sha512=" + sha512Hex() + ", sha1=" + sha1Hex() + ", size=" + size + "]";
  }
}
