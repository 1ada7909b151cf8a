package dev.hekate.core.trust;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A closed time window {@code [start, end]} from a trust document. A missing end means the key or
 * authority is still in use; a missing start is malformed and never reaches this type.
 */
public record ValidityPeriod(Instant start, Optional<Instant> end) {

  public ValidityPeriod {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isPresent() && end.get().isBefore(start)) {
      throw new IllegalArgumentException("validity ends before it starts");
    }
  }

  public static ValidityPeriod from(Instant start) {
    return new ValidityPeriod(start, Optional.empty());
  }

  public static ValidityPeriod between(Instant start, Instant end) {
    return new ValidityPeriod(start, Optional.of(end));
  }

  /** True when {@code time} lies in the window; both ends are inclusive. */
  public boolean contains(Instant time) {
    return !time.isBefore(start) && end.map(e -> !time.isAfter(e)).orElse(true);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end.map(Instant::toString).orElse("open") + "]";
  }
}
