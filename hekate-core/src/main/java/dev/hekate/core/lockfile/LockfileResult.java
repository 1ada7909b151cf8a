package dev.hekate.core.lockfile;

import dev.hekate.core.npm.Verdict;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What verifying one package version of a lockfile found.
 *
 * @param locked the lockfile's entry (the first, when the version appears several times)
 * @param verdict the verdict, with the lockfile findings ({@code lockfile_integrity_mismatch},
 *     {@code lockfile_resolved_mismatch}) among its findings; empty when the registry has no such
 *     package or version
 * @param notFound why there is no verdict: the registry has no such package or version
 * @param violations what the policy says of the verdict
 * @param fails whether this result fails the run, as the policy decides
 */
public record LockfileResult(LockedPackage locked, Optional<Verdict> verdict, Optional<String> notFound,
    List<PolicyViolation> violations, boolean fails) {
  public LockfileResult {
    Objects.requireNonNull(locked, "locked");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(notFound, "notFound");
    violations = List.copyOf(violations);
    if (verdict.isPresent() == notFound.isPresent()) {
      throw new IllegalArgumentException("a lockfile result has a verdict or is not found, never both");
    }
  }
}
