package dev.hekate.core.bundle;

import dev.hekate.core.encoding.Encoding;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A hash value with its algorithm, named the in-toto way ({@code sha256}, {@code sha512}).
 * Sigstore's protobuf names ({@code SHA2_256}) are converted on the way in.
 */
public record Digest(String algorithm, byte[] value) {

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    algorithm = algorithm.toLowerCase(Locale.ROOT);
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  public String hex() {
    return Encoding.toHex(value);
  }

  /** The in-toto name of a Sigstore HashAlgorithm, or the name unchanged. */
  // Name mappings in both directions: two tables, one per direction.
  public static String algorithmName(String sigstoreName) {
    return switch (sigstoreName) {
      case "SHA2_256" -> "sha256";
      case "SHA2_384" -> "sha384";
      case "SHA2_512" -> "sha512";
      case "SHA3_256" -> "sha3-256";
      case "SHA3_384" -> "sha3-384";
      default -> sigstoreName.toLowerCase(Locale.ROOT);
    };
  }

  /** The JDK MessageDigest name for an in-toto algorithm name, or the name itself. */
  // Name mappings in both directions: two tables, one per direction.
  public static String jdkName(String algorithm) {
    return switch (algorithm) {
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      case "sha3-256" -> "SHA3-256";
      case "sha3-384" -> "SHA3-384";
      default -> algorithm;
    };
  }

  /** The in-toto name for a JDK MessageDigest name ({@code SHA-256} → {@code sha256}), the inverse of {@link #jdkName}. */
  public static String fromJdkName(String jdkName) {
    return switch (jdkName) {
      case "SHA-256" -> "sha256";
      case "SHA-384" -> "sha384";
      case "SHA-512" -> "sha512";
      case "SHA3-256" -> "sha3-256";
      case "SHA3-384" -> "sha3-384";
      default -> jdkName;
    };
  }

  public boolean sameAs(Digest other) {
    return algorithm.equals(other.algorithm) && Arrays.equals(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest other && sameAs(other);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex();
  }
}
