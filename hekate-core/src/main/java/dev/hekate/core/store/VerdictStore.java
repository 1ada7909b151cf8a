package dev.hekate.core.store;

import dev.hekate.core.store.VersionKey.PackageKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Hekate remembers between runs: per package version its latest verdict and what the registry
 * served, when it was first and last checked, and every change of the registry's answer; per
 * package the sweep's cursor. Two engines implement it: SQLite for the command line and
 * {@code hekate serve}, DynamoDB on AWS; one contract test runs against both.
 *
 * <p>Implementations are thread-safe, and safe with other processes writing the same store. Every
 * method either completes or throws {@link StoreException}; nothing is half-written: a record and
 * the changes it appends are written together or not at all.
 */
public interface VerdictStore extends AutoCloseable {

  /** The stored record of {@code key}, if it was ever checked. */
  Optional<StoredVerdict> find(VersionKey key) throws StoreException;

  /**
   * Records {@code check} of {@code key}. The first check of a version creates its record
   * ({@code firstSeen} = {@code lastChecked} = the check's time). A later one replaces the verdict,
   * sets {@code lastChecked}, keeps {@code firstSeen}, and appends to the version's history each
   * part of the registry's answer that differs from the stored one, which it returns (empty when
   * the answer is the same, and for a first check). Concurrent records of one version are
   * serialised: each later one is compared with the one before it.
   */
  List<AnswerChange> record(VersionKey key, Check check) throws StoreException;

  /** Every change ever recorded for {@code key}, oldest first. */
  List<AnswerChange> changes(VersionKey key) throws StoreException;

  /** The stored records of every version of {@code pkg}, in no particular order. */
  List<StoredVerdict> versions(PackageKey pkg) throws StoreException;

  /** The newest publish time the sweep has fully covered for {@code pkg}, if any. */
  Optional<Instant> cursor(PackageKey pkg) throws StoreException;

  /**
   * Moves {@code pkg}'s cursor to {@code coveredUpTo}, never backwards: a smaller value (a late or
   * concurrent run) leaves the cursor where it is.
   */
  void advanceCursor(PackageKey pkg, Instant coveredUpTo) throws StoreException;

  /** Releases the connection or client; the store is unusable afterwards. */
  @Override
  void close() throws StoreException;
}
