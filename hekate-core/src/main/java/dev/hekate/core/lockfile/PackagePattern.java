package dev.hekate.core.lockfile;

import dev.hekate.core.json.Limits;
import dev.hekate.core.registry.PackageSpec;
import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which package names a lockfile policy entry applies to: {@code *} (every name), an exact name
 * ({@code left-pad}, {@code @myorg/cli}), or a literal prefix followed by one {@code *}
 * ({@code @myorg/*}, {@code eslint-plugin-*}, {@code @types/node-*}). The only wildcard is
 * {@code *}, only at the end; outside the lone {@code *} it never crosses the {@code /} of a scope,
 * so a scoped prefix names its whole scope ({@code @my*} is refused: write {@code @myorg/*}).
 *
 * <p>Where several patterns match a name, the most specific wins ({@link #MOST_SPECIFIC_FIRST}):
 * an exact name before any wildcard, then the longer literal prefix, then {@code *}. Two different
 * patterns never tie: a wildcard pair with equal prefix lengths cannot both match one name.
 *
 * @param text the pattern as written
 */
public record PackagePattern(String text) {
  /** An npm name's characters (URL-safe, as {@code PackageSpec} allows), with an optional scope. */
  private static final Pattern NAME = Pattern.compile("(@[A-Za-z0-9\\-_.!~'()]+/)?[A-Za-z0-9\\-_.!~'()]+");
  private static final Pattern PREFIX = Pattern.compile("(@[A-Za-z0-9\\-_.!~'()]+/)?[A-Za-z0-9\\-_.!~'()]*");

  /** Exact names first, then wildcards by longer literal prefix. */
  public static final Comparator<PackagePattern> MOST_SPECIFIC_FIRST =
      Comparator.comparing((PackagePattern p) -> p.isWildcard())
          .thenComparing(Comparator.comparingInt((PackagePattern p) -> p.prefix().length()).reversed())
          .thenComparing(PackagePattern::text);

  public PackagePattern {
    Objects.requireNonNull(text, "text");
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static PackagePattern parse(String text) {
    return new PackagePattern(text);
  }

  private static String problem(String text) {
    if (text.isEmpty()) {
      return "a package pattern is empty";
    }
    if (text.length() > Limits.MAX_PACKAGE_NAME_LENGTH) {
      return "package pattern is longer than " + Limits.MAX_PACKAGE_NAME_LENGTH + " characters";
    }
    if (text.equals("*")) {
      return null;
    }
    int star = text.indexOf('*');
    if (star < 0) {
      return NAME.matcher(text).matches() && PackageSpec.isValidName(text) ? null
          : "package pattern \"" + text + "\" is not a package name, @scope/*, prefix* or *";
    }
    if (star != text.length() - 1) {
      return "package pattern \"" + text + "\" has a * that is not its last character (the only wildcard is a trailing *)";
    }
    String prefix = text.substring(0, star);
    if (prefix.startsWith("@") && !prefix.contains("/")) {
      return "package pattern \"" + text + "\" does not name its scope whole: write @scope/* or @scope/prefix*";
    }
    return PREFIX.matcher(prefix).matches() && !prefix.contains("..") && !prefix.startsWith(".") && !prefix.startsWith("_")
        ? null
        : "package pattern \"" + text + "\" is not a package name, @scope/*, prefix* or *";
  }

  /** Whether the pattern ends with {@code *}. */
  public boolean isWildcard() {
    return text.endsWith("*");
  }

  /** The literal part: the whole name, or what comes before the {@code *}. */
  public String prefix() {
    return isWildcard() ? text.substring(0, text.length() - 1) : text;
  }

  /** Whether {@code name} is one of the names this pattern applies to. */
  public boolean matches(String name) {
    if (text.equals("*")) {
      return true;
    }
    if (!isWildcard()) {
      return text.equals(name);
    }
    String prefix = prefix();
    return name.startsWith(prefix) && name.length() > prefix.length()
        && name.indexOf('/', prefix.length()) < 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
