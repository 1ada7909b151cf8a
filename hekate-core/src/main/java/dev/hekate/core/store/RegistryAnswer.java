package dev.hekate.core.store;

import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.RegistrySignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the registry served for a version, reduced to what must never change once published: the
 * registry's own claims, kept to be compared between checks (a published npm version is immutable,
 * so a registry, mirror or proxy answering differently later is what a monitor exists to catch).
 *
 * @param attestationsSha256 hex SHA-256 of the attestations response as served; empty when the
 *     registry had none
 * @param integrity {@code dist.integrity} as served (an SRI string), empty string when absent
 * @param publishedAt the packument's publish time for the version, when it lists one
 * @param signaturesSha256 hex SHA-256 of {@code dist.signatures} in a canonical form (empty string
 *     when there are none)
 */
public record RegistryAnswer(Optional<String> attestationsSha256, String integrity, Optional<Instant> publishedAt,
    String signaturesSha256) {

  /** The parts of an answer, by the names findings and history use. */
  public enum Part {
    ATTESTATIONS("attestations"),
    INTEGRITY("integrity"),
    PUBLISH_TIME("publish_time"),
    SIGNATURES("signatures");

    private final String wireName;

    Part(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** The part with this wire name, if there is one. */
    public static Optional<Part> fromWireName(String wireName) {
      for (Part part : values()) {
        if (part.wireName.equals(wireName)) {
          return Optional.of(part);
        }
      }
      return Optional.empty();
    }
  }

  /** One part that differs between two answers, with both values as stored (absent: {@code "none"}). */
  public record Difference(Part part, String before, String after) {
    public Difference {
      Objects.requireNonNull(part, "part");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }
  }

  public RegistryAnswer {
    Objects.requireNonNull(attestationsSha256, "attestationsSha256");
    Objects.requireNonNull(integrity, "integrity");
    Objects.requireNonNull(publishedAt, "publishedAt");
    Objects.requireNonNull(signaturesSha256, "signaturesSha256");
  }

  /**
   * The answer a version's {@code dist} object, publish time and attestations response make: the
   * attestations hashed as served (byte for byte), the signatures in a canonical form (sorted by
   * key id, then signature) so that their order in the packument does not count as a change.
   */
  public static RegistryAnswer of(Dist dist, Optional<Instant> publishedAt, Optional<byte[]> attestations) {
    Objects.requireNonNull(dist, "dist");
    StringBuilder signatures = new StringBuilder();
    dist.signatures().stream()
        .sorted(Comparator.comparing(RegistrySignature::keyid).thenComparing(RegistrySignature::sig))
        .forEach(s -> signatures.append(s.keyid()).append('\0').append(s.sig()).append('\n'));
    return new RegistryAnswer(attestations.map(RegistryAnswer::sha256), dist.integrity().orElse(""), publishedAt,
        signatures.isEmpty() ? "" : sha256(signatures.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The parts of {@code later} that differ from this answer, in {@link Part} order. */
  public List<Difference> differencesTo(RegistryAnswer later) {
    Objects.requireNonNull(later, "later");
    List<Difference> differences = new ArrayList<>();
    compare(differences, Part.ATTESTATIONS, attestationsSha256.orElse(NONE), later.attestationsSha256.orElse(NONE));
    compare(differences, Part.INTEGRITY, orNone(integrity), orNone(later.integrity));
    compare(differences, Part.PUBLISH_TIME, publishedAt.map(Instant::toString).orElse(NONE),
        later.publishedAt.map(Instant::toString).orElse(NONE));
    compare(differences, Part.SIGNATURES, orNone(signaturesSha256), orNone(later.signaturesSha256));
    return differences;
  }

  private static final String NONE = "none";

  private static String orNone(String value) {
    return value.isEmpty() ? NONE : value;
  }

  private static void compare(List<Difference> out, Part part, String before, String after) {
    if (!before.equals(after)) {
      out.add(new Difference(part, before, after));
    }
  }
}
