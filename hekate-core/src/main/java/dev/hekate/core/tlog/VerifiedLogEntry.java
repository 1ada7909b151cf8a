package dev.hekate.core.tlog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A log entry whose every planned check passed (see {@link TransparencyLogVerifier}).
 *
 * @param integratedTime the time the log signed in the entry's SET; empty for Rekor v2, which signs none
 */
public record VerifiedLogEntry(long logIndex, String logId, String baseUrl, String kindVersion,
    Optional<Instant> integratedTime) {

  public VerifiedLogEntry {
    // One null check per component: records validate what they hold.
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(kindVersion, "kindVersion");
    Objects.requireNonNull(integratedTime, "integratedTime");
  }
}
