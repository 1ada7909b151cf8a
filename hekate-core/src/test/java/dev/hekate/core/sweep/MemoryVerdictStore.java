package dev.hekate.core.sweep;

import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import dev.hekate.core.store.VersionKey.PackageKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A verdict store in a map, for the sweep engine's own logic (the real engines pass one contract in
 * hekate-lambda and hekate-cli). Reads or writes can be made to fail, as a database that is down.
 */
final class MemoryVerdictStore implements VerdictStore {
  private final Map<VersionKey, StoredVerdict> records = new HashMap<>();
  private final Map<VersionKey, List<AnswerChange>> history = new HashMap<>();
  private final Map<PackageKey, Instant> cursors = new HashMap<>();
  volatile boolean readsFail;
  volatile String recordFailsFor = "";

  private void read() throws StoreException {
    if (readsFail) {
      throw new StoreException("memory store: reads are down");
    }
  }

  @Override
  public synchronized Optional<StoredVerdict> find(VersionKey key) throws StoreException {
    read();
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public synchronized List<AnswerChange> record(VersionKey key, Check check) throws StoreException {
    if (key.version().equals(recordFailsFor)) {
      throw new StoreException("memory store: cannot write " + key.version());
    }
    StoredVerdict before = records.get(key);
    List<AnswerChange> changes = before == null ? List.of() : before.answer().differencesTo(check.answer()).stream()
        .map(d -> new AnswerChange(key, check.at(), d)).toList();
    history.computeIfAbsent(key, k -> new ArrayList<>()).addAll(changes);
    records.put(key, new StoredVerdict(key, check.status(), check.tier(), check.regression(), check.verdictJson(),
        check.answer(), before == null ? check.at() : before.firstSeen(), check.at()));
    return changes;
  }

  @Override
  public synchronized List<AnswerChange> changes(VersionKey key) throws StoreException {
    read();
    return List.copyOf(history.getOrDefault(key, List.of()));
  }

  @Override
  public synchronized List<StoredVerdict> versions(PackageKey pkg) throws StoreException {
    read();
    return records.values().stream().filter(r -> r.key().packageKey().equals(pkg)).toList();
  }

  @Override
  public synchronized Optional<Instant> cursor(PackageKey pkg) throws StoreException {
    read();
    return Optional.ofNullable(cursors.get(pkg));
  }

  @Override
  public synchronized void advanceCursor(PackageKey pkg, Instant coveredUpTo) {
    cursors.merge(pkg, coveredUpTo, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public void close() {}
}
