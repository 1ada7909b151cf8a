package dev.hekate.testdata;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A validity window for a fake service: where the trusted root's {@code validFor} starts and, if it
 * is closed, ends. For certificate authorities and the TSA it is also the certificates' window.
 */
public final class Validity {

  private final Instant start;
  private final Instant end; // null = open-ended, as in a trusted root without "end"

  private Validity(Instant start, Instant end) {
    this.start = Objects.requireNonNull(start, "start");
    if (end != null && !end.isAfter(start)) {
      throw new IllegalArgumentException("validity end " + end + " is not after its start " + start);
    }
    this.end = end;
  }

  /** An open-ended window starting at {@code start}. */
  public static Validity from(Instant start) {
    return new Validity(start, null);
  }

  /** A closed window. */
  public static Validity between(Instant start, Instant end) {
    return new Validity(start, Objects.requireNonNull(end, "end"));
  }

  /** Start of the window. */
  public Instant start() {
    return start;
  }

  /** End of the window, absent when open-ended. */
  public Optional<Instant> end() {
    return Optional.ofNullable(end);
  }

  /** The end, or {@code fallback} if the window is open (certificates need a notAfter). */
  Instant endOr(Instant fallback) {
    return end != null ? end : fallback;
  }

  /** Whether {@code t} lies in the window (both ends inclusive). */
  public boolean contains(Instant t) {
    return !t.isBefore(start) && (end == null || !t.isAfter(end));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Validity v && start.equals(v.start) && Objects.equals(end, v.end);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + (end == null ? "open" : end.toString()) + "]";
  }
}
