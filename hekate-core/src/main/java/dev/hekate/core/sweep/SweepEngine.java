package dev.hekate.core.sweep;

import dev.hekate.core.concurrent.Workers;
import dev.hekate.core.npm.RegistryFailure;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryException;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VerdictRecorder;
import dev.hekate.core.store.VersionKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

  private final PackumentSource packuments;
  private final VersionChecker checker;
  private final SweepOptions options;
  private final Clock clock;
  private final Optional<SweepMemory> memory;

  /** A sweep that remembers nothing between runs. */
  public SweepEngine(PackumentSource packuments, VersionVerifier verifier, SweepOptions options, Clock clock) {
    this(packuments, unread(verifier), options, clock, Optional.empty());
  }

  /**
   * @param memory the verdict store a sweep keeps its cursors and verdicts in, or empty for a sweep
   *     of the window only
   */
  public SweepEngine(PackumentSource packuments, VersionChecker checker, SweepOptions options, Clock clock,
      Optional<SweepMemory> memory) {
    this.packuments = Objects.requireNonNull(packuments, "packuments");
    this.checker = Objects.requireNonNull(checker, "checker");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  private static VersionChecker unread(VersionVerifier verifier) {
    Objects.requireNonNull(verifier, "verifier");
    return (packument, version, exceptions) ->
        new NpmService.Checked(verifier.verify(packument, version, exceptions), Optional.empty());
  }

  /** A sweep over {@code registry}, verifying with {@code service} (built on the same registry). */
  public static SweepEngine create(RegistryClient registry, NpmService service, SweepOptions options) {
    return create(registry, service, options, Optional.empty());
  }

  /** As {@link #create(RegistryClient, NpmService, SweepOptions)}, remembering through {@code memory}. */
  public static SweepEngine create(RegistryClient registry, NpmService service, SweepOptions options,
      Optional<SweepMemory> memory) {
    return new SweepEngine(registry::packument, service::check, options, Clock.systemUTC(), memory);
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
      if (memory.isPresent()) {
        return new RememberingSweep(packument, window, trustExceptions, memory.get()).run(start);
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
    return checkOne(packument, version, trustExceptions).verdict();
  }

  private NpmService.Checked checkOne(Packument packument, VersionDocument version, TrustExceptions trustExceptions) {
    try {
      return Objects.requireNonNull(checker.check(packument, version, trustExceptions),
          "the verifier returned no verdict");
    } catch (RuntimeException e) {
      return new NpmService.Checked(Verdict.error(packument.name(), version.version(), internal(e)), Optional.empty());
    }
  }

  /**
   * One package swept with a verdict store. The window starts at the earlier of the sweep's own
   * start and the package's cursor, so a run that did not happen (or failed) is caught up by the
   * next. Versions already decided are skipped (the latest is checked again when its last check is
   * older than {@link SweepMemory#recheckAfter()}); the others are verified oldest first, up to the
   * ceiling, and each decided verdict is recorded as soon as it is reached, so a sweep killed
   * half-way loses none and its successor verifies none of them again. Afterwards the cursor
   * advances to the newest publish time up to which every version of the window is decided: to the
   * window's end when all are, otherwise to just before the first that is not (an ERROR, a version
   * carried over, a verdict the store could not keep), which the next run starts from.
   */
  private final class RememberingSweep {
    private final Packument packument;
    private final SweepWindow window;
    private final TrustExceptions trustExceptions;
    private final SweepMemory memory;
    private final VerdictRecorder recorder;
    private final List<Verdict> verdicts = new ArrayList<>();

    RememberingSweep(Packument packument, SweepWindow window, TrustExceptions trustExceptions, SweepMemory memory) {
      this.packument = packument;
      this.window = window;
      this.trustExceptions = trustExceptions;
      this.memory = memory;
      this.recorder = memory.recorder();
    }

    PackageResult run(long start) {
      String name = packument.name();
      VersionKey.PackageKey key = recorder.packageKey(name);
      Optional<Instant> cursor;
      try {
        cursor = recorder.store().cursor(key);
      } catch (StoreException e) {
        return storeError(start, "the verdict store could not be read, nothing was verified: " + e.getMessage());
      }
      Instant since = cursor.filter(c -> c.isBefore(window.since())).orElse(window.since());
      SweepWindow span = new SweepWindow(since, window.until());
      Comparator<VersionDocument> byTime = Comparator.comparing(
          (VersionDocument v) -> packument.publishedAt(v.version()).orElseThrow()).thenComparing(VersionDocument::version);
      List<VersionDocument> inSpan = packument.versions().values().stream()
          .filter(v -> packument.publishedAt(v.version()).map(span::contains).orElse(false))
          .sorted(byTime)
          .toList();
      int nominal = (int) inSpan.stream().filter(v -> window.contains(packument.publishedAt(v.version()).orElseThrow()))
          .count();
      Optional<VersionDocument> latest = packument.latest();
      int room = latest.isPresent() ? options.versionCeiling() - 1 : options.versionCeiling();
      Set<String> decided = new HashSet<>();
      List<VersionDocument> chosen = new ArrayList<>();
      int alreadyVerified = 0;
      int carriedOver = 0;
      try {
        for (VersionDocument v : inSpan) {
          if (latest.isPresent() && latest.get().version().equals(v.version())) {
            continue;
          }
          if (chosen.size() >= room) {
            carriedOver++;
          } else if (recorder.store().find(recorder.key(name, v.version())).isPresent()) {
            decided.add(v.version());
            alreadyVerified++;
          } else {
            chosen.add(v);
          }
        }
        if (latest.isPresent()) {
          Optional<StoredVerdict> stored = recorder.store().find(recorder.key(name, latest.get().version()));
          if (stored.isPresent()) {
            decided.add(latest.get().version());
          }
          boolean fresh = stored.map(s -> s.lastChecked().plus(memory.recheckAfter()).isAfter(clock.instant()))
              .orElse(false);
          if (fresh) {
            alreadyVerified += inSpan.contains(latest.get()) ? 1 : 0;
          } else {
            chosen.add(latest.get());
          }
        }
      } catch (StoreException e) {
        return storeError(start, "the verdict store could not be read, nothing was verified: " + e.getMessage());
      }
      chosen.sort(Comparator.comparing((VersionDocument v) -> packument.publishedAt(v.version()).orElse(Instant.MIN))
          .thenComparing(VersionDocument::version));
      // Decided before verifying: the flood alarms even if a verification throws.
      Optional<VersionFlood> flood = nominal > options.floodThreshold()
          ? Optional.of(new VersionFlood(nominal, options.floodThreshold(), carriedOver))
          : Optional.empty();
      for (VersionDocument version : chosen) {
        NpmService.Checked checked = checkOne(packument, version, trustExceptions);
        Verdict verdict = checked.verdict();
        if (VerdictRecorder.decided(verdict.status()) && checked.answer().isPresent()) {
          try {
            verdict = recorder.record(verdict, checked.answer().get());
            decided.add(version.version());
          } catch (StoreException e) {
            verdicts.add(verdict);
            verdict = Verdict.error(name, version.version(), "the verdict store could not keep this version's verdict"
                + " (it is verified again next run): " + e.getMessage());
          }
        }
        verdicts.add(verdict);
      }
      Optional<Instant> covered = coveredUpTo(inSpan, decided);
      if (covered.isPresent() && cursor.map(c -> c.isBefore(covered.get())).orElse(true)) {
        try {
          recorder.store().advanceCursor(key, covered.get());
        } catch (StoreException e) {
          verdicts.add(Verdict.error(name, "", "the verdict store could not move the sweep's cursor (the next run"
              + " looks again from the old one): " + e.getMessage()));
        }
      }
      return new PackageResult(name, verdicts, Optional.empty(), flood, since(start), alreadyVerified, carriedOver);
    }

    /**
     * The window's end when every version in it is decided; else the publish time of the last
     * decided version before the first undecided one (empty when the first is undecided). The
     * next window includes its start, so versions sharing that time are looked at again.
     */
    private Optional<Instant> coveredUpTo(List<VersionDocument> inSpan, Set<String> decided) {
      Instant lastDecided = null;
      for (VersionDocument v : inSpan) {
        if (!decided.contains(v.version())) {
          return Optional.ofNullable(lastDecided);
        }
        lastDecided = packument.publishedAt(v.version()).orElseThrow();
      }
      return Optional.of(window.until());
    }

    private PackageResult storeError(long start, String message) {
      return new PackageResult(packument.name(), List.of(Verdict.error(packument.name(), "", message)),
          Optional.empty(), Optional.empty(), since(start));
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
    boolean interrupted = Workers.runAll(worker, threads, "hekate-sweep", stopped);
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
