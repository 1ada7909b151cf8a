package dev.hekate.core.concurrent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * One load per key at a time, and its result kept as long as the caller says it stays true.
 *
 * <p>Callers asking for a key that is being loaded wait for that load instead of starting their own
 * (so a hundred requests for one packument make one registry request); the thread that asked first
 * (the leader) loads on its own thread, under its own {@link Deadline}. A value is then kept for
 * the lifetime {@code lifetime} gives it — zero keeps nothing, which leaves pure coalescing — among at
 * most {@code maxEntries}, the least recently used going first. Failures are never kept: each
 * waiter of a failed load gets the leader's exception, and the next caller loads again.
 *
 * <p>A waiter is never held past its own deadline by someone else's work: when its deadline passes
 * while it waits, or when the leader's load failed because the leader's deadline passed, it loads
 * for itself (which, out of time, fails at once with its own error, as a fresh request would).
 * An interrupted waiter does the same, with its interrupt kept.
 *
 * <p>Thread-safe. Values are shared between threads as they are: they must be immutable, or never
 * changed by anyone who gets one.
 *
 * @param <K> the key: equal keys must mean the same answer
 * @param <V> the value
 */
public final class SharedCache<K, V> {
  /** What loads a value; may throw {@code X}, which is passed on to every caller waiting for it. */
  @FunctionalInterface
  public interface Loader<V, X extends Exception> {
    V load() throws X;
  }

  private final int maxEntries;
  private final BiFunction<? super K, ? super V, Duration> lifetime;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<K, Flight<V>> inFlight = new ConcurrentHashMap<>();
  // Guarded by itself; access order, so iteration starts at the least recently used.
  private final LinkedHashMap<K, Kept<V>> kept = new LinkedHashMap<>(16, 0.75f, true);

  private SharedCache(int maxEntries, BiFunction<? super K, ? super V, Duration> lifetime, LongSupplier nanoTime) {
    this.maxEntries = maxEntries;
    this.lifetime = lifetime;
    this.nanoTime = nanoTime;
  }

  /** Coalescing only: concurrent loads of one key are shared, nothing is kept afterwards. */
  public static <K, V> SharedCache<K, V> coalescing() {
    return new SharedCache<>(0, (k, v) -> Duration.ZERO, System::nanoTime);
  }

  /**
   * Coalescing, and each value kept for {@code lifetime.apply(key, value)} (zero or negative: not
   * kept), at most {@code maxEntries} of them ({@code 0}: none).
   */
  public static <K, V> SharedCache<K, V> keeping(int maxEntries, BiFunction<? super K, ? super V, Duration> lifetime) {
    return keeping(maxEntries, lifetime, System::nanoTime);
  }

  /** As {@link #keeping(int, BiFunction)}, with the ticker that lifetimes are measured on (tests). */
  public static <K, V> SharedCache<K, V> keeping(int maxEntries, BiFunction<? super K, ? super V, Duration> lifetime,
      LongSupplier nanoTime) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative");
    }
    return new SharedCache<>(maxEntries, Objects.requireNonNull(lifetime, "lifetime"),
        Objects.requireNonNull(nanoTime, "nanoTime"));
  }

  /** The value kept for {@code key}, if there is one still alive. Loads nothing. */
  public Optional<V> peek(K key) {
    Objects.requireNonNull(key, "key");
    synchronized (kept) {
      Kept<V> entry = kept.get(key);
      if (entry == null) {
        return Optional.empty();
      }
      if (entry.expired(nanoTime.getAsLong())) {
        kept.remove(key);
        return Optional.empty();
      }
      return Optional.of(entry.value());
    }
  }

  /** How many values are kept now (expired ones included until next touched). */
  public int size() {
    synchronized (kept) {
      return kept.size();
    }
  }

  /**
   * The value for {@code key}: a kept one, the result of a load in progress, or what
   * {@code loader} loads now on this thread.
   *
   * @throws X what the load threw
   */
  public <X extends Exception> V get(K key, Loader<V, X> loader) throws X {
    return fetch(key, loader).value();
  }

  /**
   * A value and where it came from.
   *
   * @param loadedHere whether this caller's own loader made it (rather than another caller's load
   *     in progress, or a kept value)
   */
  public record Got<V>(V value, boolean loadedHere) {}

  /** As {@link #get}, saying whether this caller's loader made the value. */
  public <X extends Exception> Got<V> fetch(K key, Loader<V, X> loader) throws X {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    Optional<V> known = peek(key);
    if (known.isPresent()) {
      return new Got<>(known.get(), false);
    }
    Flight<V> mine = new Flight<>(Deadline.current());
    Flight<V> leader = inFlight.putIfAbsent(key, mine);
    if (leader == null) {
      return new Got<>(lead(key, mine, loader), true);
    }
    return switch (leader.await()) {
      case Result.Loaded<V> loaded -> new Got<>(loaded.value(), false);
      case Result.Failed<V> failed when !failed.leaderOutOfTime() -> rethrow(failed.error());
      // Out of our own time, interrupted, or the leader ran out of its time: our own load, our own answer.
      default -> new Got<>(loader.load(), true);
    };
  }

  private <X extends Exception> V lead(K key, Flight<V> flight, Loader<V, X> loader) throws X {
    Result<V> result = null;
    try {
      V value = loader.load();
      result = new Result.Loaded<>(value);
      keep(key, value);
      return value;
    } catch (Exception | Error e) {
      result = new Result.Failed<>(e, flight.deadline().map(Deadline::passed).orElse(false));
      throw e;
    } finally {
      inFlight.remove(key, flight);
      flight.finish(result);
    }
  }

  private void keep(K key, V value) {
    if (maxEntries == 0) {
      return;
    }
    Duration life = lifetime.apply(key, value);
    if (life == null || life.isNegative() || life.isZero()) {
      return;
    }
    long now = nanoTime.getAsLong();
    synchronized (kept) {
      kept.put(key, new Kept<>(value, now + life.toNanos()));
      while (kept.size() > maxEntries) {
        // The least recently used, or an expired one met first.
        var eldest = kept.entrySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <V, X extends Exception> V rethrow(Throwable error) throws X {
    if (error instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (error instanceof Error fatal) {
      throw fatal;
    }
    // The loader may throw only X (and unchecked exceptions), so this is an X.
    throw (X) error;
  }

  private record Kept<V>(V value, long expiresNanos) {
    boolean expired(long now) {
      return now - expiresNanos >= 0;
    }
  }

  /** How a load ended. */
  private sealed interface Result<V> {
    record Loaded<V>(V value) implements Result<V> {}

    /** @param leaderOutOfTime whether the leader had a deadline and it had passed when the load failed */
    record Failed<V>(Throwable error, boolean leaderOutOfTime) implements Result<V> {}

    /** The waiter stopped waiting: its own deadline passed, or it was interrupted. */
    record GaveUp<V>() implements Result<V> {}
  }

  /** A load in progress: its leader's deadline, and its result once done. */
  private static final class Flight<V> {
    private final Optional<Deadline> deadline;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Result<V> result;

    Flight(Optional<Deadline> deadline) {
      this.deadline = deadline;
    }

    Optional<Deadline> deadline() {
      return deadline;
    }

    void finish(Result<V> result) {
      this.result = result;
      done.countDown();
    }

    /** The result, or {@link Result.GaveUp} when the waiter's own deadline passes first or it is interrupted. */
    Result<V> await() {
      Optional<Deadline> own = Deadline.current();
      try {
        boolean finished;
        if (own.isEmpty()) {
          done.await();
          finished = true;
        } else {
          finished = done.await(own.get().remaining().toNanos(), TimeUnit.NANOSECONDS);
        }
        return finished ? result : new Result.GaveUp<>();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result.GaveUp<>();
      }
    }
  }

  @Override
  public String toString() {
    return "SharedCache[maxEntries=" + maxEntries + ", kept=" + size() + ", inFlight=" + inFlight.size() + "]";
  }

  /** For tests: the number of loads in progress. */
  int inFlight() {
    return inFlight.size();
  }
}
