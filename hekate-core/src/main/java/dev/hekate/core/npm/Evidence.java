package dev.hekate.core.npm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the verdict rests on, for a person to follow up: where the build came from and where the
 * signatures are logged. Values the evidence does not provide are empty strings or empty lists.
 */
public record Evidence(
    String sourceRepository,
    String commit,
    String ref,
    String workflow,
    String runUrl,
    String builderId,
    String buildType,
    String runnerEnvironment,
    String event,
    String repositoryId,
    String ownerId,
    String signerIdentity,
    String npmKeyId,
    String integrity,
    String tarballSha512,
    Optional<Instant> publishedAt,
    List<LogEntry> logEntries) {

  /** One transparency log entry of one attestation. */
  public record LogEntry(String attestation, long logIndex, String entryUrl, Optional<Instant> integratedTime) {}

  public Evidence {
    Objects.requireNonNull(publishedAt, "publishedAt");
    logEntries = List.copyOf(logEntries);
  }

  public static Evidence none() {
    return new Evidence("", "", "", "", "", "", "", "", "", "", "", "", "", "", "", Optional.empty(), List.of());
  }
}
