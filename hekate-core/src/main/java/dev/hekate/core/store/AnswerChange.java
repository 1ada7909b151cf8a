package dev.hekate.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A part of the registry's answer for a version found different from the stored one at a check:
 * appended to the version's history, never overwritten.
 */
public record AnswerChange(VersionKey key, Instant at, RegistryAnswer.Difference difference) {
  public AnswerChange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(difference, "difference");
  }
}
