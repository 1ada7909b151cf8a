package dev.hekate.core.lockfile;

import dev.hekate.core.concurrent.Workers;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryException;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.service.NpmService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verifies every package version of one or more lockfiles: each {@code name@version} once, each
 * package's packument fetched once for all its versions, {@link #concurrency} packages at a time.
 * Each verdict carries the {@linkplain LockfileComparison lockfile findings} of its entry, and is
 * judged by the caller's {@link Judge} (the policy).
 *
 * <p>A registry that cannot be read gives ERROR verdicts (could not look), never FAILED; a package
 * or version the registry does not have is reported as not found.
 */
public final class LockfileVerification {
  /** Packages verified at once by default. */
  public static final int DEFAULT_CONCURRENCY = 16;
  public static final int MAX_CONCURRENCY = 64;

  private final RegistryClient registry;
  private final NpmService service;
  private final int concurrency;

  /** Turns what was found for one entry into a result: the policy's {@code result}. */
  @FunctionalInterface
  public interface Judge {
    LockfileResult result(LockedPackage locked, Optional<Verdict> verdict, Optional<String> notFound);
  }

  /** Told of each result as it is reached, from the verifying threads one at a time. */
  @FunctionalInterface
  public interface Progress {
    void verified(LockfileResult result, int done, int planned);
  }

  public LockfileVerification(RegistryClient registry, NpmService service, int concurrency) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.service = Objects.requireNonNull(service, "service");
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency must be 1.." + MAX_CONCURRENCY);
    }
    this.concurrency = concurrency;
  }

  /**
   * One result per unique {@code name@version} of {@code packages} (the first entry of each stands
   * for the others), sorted by name and version.
   */
  public List<LockfileResult> verify(List<LockedPackage> packages, Judge judge, Progress progress) {
    Map<String, Map<String, LockedPackage>> byName = new LinkedHashMap<>();
    for (LockedPackage p : packages) {
      byName.computeIfAbsent(p.name(), n -> new LinkedHashMap<>()).putIfAbsent(p.version(), p);
    }
    int planned = byName.values().stream().mapToInt(Map::size).sum();
    List<Map<String, LockedPackage>> work = new ArrayList<>(byName.values());
    List<LockfileResult> results = new ArrayList<>(planned);
    AtomicInteger next = new AtomicInteger();
    Object lock = new Object();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        for (LockfileResult result : verifyPackage(work.get(i).values(), judge)) {
          synchronized (lock) {
            results.add(result);
            progress.verified(result, results.size(), planned);
          }
        }
      }
    };
    if (Workers.runAll(worker, Math.min(concurrency, Math.max(1, work.size())), "hekate-lockfile",
        () -> next.set(work.size()))) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      results.sort(Comparator.comparing((LockfileResult r) -> r.locked().name())
          .thenComparing(r -> r.locked().version()));
      return List.copyOf(results);
    }
  }

  private List<LockfileResult> verifyPackage(Iterable<LockedPackage> versions, Judge judge) {
    List<LockfileResult> results = new ArrayList<>();
    LockedPackage first = versions.iterator().next();
    Packument packument;
    try {
      packument = registry.packument(first.name());
    } catch (RegistryException e) {
      for (LockedPackage locked : versions) {
        results.add(e.kind() == RegistryException.Kind.NOT_FOUND
            ? judge.result(locked, Optional.empty(), Optional.of("the registry has no package " + locked.name()))
            : judge.result(locked, Optional.of(NpmService.registryError(locked.name(), locked.version(), e)),
                Optional.empty()));
      }
      return results;
    }
    for (LockedPackage locked : versions) {
      Optional<VersionDocument> document = packument.version(locked.version());
      if (document.isEmpty()) {
        results.add(judge.result(locked, Optional.empty(),
            Optional.of("the registry has no version " + locked.version() + " of " + locked.name())));
        continue;
      }
      Verdict verdict = service.check(packument, document.get(), TrustExceptions.NONE).verdict();
      List<Finding> findings = LockfileComparison.findings(locked, document.get().dist());
      results.add(judge.result(locked, Optional.of(findings.isEmpty() ? verdict : verdict.withFindings(findings)),
          Optional.empty()));
    }
    return results;
  }
}
