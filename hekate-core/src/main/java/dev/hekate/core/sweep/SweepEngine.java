package dev.hekate.core.sweep;

import dev.hekate.core.npm.RegistryFailure;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryException;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.service.NpmService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sweep: for each package of a watchlist, fetch its packument once, pick the versions
 * published in the window plus the latest ({@link VersionSelection}), and verify each. A package
 * that published more than {@link SweepOptions#floodThreshold()} versions in the window is a
 * {@link VersionFlood}: its versions are still verified, oldest first, up to
 * {@link SweepOptions#versionCeiling()}, and the rest are counted as deferred, never dropped silently.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>At most {@link SweepOptions#concurrency()} packages are in flight, on as many threads.
 *   <li>One package never stops the rest: a registry failure gives that package an ERROR verdict,
 *       and so does any exception (a bug, a malformed document) — per version where it can.
 *   <li>Memory does not grow with the watchlist: each result goes to the listener as soon as the
 *       package is done and is then dropped; only totals ({@link SweepTally}) are kept.
 * </ul>
 *
 * <p>No AWS here: the Lambda planner and worker are thin wrappers, the worker calling
 * {@link #run} with each queued message's packages. Instances are immutable and thread-safe.
 */
public final class SweepEngine {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final PackumentSource packuments;
  private final VersionVerifier verifier;
  private final SweepOptions options;
  private final Clock clock;

  public SweepEngine(PackumentSource packuments, VersionVerifier verifier, SweepOptions options, Clock clock) {
    this.packuments = Objects.requireNonNull(packuments, "packuments");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A sweep over {@code registry}, verifying with {@code service} (built on the same registry). */
  public static SweepEngine create(RegistryClient registry, NpmService service, SweepOptions options) {
    return new SweepEngine(registry::packument, service::verify, options, Clock.systemUTC());
  }

  public SweepOptions options() {
    return options;
  }

  /**
   * Sweeps one package. Never throws: every problem becomes an ERROR verdict in the result.
   */
  public PackageResult sweepPackage(String name, SweepWindow window) {
    return sweepPackage(name, window, TrustExceptions.NONE);
  }

  /** As {@link #sweepPackage(String, SweepWindow)}, with a watchlist's trust exceptions. */
  public PackageResult sweepPackage(String name, SweepWindow window, TrustExceptions trustExceptions) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(trustExceptions, "trustExceptions");
    long start = System.nanoTime();
    try {
      Packument packument;
      try {
        packument = packuments.packument(name);
      } catch (RegistryException e) {
        FetchFailure failure = FetchFailure.of(e);
        Verdict verdict = failure.notFound()
            ? Verdict.error(name, "", "the registry has no package " + name,
                new RegistryFailure(failure.endpoint(), failure.httpStatus()))
            : NpmService.registryError(name, "", e);
        return new PackageResult(name, List.of(verdict), Optional.of(failure), Optional.empty(), since(start));
      }
      VersionSelection selection = VersionSelection.of(packument, window, options.versionCeiling());
      // Decided before verifying: the flood alarms even if a verification throws.
      Optional<VersionFlood> flood = selection.published() > options.floodThreshold()
          ? Optional.of(new VersionFlood(selection.published(), options.floodThreshold(), selection.deferred()))
          : Optional.empty();
      List<Verdict> verdicts = new ArrayList<>(selection.versions().size());
      for (VersionDocument version : selection.versions()) {
        verdicts.add(verifyOne(packument, version, trustExceptions));
      }
      return new PackageResult(name, verdicts, Optional.empty(), flood, since(start));
    } catch (RuntimeException e) {
      return new PackageResult(name, List.of(Verdict.error(name, "", internal(e))), Optional.empty(),
          Optional.empty(), since(start));
    }
  }

  private Verdict verifyOne(Packument packument, VersionDocument version, TrustExceptions trustExceptions) {
    try {
      return Objects.requireNonNull(verifier.verify(packument, version, trustExceptions),
          "the verifier returned no verdict");
    } catch (RuntimeException e) {
      return Verdict.error(packument.name(), version.version(), internal(e));
    }
  }

  private static String internal(RuntimeException e) {
    return "internal error while sweeping: " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Sweeps every package of {@code watchlist}, with its trust exceptions, handing each result to {@code listener} as it
   * completes, and returns the totals. Blocks until done. If the calling thread is interrupted,
   * no new package is started and the totals so far are returned (with the interrupt flag set).
   */
  public SweepSummary run(Watchlist watchlist, SweepWindow window, SweepListener listener) {
    Objects.requireNonNull(watchlist, "watchlist");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(listener, "listener");
    Instant startedAt = clock.instant();
    long start = System.nanoTime();
    SweepTally tally = new SweepTally();
    Object lock = new Object();
    List<String> names = watchlist.names();
    AtomicInteger next = new AtomicInteger();
    Runnable stopped = () -> next.set(names.size());

    call(lock, tally, () -> listener.started(names.size(), window));
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < names.size(); i = next.getAndIncrement()) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        PackageResult result = sweepPackage(names.get(i), window, watchlist.trustExceptions());
        synchronized (lock) {
          tally.add(result);
        }
        call(lock, tally, () -> listener.packageSwept(result));
      }
    };
    int threads = Math.min(options.concurrency(), Math.max(1, names.size()));
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(worker, "hekate-sweep-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      workers.add(thread);
      thread.start();
    }
    boolean interrupted = false;
    for (Thread thread : workers) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          stopped.run();
          workers.forEach(Thread::interrupt);
        }
      }
    }
    SweepSummary summary;
    synchronized (lock) {
      summary = tally.summary(startedAt, since(start), window, names.size());
    }
    call(lock, tally, () -> listener.finished(summary));
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return summary;
  }

  private static void call(Object lock, SweepTally tally, Runnable listenerCall) {
    synchronized (lock) {
      try {
        listenerCall.run();
      } catch (RuntimeException e) {
        tally.listenerFailed();
      }
    }
  }
}
