package dev.hekate.core.registry;

import dev.hekate.core.json.Limits;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An npm package name with an optional exact version: {@code name}, {@code name@1.2.3},
 * {@code @scope/name}, {@code @scope/name@1.2.3}. No version means the {@code latest} dist-tag.
 *
 * <p>The name follows npm's rules for existing packages (validate-npm-package-name's
 * {@code validForOldPackages}, so {@code JSONStream} is accepted) with two additions: at most
 * {@value Limits#MAX_PACKAGE_NAME_LENGTH} characters and no {@code ..} anywhere. Every character
 * of a valid name is URL-safe, so a name can never steer a request to another path. The version
 * must be an exact semver 2.0.0 version; ranges and dist-tags are rejected. Parsing does no I/O.
 *
 * @param name the package name, valid by the rules above
 * @param version the exact version, or empty for {@code latest}
 */
public record PackageSpec(String name, Optional<String> version) {

  // encodeURIComponent leaves exactly these characters alone.
  private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9\\-_.!~*'()]+");

  // semver.org's recommended expression, with ASCII digit classes.
  private static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
          + "(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
          + "(?:\\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  // node-semver refuses numbers JavaScript cannot hold exactly.
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  /** Validates both parts; prefer {@link #parse}, which reports problems as a checked exception. */
  public PackageSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    try {
      checkName(name);
      if (version.isPresent()) {
        checkVersion(version.get());
      }
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * Parses {@code name}, {@code name@version}, {@code @scope/name} or {@code @scope/name@version}.
   *
   * @throws InvalidSpecException if the name breaks npm's rules or the version is not an exact
   *     semver version
   */
  public static PackageSpec parse(String spec) throws InvalidSpecException {
    Objects.requireNonNull(spec, "spec");
    if (spec.isEmpty()) {
      throw new InvalidSpecException("package spec is empty");
    }
    if (spec.length() > Limits.MAX_PACKAGE_NAME_LENGTH + 1 + Limits.MAX_VERSION_LENGTH) {
      throw new InvalidSpecException("package spec is " + spec.length() + " characters, too long");
    }
    // The version separator is the first '@' after the one that may open a scope.
    int at = spec.indexOf('@', 1);
    if (at < 0) {
      checkName(spec);
      return new PackageSpec(spec, Optional.empty());
    }
    String name = spec.substring(0, at);
    String version = spec.substring(at + 1);
    checkName(name);
    if (version.isEmpty()) {
      throw new InvalidSpecException("package spec " + quote(spec) + " has an empty version");
    }
    checkVersion(version);
    return new PackageSpec(name, Optional.of(version));
  }

  /** A spec for {@code name} at exactly {@code version}. */
  public static PackageSpec of(String name, String version) throws InvalidSpecException {
    checkName(Objects.requireNonNull(name, "name"));
    checkVersion(Objects.requireNonNull(version, "version"));
    return new PackageSpec(name, Optional.of(version));
  }

  /** Whether {@code name} is a valid package name by the rules of this class. */
  // One validator per part of a spec: the rules differ.
  public static boolean isValidName(String name) {
    try {
      checkName(Objects.requireNonNull(name, "name"));
      return true;
    } catch (InvalidSpecException e) {
      return false;
    }
  }

  /** Whether {@code version} is an exact semver 2.0.0 version. */
  // One validator per part of a spec: the rules differ.
  public static boolean isValidVersion(String version) {
    try {
      checkVersion(Objects.requireNonNull(version, "version"));
      return true;
    } catch (InvalidSpecException e) {
      return false;
    }
  }

  /** The name as one URL path segment: {@code @scope%2fname} for a scoped name, else the name. */
  public String encodedName() {
    return encodeName(name);
  }

  /** Whether the name has an {@code @scope/} prefix. */
  public boolean isScoped() {
    return name.startsWith("@");
  }

  /** The same name at {@code version}. */
  public PackageSpec withVersion(String version) throws InvalidSpecException {
    return of(name, version);
  }

  @Override
  public String toString() {
    return version.map(v -> name + "@" + v).orElse(name);
  }

  static String encodeName(String validName) {
    // A valid name's only character that is not URL-safe is the scope separator.
    return validName.replace("/", "%2f");
  }

  private static void checkName(String name) throws InvalidSpecException {
    if (name.isEmpty()) {
      throw new InvalidSpecException("package name is empty");
    }
    if (name.length() > Limits.MAX_PACKAGE_NAME_LENGTH) {
      throw new InvalidSpecException("package name is " + name.length() + " characters, over the limit of "
          + Limits.MAX_PACKAGE_NAME_LENGTH);
    }
    if (name.startsWith(".") || name.startsWith("_")) {
      throw new InvalidSpecException("package name " + quote(name) + " starts with '.' or '_'");
    }
    if (!name.strip().equals(name)) {
      throw new InvalidSpecException("package name " + quote(name) + " has leading or trailing whitespace");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("node_modules") || lower.equals("favicon.ico")) {
      throw new InvalidSpecException("package name " + quote(name) + " is reserved");
    }
    if (name.contains("..")) {
      throw new InvalidSpecException("package name " + quote(name) + " contains '..'");
    }
    if (URL_SAFE.matcher(name).matches()) {
      return;
    }
    if (name.startsWith("@")) {
      int slash = name.indexOf('/');
      if (slash > 1 && slash < name.length() - 1) {
        String scope = name.substring(1, slash);
        String bare = name.substring(slash + 1);
        if (bare.startsWith(".") || scope.equals(".")) {
          throw new InvalidSpecException("package name " + quote(name) + " has a scope or name starting with '.'");
        }
        if (URL_SAFE.matcher(scope).matches() && URL_SAFE.matcher(bare).matches()) {
          return;
        }
      }
    }
    throw new InvalidSpecException("package name " + quote(name)
        + " may contain only URL-safe characters (A-Z a-z 0-9 - _ . ! ~ * ' ( )) and one @scope/ prefix");
  }

  private static void checkVersion(String version) throws InvalidSpecException {
    if (version.length() > Limits.MAX_VERSION_LENGTH) {
      throw new InvalidSpecException("version is " + version.length() + " characters, over the limit of "
          + Limits.MAX_VERSION_LENGTH);
    }
    var matcher = SEMVER.matcher(version);
    if (!matcher.matches()) {
      throw new InvalidSpecException("version " + quote(version)
          + " is not an exact semver version (ranges and dist-tags are not accepted)");
    }
    for (int group = 1; group <= 3; group++) {
      String digits = matcher.group(group);
      if (digits.length() > 16 || Long.parseLong(digits) > MAX_SAFE_INTEGER) {
        throw new InvalidSpecException("version " + quote(version) + " has a number over 2^53-1");
      }
    }
  }

  /** Quotes untrusted text for a message: printable ASCII kept, the rest escaped, long text cut. */
  static String quote(String text) {
    int max = 80;
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < text.length() && i < max; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    if (text.length() > max) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
