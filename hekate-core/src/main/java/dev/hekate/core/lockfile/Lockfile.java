package dev.hekate.core.lockfile;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A parsed lockfile: the npm registry packages it resolves and the entries that cannot be checked.
 *
 * @param format the format read
 * @param formatVersion the format's own version ({@code "3"}, {@code "9.0"}, {@code "v1"}, {@code "8"})
 * @param packages every registry package entry, in file order; one package version may appear
 *     several times (nested copies, several patterns)
 * @param notCheckable the entries that are not registry packages, with why
 */
public record Lockfile(LockfileFormat format, String formatVersion, List<LockedPackage> packages,
    List<NotCheckable> notCheckable) {
  public Lockfile {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(formatVersion, "formatVersion");
    packages = List.copyOf(packages);
    notCheckable = List.copyOf(notCheckable);
  }

  /** Every {@code name@version}, unique, sorted in byte (UTF-16 code unit) order. */
  public List<String> specs() {
    TreeSet<String> specs = new TreeSet<>();
    for (LockedPackage p : packages) {
      specs.add(p.spec());
    }
    return List.copyOf(specs);
  }
}
