package dev.hekate.core.store;

import java.util.Objects;

/**
 * Which package version a stored record is about: the registry (its base URL, as configured) is
 * part of the key, since two registries may answer differently for the same name and version.
 */
public record VersionKey(String registry, String name, String version) {
  public VersionKey {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /** The package this version belongs to. */
  public PackageKey packageKey() {
    return new PackageKey(registry, name);
  }

  /** A package of one registry: what a sweep's cursor and a history page are about. */
  public record PackageKey(String registry, String name) {
    public PackageKey {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(name, "name");
    }
  }
}
