package dev.hekate.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store keeps of one package version: its latest check, and when it was first and last
 * checked. Earlier answers that differed are its {@link VerdictStore#changes history}.
 *
 * @param status the verdict's status (VERIFIED, FAILED, MISSING, ERROR)
 * @param tier the trust tier's wire name, when the verdict has one
 * @param verdictJson the verdict as {@code VerdictJson} writes it (one line)
 * @param answer what the registry served at the latest check
 */
public record StoredVerdict(VersionKey key, String status, Optional<String> tier, boolean regression,
    String verdictJson, RegistryAnswer answer, Instant firstSeen, Instant lastChecked) {
  public StoredVerdict {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(verdictJson, "verdictJson");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastChecked, "lastChecked");
  }
}
