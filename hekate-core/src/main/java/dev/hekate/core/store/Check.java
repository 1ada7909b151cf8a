package dev.hekate.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One check of a package version, to be recorded: when, what was decided, and what the registry
 * served.
 *
 * @param status the verdict's status
 * @param tier the trust tier's wire name, when the verdict has one
 * @param verdictJson the verdict as {@code VerdictJson} writes it
 */
public record Check(Instant at, String status, Optional<String> tier, boolean regression, String verdictJson,
    RegistryAnswer answer) {
  public Check {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(verdictJson, "verdictJson");
    Objects.requireNonNull(answer, "answer");
  }
}
