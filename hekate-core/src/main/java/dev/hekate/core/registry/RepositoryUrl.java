package dev.hekate.core.registry;

/**
 * A packument's {@code repository.url}, in the forms npm accepts, as the https URL it names. The
 * value is unsigned registry data of up to megabytes: every step is linear in its length (no
 * backtracking regular expression on it).
 */
public final class RepositoryUrl {
  private RepositoryUrl() {}

  /** {@code git+https://github.com/o/r.git}, {@code git@github.com:o/r}, {@code github:o/r}, {@code o/r} → {@code https://github.com/o/r}. */
  public static String normalise(String url) {
    String normalised = url.trim();
    if (normalised.startsWith("git+")) {
      normalised = normalised.substring(4);
    }
    if (normalised.startsWith("git://")) {
      normalised = "https://" + normalised.substring(6);
    }
    if (normalised.startsWith("ssh://git@")) {
      normalised = "https://" + normalised.substring("ssh://git@".length());
    }
    if (normalised.startsWith("git@github.com:")) {
      normalised = "https://github.com/" + normalised.substring("git@github.com:".length());
    }
    if (normalised.startsWith("github:")) {
      normalised = "https://github.com/" + normalised.substring("github:".length());
    } else if (normalised.matches("[A-Za-z0-9-]+/[A-Za-z0-9._-]+")) {
      normalised = "https://github.com/" + normalised;
    }
    if (normalised.endsWith(".git")) {
      normalised = normalised.substring(0, normalised.length() - 4);
    }
    return withoutTrailingSlashes(normalised);
  }

  /** {@code s} without the slashes it ends with, in one backward scan (a {@code /+$} regex is quadratic on a run of slashes). */
  public static String withoutTrailingSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }
}
