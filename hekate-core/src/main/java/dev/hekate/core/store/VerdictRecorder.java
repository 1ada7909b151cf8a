package dev.hekate.core.store;

import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictJson;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps what a verification decided in a {@link VerdictStore}, and says when the registry's answer
 * for a version already checked has changed: one {@link FindingType#REGISTRY_ANSWER_CHANGED} finding
 * per part that differs, with the stored value as expected and the new one as actual.
 *
 * <p>Only decided verdicts (VERIFIED, FAILED, MISSING) are kept: an ERROR is "we could not look",
 * and keeping it would make a version that was never verified look checked.
 */
public final class VerdictRecorder {
  private final VerdictStore store;
  private final String registry;
  private final Clock clock;

  /**
   * @param registry the registry's base URL as configured: part of every key
   */
  public VerdictRecorder(VerdictStore store, String registry, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public VerdictStore store() {
    return store;
  }

  /** The key of {@code name@version} on this recorder's registry. */
  public VersionKey key(String name, String version) {
    return new VersionKey(registry, name, version);
  }

  /** The package {@code name} on this recorder's registry. */
  public VersionKey.PackageKey packageKey(String name) {
    return new VersionKey.PackageKey(registry, name);
  }

  /** Whether a verdict of this status is kept: decided ones only. */
  public static boolean decided(Status status) {
    return status != Status.ERROR;
  }

  /**
   * Records {@code verdict}, reached from {@code answer}, and returns it with a
   * {@code registry_answer_changed} finding for each part of the answer that differs from the one
   * stored before; the record kept carries those findings too. An ERROR verdict is returned as it
   * is and not kept.
   *
   * @throws StoreException the store could not be written: the verdict itself still stands, the
   *     caller decides whether that is an error of its run
   */
  public Verdict record(Verdict verdict, RegistryAnswer answer) throws StoreException {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(answer, "answer");
    if (!decided(verdict.status())) {
      return verdict;
    }
    VersionKey key = key(verdict.packageName(), verdict.version());
    Check check = check(verdict, answer);
    List<AnswerChange> changes = store.record(key, check);
    if (changes.isEmpty()) {
      return verdict;
    }
    Verdict flagged = verdict.withFindings(changes.stream().map(VerdictRecorder::finding).toList());
    // The same answer again: no new change, the record now carries the findings.
    store.record(key, new Check(check.at(), check.status(), check.tier(), check.regression(),
        VerdictJson.toJsonLine(flagged), answer));
    return flagged;
  }

  private Check check(Verdict verdict, RegistryAnswer answer) {
    return new Check(clock.instant(), verdict.status().name(), verdict.tier().map(TrustTier::wireName),
        verdict.regression(), VerdictJson.toJsonLine(verdict), answer);
  }

  /** The finding for one change: the message names the part, expected and actual are its two values. */
  static Finding finding(AnswerChange change) {
    RegistryAnswer.Difference d = change.difference();
    return Finding.of(FindingType.REGISTRY_ANSWER_CHANGED, d.part().wireName()
        + ": the registry's answer for this version differs from the one stored at an earlier check",
        d.before(), d.after());
  }

  /**
   * The part of the answer a {@code registry_answer_changed} finding is about (the word before the
   * first colon of its message, as {@link #finding} writes it); empty for any other finding.
   */
  public static Optional<RegistryAnswer.Part> part(Finding finding) {
    if (finding.type() != FindingType.REGISTRY_ANSWER_CHANGED) {
      return Optional.empty();
    }
    int colon = finding.message().indexOf(':');
    return colon < 0 ? Optional.empty() : RegistryAnswer.Part.fromWireName(finding.message().substring(0, colon));
  }
}
