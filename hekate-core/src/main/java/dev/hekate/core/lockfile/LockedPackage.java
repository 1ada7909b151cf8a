package dev.hekate.core.lockfile;

import java.util.Objects;
import java.util.Optional;

/**
 * One package version a lockfile resolves from an npm registry.
 *
 * @param name the registry name (an alias {@code alias@npm:real@range} gives the real name)
 * @param version the exact version the lockfile pins
 * @param integrity the lockfile's own integrity, as an SRI string ({@code sha512-...}, or
 *     {@code sha1-...} for old entries); empty when the lockfile records none, or records a digest
 *     of something else than the registry's tarball (yarn berry's {@code checksum} is of yarn's zip)
 * @param resolved the tarball URL the lockfile installs from, when it records one
 * @param line the 1-based line of the entry in the lockfile (for SARIF), 0 when unknown
 */
public record LockedPackage(String name, String version, Optional<String> integrity, Optional<String> resolved,
    int line) {
  public LockedPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(integrity, "integrity");
    Objects.requireNonNull(resolved, "resolved");
  }

  /** {@code name@version}. */
  public String spec() {
    return name + "@" + version;
  }
}
