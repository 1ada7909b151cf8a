package dev.hekate.core.lockfile;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a lockfile may name as an npm registry package: a name the registry accepts and an exact
 * semver version. Names go into registry URLs later, so they are checked strictly for shape
 * (npm's legacy rules: old names such as {@code JSONStream} keep their capitals) and loosely for
 * everything the registry once allowed.
 */
final class NpmSpecs {

  // The characters encodeURIComponent leaves alone, npm's legacy "URL-friendly" rule.
  private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9\\-_.!~*'()]+");

  private static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  private static final List<String> GIT_PREFIXES =
      List.of("git+", "git:", "git@", "ssh:", "github:", "gitlab:", "bitbucket:", "gist:");

  private NpmSpecs() {}

  /** Whether a spec or URL names a git repository (git URLs and hosted-git shortcuts). */
  static boolean isGit(String spec) {
    return GIT_PREFIXES.stream().anyMatch(spec::startsWith);
  }

  /**
   * What kind of non-registry source a spec or version names by its protocol (git, {@code file:},
   * {@code link:}, {@code portal:}, {@code workspace:}, a tarball URL), or empty when it names none
   * of them.
   */
  static Optional<String> nonRegistryKind(String spec) {
    if (isGit(spec)) {
      return Optional.of("git dependency");
    }
    if (spec.startsWith("file:")) {
      return Optional.of("local file: dependency");
    }
    if (spec.startsWith("link:")) {
      return Optional.of("link: dependency");
    }
    if (spec.startsWith("portal:")) {
      return Optional.of("portal: dependency");
    }
    if (spec.startsWith("workspace:")) {
      return Optional.of("workspace package");
    }
    if (spec.startsWith("http://") || spec.startsWith("https://")) {
      return Optional.of("remote tarball URL");
    }
    return Optional.empty();
  }

  /**
   * Refuses a registry package entry whose name the registry cannot hold. Such a name is not a
   * dependency of another kind to list as not checkable: it is a lockfile that names, for an npm
   * package, something that would become another request path ({@code ../x}) — the lockfile is
   * refused, with the line.
   */
  static void requireValidName(String name, int line) throws LockfileException {
    if (!validName(name)) {
      throw new LockfileException("line " + line + ": \"" + Texts.bounded(name)
          + "\" is not a valid npm package name");
    }
  }

  /** Whether the registry can hold a package of this name: optional {@code @scope/}, URL-safe, at most 214 long. */
  static boolean validName(String name) {
    if (name.isEmpty() || name.length() > LockfileLimits.MAX_NAME_LENGTH) {
      return false;
    }
    String bare = name;
    if (name.startsWith("@")) {
      int slash = name.indexOf('/');
      if (slash < 0 || !validPart(name.substring(1, slash))) {
        return false;
      }
      bare = name.substring(slash + 1);
    }
    return validPart(bare) && !bare.startsWith(".") && !bare.startsWith("_");
  }

  private static boolean validPart(String part) {
    return !part.isEmpty() && !part.contains("..") && NAME_PART.matcher(part).matches();
  }

  /** Whether the text is one exact semver 2.0 version (no range, no leading {@code v}). */
  static boolean semver(String version) {
    return version.length() <= LockfileLimits.MAX_VERSION_LENGTH && SEMVER.matcher(version).matches();
  }

  /**
   * Splits {@code name@rest} at the {@code @} after the name ({@code @scope/name@rest} keeps its
   * leading {@code @}); the rest is empty when there is no such {@code @}.
   */
  static NameAt splitAt(String text) {
    int at = text.indexOf('@', text.startsWith("@") ? 1 : 0);
    return at < 0 ? new NameAt(text, "") : new NameAt(text.substring(0, at), text.substring(at + 1));
  }

  /** {@code name@rest} split in two. */
  record NameAt(String name, String rest) {}
}
