package dev.hekate.core.tlog;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.trust.TransparencyLog;
import dev.hekate.core.trust.TrustedRoot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transparency-log stage: for each of the bundle's log entries, in this order,
 * <ol>
 *   <li>{@code tlog.key}: the entry's log id names a log of the trusted root;
 *   <li>{@code tlog.entry_body}: the logged body describes this bundle ({@link LogEntryBody});
 *   <li>{@code tlog.set}: the signed entry timestamp verifies, making the integrated time evidence
 *       ({@link SignedEntryTimestamp});
 *   <li>{@code tlog.inclusion_proof} and {@code tlog.checkpoint} ({@link InclusionProofVerifier});
 *   <li>{@code tlog.key} again: the log's key was in service when the entry was made — at the
 *       signed integrated time, or (Rekor v2, which signs no time) at every RFC 3161 time.
 * </ol>
 * No I/O: the log's keys come from the trusted root.
 */
public final class TransparencyLogVerifier {
  private TransparencyLogVerifier() {}

  /** What the stage established: the verified entries, and the integrated times their SETs prove. */
  public record Result(List<VerifiedLogEntry> entries, List<Instant> integratedTimes) {
    public Result {
      entries = List.copyOf(entries);
      integratedTimes = List.copyOf(integratedTimes);
    }
  }

  /**
   * @param timestampTimes the times the bundle's RFC 3161 timestamps proved (for Rekor v2 entries)
   */
  public static Result verify(Bundle bundle, SigningKey key, List<Digest> artifactDigests,
      List<Instant> timestampTimes, TrustedRoot trustedRoot, Checks checks) throws Checks.Stop {
    if (bundle.tlogEntries().isEmpty()) {
      throw checks.fail(VerificationException.invalid(CheckId.BUNDLE_TLOG_ENTRIES, "the bundle has no transparency log entry"));
    }
    List<VerifiedLogEntry> verified = new ArrayList<>();
    List<Instant> integratedTimes = new ArrayList<>();
    for (TlogEntry entry : bundle.tlogEntries()) {
      TransparencyLog log = checks.run(CheckId.TLOG_KEY, "", () -> trustedRoot.tlog(entry.logId())
          .orElseThrow(() -> VerificationException.mismatch(CheckId.TLOG_KEY,
              "log entry " + entry.logIndex() + " comes from a log the trusted root does not trust",
              "a trusted log id", entry.logId().toString())));
      checks.run(CheckId.TLOG_ENTRY_BODY, "", () -> LogEntryBody.verify(entry, bundle.content(), key, artifactDigests));
      Optional<Instant> integrated = Optional.empty();
      if (entry.signedEntryTimestamp().isPresent()) {
        integrated = Optional.of(checks.run(CheckId.TLOG_SET, "", () -> SignedEntryTimestamp.verify(entry, log)));
        integratedTimes.add(integrated.get());
      }
      InclusionProofVerifier.verify(entry, log, checks);
      List<Instant> logTimes = integrated.map(List::of).orElse(timestampTimes);
      if (logTimes.isEmpty()) {
        throw checks.fail(VerificationException.invalid(CheckId.TIMESTAMP_THRESHOLD, "log entry " + entry.logIndex()
            + " has no signed integrated time and the bundle no valid RFC 3161 timestamp"));
      }
      checks.run(CheckId.TLOG_KEY, "", () -> requireInService(log, logTimes));
      verified.add(new VerifiedLogEntry(provenIndex(entry), entry.logId().base64(), log.baseUrl(), entry.kindVersion(),
          integrated));
    }
    return new Result(verified, integratedTimes);
  }

  /**
   * The entry's index as evidence: the one a signature or proof covers. The SET signs the entry's
   * {@code logIndex}; without one (Rekor v2), nothing signs it, and the index reported is the one
   * the inclusion proof proves the entry at — an edited {@code logIndex} is never passed on.
   */
  static long provenIndex(TlogEntry entry) {
    if (entry.signedEntryTimestamp().isPresent() || entry.inclusionProof().isEmpty()) {
      return entry.logIndex();
    }
    return entry.inclusionProof().get().logIndex();
  }

  private static void requireInService(TransparencyLog log, List<Instant> times) throws VerificationException {
    for (Instant time : times) {
      if (!log.validity().contains(time)) {
        throw VerificationException.mismatch(CheckId.TLOG_KEY, "the log's key was not in service when the entry was made",
            log.validity(), time);
      }
    }
  }
}
