package dev.hekate.core.sweep;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.metrics.MetricsSink;
import dev.hekate.core.metrics.VerdictMetrics;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.Integrity;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.vsa.NetworkAnswer;
import dev.hekate.core.vsa.VerifierNetwork;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Asks a {@link VerifierNetwork} about every decided verdict a sweep reaches (VERIFIED, FAILED,
 * MISSING; an ERROR verdict is not a decision to compare) and records the answer
 * ({@link VerdictMetrics#network}). The tarball's sha512 is the one the registry gave this sweep
 * (the verdict's evidence integrity); a version without one is skipped and counted.
 *
 * <p>The network's answer is reported, never folded in: it changes neither a verdict nor the
 * sweep's exit status. Asking happens on the listener's thread, so a slow peer slows the sweep
 * by at most the network's deadline per version.
 */
public final class SweepNetwork implements SweepListener {
  /** Skip reason: the verdict's evidence has no sha512 integrity. */
  public static final String NO_SHA512 = "no_sha512";
  /** Skip reason: the verdict names no exact, valid version. */
  public static final String NO_VERSION = "no_version";

  private final VerifierNetwork network;
  private final MetricsSink sink;
  private final Clock clock;
  private final Map<NetworkAnswer.Status, Integer> answers = new EnumMap<>(NetworkAnswer.Status.class);
  private final Map<String, Integer> skipped = new TreeMap<>();
  private int dissents;

  public SweepNetwork(VerifierNetwork network, MetricsSink sink, Clock clock) {
    this.network = Objects.requireNonNull(network, "network");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void packageSwept(PackageResult result) {
    for (Verdict verdict : result.verdicts()) {
      if (verdict.status() == Status.ERROR) {
        continue;
      }
      Optional<Digest> sha512 = Integrity.sha512(verdict.evidence().integrity());
      if (sha512.isEmpty()) {
        skipped.merge(NO_SHA512, 1, Integer::sum);
        continue;
      }
      PackageSpec spec;
      try {
        spec = PackageSpec.of(verdict.packageName(), verdict.version());
      } catch (InvalidSpecException e) {
        skipped.merge(NO_VERSION, 1, Integer::sum);
        continue;
      }
      NetworkAnswer answer = network.ask(spec, HexFormat.of().formatHex(sha512.get().value()));
      answers.merge(answer.status(), 1, Integer::sum);
      dissents += answer.dissent().size();
      VerdictMetrics.network(sink, verdict.packageName(), verdict.version(), answer, clock.instant());
    }
  }

  /** One line for a person: versions asked by the network's answer, dissents, versions skipped by reason. */
  public String describe() {
    int asked = answers.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder text = new StringBuilder("network asked about ").append(asked).append(asked == 1 ? " version" : " versions");
    answers.forEach((status, n) -> text.append(", ").append(n).append(' ').append(status.name()));
    text.append("; ").append(dissents).append(dissents == 1 ? " dissent" : " dissents");
    int skip = skipped.values().stream().mapToInt(Integer::intValue).sum();
    if (skip > 0) {
      text.append("; skipped ").append(skip).append(' ').append(skipped);
    }
    return text.toString();
  }

  /** Versions not asked about, by reason ({@value #NO_SHA512}, {@value #NO_VERSION}). */
  public Map<String, Integer> skipped() {
    return Map.copyOf(skipped);
  }
}
