package dev.hekate.core.slsa;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.concurrent.Deadline;
import dev.hekate.core.json.Limits;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.rekor.EntryUuid;
import dev.hekate.core.rekor.LogSearch;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.tlog.LogEntryBody;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.core.verify.VerificationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the Rekor entry of a raw DSSE envelope, as slsa-verifier does with {@code --rekor-url},
 * and verifies the envelope as the bundle it would have been with that entry beside it: every
 * check of a bundle applies (the entry's SET with the trusted root's log key, its inclusion proof
 * and checkpoint, its body against the envelope, the certificate chain and SCT, the certificate's
 * validity at the integrated time, the DSSE signature).
 *
 * <ol>
 *   <li>Search the log's index by the SHA-256 of the envelope's JSON: an {@code intoto} 0.0.1 entry,
 *       what slsa-github-generator logged, is indexed under it. When that lists no entry of this
 *       envelope, search by the artifact's SHA-256 (a subject of the statement, which every in-toto
 *       kind indexes), as slsa-verifier does.
 *   <li>Fetch the listed entries, at most {@link Limits#MAX_REKOR_CANDIDATES}, one at a time.
 *   <li>Skip an entry whose body is not this envelope's ({@link LogEntryBody}, the check the bundle
 *       verifier will make again); verify the bundle with the first that is, and stop at the
 *       first that verifies.
 * </ol>
 *
 * The log is not trusted: a search answer only chooses what to fetch, and an entry counts only once
 * verified. Anyone can log an entry under any digest, so a search that lists more entries than are
 * examined, none of them this envelope's, is {@link Result.Unavailable} too, never "no entry". Any
 * request that fails ends the lookup as {@link Result.Unavailable}: an entry not
 * looked at might have been the one.
 */
final class RekorLookup {
  private RekorLookup() {}

  /** What the lookup came to. */
  sealed interface Result {
    /** An entry of this envelope, with which the bundle verified. */
    record Verified(VerificationResult bundle, EntryUuid uuid, TlogEntry entry) implements Result {}

    /** Entries of this envelope were found, and none verified: the first one's result. */
    record Rejected(VerificationResult bundle, EntryUuid uuid) implements Result {}

    /** No entry of this envelope. */
    record NotFound(String detail) implements Result {}

    /** The log could not be asked, or gave an answer that is not Rekor's. */
    record Unavailable(String reason) implements Result {}
  }

  /**
   * The most a lookup may take, all its requests and retries together, when the caller set no
   * deadline of its own: each request's timeout is cut to what is left, none starts after it
   * ({@link dev.hekate.core.http.HttpExecutor} reads the thread's {@link Deadline}).
   */
  static final Duration BUDGET = Duration.ofMinutes(2);

  static Result find(RawDsseEnvelope raw, Digest artifact, LogSearch log, BundleVerifier bundles, Policy policy) {
    if (Deadline.current().isPresent()) {
      return lookUp(raw, artifact, log, bundles, policy);
    }
    return Deadline.in(BUDGET).run(() -> lookUp(raw, artifact, log, bundles, policy));
  }

  private static Result lookUp(RawDsseEnvelope raw, Digest artifact, LogSearch log, BundleVerifier bundles,
      Policy policy) {
    Objects.requireNonNull(log, "log");
    // "Ask by the envelope's own hash; failing that, by the artifact's digest."
    List<String> searched = new ArrayList<>();
    boolean truncated = false;
    for (Digest asked : List.of(raw.sha256(), artifact)) {
      if (Deadline.currentPassed()) {
        return outOfTime(log);
      }
      LogSearch.Search search = log.search(asked);
      if (search instanceof LogSearch.Search.Failed failed) {
        return new Result.Unavailable(log.describe() + ": the index search failed: " + failed.reason());
      }
      LogSearch.Search.Found found = (LogSearch.Search.Found) search;
      // "Fetch each listed entry; keep only one whose body is this envelope's; verify the bundle with it."
      int fetched = 0;
      Optional<Result.Rejected> rejected = Optional.empty();
      for (EntryUuid uuid : found.uuids()) {
        if (Deadline.currentPassed()) {
          return outOfTime(log);
        }
        LogSearch.Fetch fetch = log.entry(uuid);
        if (fetch instanceof LogSearch.Fetch.Failed failed) {
          return new Result.Unavailable(log.describe() + ": " + failed.reason());
        }
        fetched++;
        TlogEntry entry = ((LogSearch.Fetch.Found) fetch).entry();
        if (!describes(entry, raw)) {
          continue;
        }
        Bundle bundle = raw.withLogEntry(entry);
        VerificationResult result = bundles.verify(bundle, Artifact.ofDigest(artifact), policy);
        if (result.verified()) {
          return new Result.Verified(result, uuid, entry);
        }
        if (rejected.isEmpty()) {
          rejected = Optional.of(new Result.Rejected(result, uuid));
        }
      }
      if (rejected.isPresent()) {
        return rejected.get();
      }
      truncated |= found.listed() > found.uuids().size();
      searched.add(asked.algorithm() + ":" + asked.hex() + " listed " + found.listed()
          + (found.listed() > found.uuids().size() ? " (only the first " + found.uuids().size() + " examined)" : "")
          + ", " + fetched + " fetched");
    }
    if (truncated) {
      // Anyone can log entries under any digest: a flood of them must not pass for "no entry".
      return new Result.Unavailable(log.describe() + " lists more entries than Hekate examines and none of those"
          + " examined is this envelope's; the one of this envelope may be among the rest: " + String.join("; ",
          searched));
    }
    return new Result.NotFound(log.describe() + " has no entry of this envelope: the search by "
        + String.join("; then by ", searched) + ", none of this envelope");
  }

  private static Result outOfTime(LogSearch log) {
    return new Result.Unavailable(log.describe() + ": the lookup ran out of its time (" + Deadline.current()
        .map(d -> d.budget().toSeconds()).orElse(BUDGET.toSeconds()) + " s for every request and retry)");
  }

  /**
   * Whether the entry's body records this envelope, its signature and its certificate. A body the
   * check cannot read without an exception (Hekate's fault) is not skipped: the bundle verifier
   * meets it again and records it as an ERROR.
   */
  private static boolean describes(TlogEntry entry, RawDsseEnvelope raw) {
    try {
      LogEntryBody.verify(entry, raw.envelope(), new SigningKey.Certificate(raw.certificate()), List.of());
      return true;
    } catch (VerificationException e) {
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }
}
