package dev.hekate.core.lockfile;

import java.util.Objects;

/**
 * A lockfile entry that is not an npm registry package, so Hekate cannot verify it: a git, local
 * file or directory, link, workspace or tarball-URL dependency.
 *
 * @param entry the entry as the lockfile names it (its key or pattern)
 * @param reason why it is not checkable, for people ({@code "git dependency"}, {@code "workspace package"}, ...)
 * @param line the 1-based line of the entry, 0 when unknown
 */
public record NotCheckable(String entry, String reason, int line) {
  public NotCheckable {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(reason, "reason");
  }
}
