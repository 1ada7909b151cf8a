package dev.hekate.core.bundle;

import dev.hekate.core.trust.LogId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One transparency log entry as the bundle carries it — unverified.
 *
 * @param integratedTime the time the log claims to have integrated the entry; absent for Rekor
 *     v2 entries, which carry none
 */
public record TlogEntry(
    long logIndex,
    LogId logId,
    String kind,
    String version,
    Optional<Instant> integratedTime,
    Optional<byte[]> signedEntryTimestamp,
    Optional<InclusionProof> inclusionProof,
    byte[] canonicalizedBody) {

  public TlogEntry {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(integratedTime, "integratedTime");
    signedEntryTimestamp = signedEntryTimestamp.map(byte[]::clone);
    Objects.requireNonNull(inclusionProof, "inclusionProof");
    canonicalizedBody = canonicalizedBody.clone();
  }

  @Override
  public Optional<byte[]> signedEntryTimestamp() {
    return signedEntryTimestamp.map(byte[]::clone);
  }

  @Override
  public byte[] canonicalizedBody() {
    return canonicalizedBody.clone();
  }

  /** {@code kind/version}, e.g. {@code intoto/0.0.2}. */
  public String kindVersion() {
    return kind + "/" + version;
  }
}
