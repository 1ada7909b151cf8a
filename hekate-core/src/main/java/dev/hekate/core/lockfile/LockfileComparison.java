package dev.hekate.core.lockfile;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.Integrity;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compares what a lockfile pins with what the registry serves for the same version. The lockfile is
 * what gets installed: a lockfile naming another tarball than the registry's is a finding even when
 * the registry's version verifies, since the verified tarball is not the one installed.
 *
 * <p>Only what both sides state is compared. An SRI token of an algorithm the registry does not
 * give (npm gives {@code dist.integrity}, sha512, and {@code dist.shasum}, sha1) is not compared; a
 * lockfile without integrity or {@code resolved} (npm's omit-lockfile-registry-resolved style, yarn
 * berry) gives no finding: npm installs such an entry from the registry by name and version, and
 * checks the registry's own integrity.
 */
public final class LockfileComparison {
  /** registry.yarnpkg.com serves npmjs's packages under the same paths. */
  private static final String NPMJS = "registry.npmjs.org";
  private static final String YARNPKG = "registry.yarnpkg.com";

  private LockfileComparison() {}

  /** The lockfile findings for one entry against the registry's {@code dist} of the same version. */
  public static List<Finding> findings(LockedPackage locked, Dist dist) {
    List<Finding> findings = new ArrayList<>(2);
    locked.integrity().flatMap(integrity -> integrityMismatch(integrity, dist)).ifPresent(findings::add);
    locked.resolved().flatMap(resolved -> resolvedMismatch(resolved, dist.tarball())).ifPresent(findings::add);
    return findings;
  }

  private static Optional<Finding> integrityMismatch(String lockfileIntegrity, Dist dist) {
    for (String token : lockfileIntegrity.trim().split("\\s+")) {
      int dash = token.indexOf('-');
      if (dash < 0) {
        continue;
      }
      String algorithm = token.substring(0, dash).toLowerCase(Locale.ROOT);
      Optional<byte[]> locked = Encoding.base64(stripOptions(token.substring(dash + 1)));
      if (locked.isEmpty()) {
        return Optional.of(mismatch("the lockfile's integrity is not a valid SRI string", dist, lockfileIntegrity));
      }
      Optional<byte[]> registry = switch (algorithm) {
        case "sha512" -> dist.integrity().flatMap(Integrity::sha512).map(Digest::value);
        case "sha1" -> hex(dist.shasum());
        default -> Optional.empty();
      };
      if (registry.isPresent() && !MessageDigest.isEqual(registry.get(), locked.get())) {
        return Optional.of(mismatch("the lockfile pins another tarball (" + algorithm
            + ") than the registry serves for this version: what gets installed is not what was verified",
            dist, lockfileIntegrity));
      }
    }
    return Optional.empty();
  }

  private static Finding mismatch(String message, Dist dist, String lockfileIntegrity) {
    String registry = dist.integrity().orElse(dist.shasum().isEmpty() ? "none" : "sha1 " + dist.shasum());
    return Finding.of(FindingType.LOCKFILE_INTEGRITY_MISMATCH, message, registry, lockfileIntegrity);
  }

  /** SRI allows {@code ?options} after the digest; they carry no meaning for npm. */
  private static String stripOptions(String value) {
    int question = value.indexOf('?');
    return question < 0 ? value : value.substring(0, question);
  }

  private static Optional<byte[]> hex(String value) {
    if (value.length() != 40) {
      return Optional.empty();
    }
    try {
      return Optional.of(HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Finding> resolvedMismatch(String resolved, String registryTarball) {
    if (registryTarball.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> lockfile = comparable(resolved);
    Optional<String> registry = comparable(registryTarball);
    if (lockfile.isPresent() && lockfile.equals(registry)) {
      return Optional.empty();
    }
    return Optional.of(Finding.of(FindingType.LOCKFILE_RESOLVED_MISMATCH,
        "the lockfile installs this version from another URL than the tarball the registry names for it",
        registryTarball, resolved));
  }

  /**
   * A tarball URL reduced to what identifies the tarball: host (registry.yarnpkg.com as
   * registry.npmjs.org; http and https alike, as npm upgrades the scheme) and decoded path, without
   * query or fragment (yarn appends {@code #sha1}).
   */
  static Optional<String> comparable(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() == null
          || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
        return Optional.empty();
      }
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      if (host.equals(YARNPKG)) {
        host = NPMJS;
      }
      int port = uri.getPort();
      return Optional.of(host + (port < 0 ? "" : ":" + port) + uri.getPath());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * The host a tarball URL names, lower case, with registry.yarnpkg.com as registry.npmjs.org; empty
   * for what is not an http(s) URL.
   */
  public static Optional<String> registryHost(String url) {
    return comparable(url).map(c -> c.substring(0, c.indexOf('/') < 0 ? c.length() : c.indexOf('/')));
  }
}
