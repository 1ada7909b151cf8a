package dev.hekate.core.concurrent;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The point in time by which a piece of work must be done, carried by the thread doing it so that
 * everything the work calls can see it without a parameter on every method. The API sets one per
 * request ({@link #run}); {@link dev.hekate.core.http.HttpExecutor} reads it ({@link #current}) to
 * cut each network wait to the time left and to start no attempt once it has passed, and
 * {@link SharedCache} to stop waiting for another thread's answer. Work without a deadline (the
 * command line, the sweep) is bounded by its clients' own timeouts alone.
 *
 * <p>Measured on {@link System#nanoTime()}, so a wall-clock step changes nothing. Immutable.
 */
public final class Deadline {
  private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

  private final Duration budget;
  private final long endNanos;

  private Deadline(Duration budget, long endNanos) {
    this.budget = budget;
    this.endNanos = endNanos;
  }

  /**
   * A deadline {@code budget} from now.
   *
   * @throws IllegalArgumentException if {@code budget} is not positive
   */
  public static Deadline in(Duration budget) {
    Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("a deadline's budget must be positive");
    }
    return new Deadline(budget, System.nanoTime() + budget.toNanos());
  }

  /** The deadline of the work this thread is doing, if it has one. */
  public static Optional<Deadline> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** {@code wait}, or less when the current thread's deadline comes first; never negative. */
  public static Duration clamp(Duration wait) {
    Deadline deadline = CURRENT.get();
    if (deadline == null) {
      return wait;
    }
    Duration left = deadline.remaining();
    return left.compareTo(wait) < 0 ? left : wait;
  }

  /** Whether the current thread has a deadline and it has passed. */
  public static boolean currentPassed() {
    Deadline deadline = CURRENT.get();
    return deadline != null && deadline.passed();
  }

  /** The time allowed when the deadline was set. */
  public Duration budget() {
    return budget;
  }

  /** The time left: zero once the deadline has passed. */
  public Duration remaining() {
    long left = endNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean passed() {
    return endNanos - System.nanoTime() <= 0;
  }

  /** Work that may throw {@code X}. */
  @FunctionalInterface
  public interface Task<T, X extends Exception> {
    T call() throws X;
  }

  /**
   * Runs {@code task} on this thread with this deadline as {@link #current()}, then restores the
   * thread's previous deadline (if any).
   */
  public <T, X extends Exception> T run(Task<T, X> task) throws X {
    Deadline previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return task.call();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  @Override
  public String toString() {
    return "Deadline[budget=" + budget + ", remaining=" + remaining() + "]";
  }
}
