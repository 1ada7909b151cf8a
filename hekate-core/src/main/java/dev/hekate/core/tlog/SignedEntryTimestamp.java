package dev.hekate.core.tlog;

import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.trust.TransparencyLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Rekor's signed entry timestamp (the bundle's inclusion promise): the log's signature over the
 * canonical JSON {@code {"body","integratedTime","logID","logIndex"}} of the entry.
 */
public final class SignedEntryTimestamp {
  private SignedEntryTimestamp() {}

  /**
   * Verifies the entry's SET with the log's key; afterwards the integrated time is evidence.
   *
   * @return the integrated time the log signed
   * @throws VerificationException {@link CheckId#TLOG_SET} when the entry has no SET or no
   *     integrated time, or the signature does not verify
   */
  public static Instant verify(TlogEntry entry, TransparencyLog log) throws VerificationException {
    byte[] set = entry.signedEntryTimestamp().orElseThrow(() -> VerificationException.invalid(
        CheckId.TLOG_SET, "log entry " + entry.logIndex() + " has no signed entry timestamp"));
    Instant integratedTime = entry.integratedTime().orElseThrow(() -> VerificationException.invalid(
        CheckId.TLOG_SET, "log entry " + entry.logIndex() + " has a signed entry timestamp but no integrated time"));
    // Canonical JSON: keys sorted, no whitespace; every value here needs no escaping.
    String payload = "{\"body\":\"" + Encoding.toBase64(entry.canonicalizedBody())
        + "\",\"integratedTime\":" + integratedTime.getEpochSecond()
        + ",\"logID\":\"" + entry.logId().hex()
        + "\",\"logIndex\":" + entry.logIndex() + "}";
    if (!Signatures.verify(log.publicKey(), payload.getBytes(StandardCharsets.UTF_8), set)) {
      throw VerificationException.invalid(CheckId.TLOG_SET,
          "the signed entry timestamp of log entry " + entry.logIndex() + " does not verify with the log's key");
    }
    return integratedTime;
  }
}
