package dev.hekate.core.npm;

import dev.hekate.core.result.Outcome;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a verdict stays the answer: the one rule behind the API's {@code Cache-Control} and
 * Hekate's own verdict cache, so that neither keeps an answer longer than the other would.
 *
 * <ul>
 *   <li>{@link #SETTLED}: VERIFIED or FAILED of an explicit version, every check decided. A
 *       published npm version never changes, so neither does a decided verdict about it.
 *   <li>{@link #SHORT}: the latest version (it moves), MISSING (provenance can reach a mirror late),
 *       or a verdict with a check left UNKNOWN (GitHub may answer next time).
 *   <li>{@link #NONE}: ERROR. "We could not look" is never kept as an answer.
 * </ul>
 */
public enum VerdictLifetime {
  SETTLED(Duration.ofDays(1)),
  SHORT(Duration.ofMinutes(5)),
  NONE(Duration.ZERO);

  private final Duration duration;

  VerdictLifetime(Duration duration) {
    this.duration = duration;
  }

  /** How long the answer may be kept; zero for {@link #NONE}. */
  public Duration duration() {
    return duration;
  }

  /**
   * @param explicitVersion whether the verdict answers a request for one version, rather than for
   *     the latest
   */
  public static VerdictLifetime of(Verdict verdict, boolean explicitVersion) {
    Objects.requireNonNull(verdict, "verdict");
    if (verdict.status() == Status.ERROR) {
      return NONE;
    }
    boolean decided = verdict.checks().stream().noneMatch(c -> c.result().outcome() == Outcome.UNKNOWN);
    boolean settled = verdict.status() == Status.VERIFIED || verdict.status() == Status.FAILED;
    return explicitVersion && settled && decided ? SETTLED : SHORT;
  }
}
