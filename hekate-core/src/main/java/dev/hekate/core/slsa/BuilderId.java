package dev.hekate.core.slsa;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.Objects;

/**
 * A builder id, {@code NAME} or {@code NAME@VERSION} (the version is a tag such as {@code v2.1.0}
 * or a ref such as {@code refs/tags/v2.1.0}), compared the way slsa-verifier compares them.
 *
 * @param version empty when the id names no version
 */
public record BuilderId(String name, String version) {

  public BuilderId {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /**
   * Reads {@code NAME@VERSION}, or {@code NAME} alone when {@code needVersion} is false.
   *
   * @throws VerificationException {@link CheckId#SLSA_BUILDER} when the id has an empty version,
   *     more than one {@code @}, or no version although one is needed
   */
  public static BuilderId parse(String id, boolean needVersion) throws VerificationException {
    String[] parts = id.split("@", -1);
    if (parts.length == 2 && !parts[1].isEmpty()) {
      return new BuilderId(parts[0], parts[1]);
    }
    if (parts.length == 1 && !needVersion) {
      return new BuilderId(parts[0], "");
    }
    throw VerificationException.invalid(CheckId.SLSA_BUILDER, "malformed builder id '" + id + "'");
  }

  /**
   * Whether {@code expected} names this builder: the same name and, when {@code expected} gives a
   * version, the same version — where {@code v2.1.0} also matches {@code refs/tags/v2.1.0}
   * (slsa-verifier's {@code MatchesLoose}).
   */
  public boolean matchesLoose(BuilderId expected) {
    if (!name.equals(expected.name)) {
      return false;
    }
    return expected.version.isEmpty() || sameVersion(expected.version);
  }

  /** As {@link #matchesLoose}, but a missing version matches only a missing version ({@code MatchesFull}). */
  public boolean matchesFull(BuilderId expected) {
    return name.equals(expected.name) && (expected.version.equals(version) || sameVersion(expected.version));
  }

  private boolean sameVersion(String expectedVersion) {
    return expectedVersion.equals(version) || ("refs/tags/" + expectedVersion).equals(version);
  }

  @Override
  public String toString() {
    return version.isEmpty() ? name : name + "@" + version;
  }
}
