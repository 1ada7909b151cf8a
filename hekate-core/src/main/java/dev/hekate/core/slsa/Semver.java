package dev.hekate.core.slsa;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic versions as slsa-verifier reads them (Go's {@code golang.org/x/mod/semver}): a leading
 * {@code v}, then {@code MAJOR}, {@code MAJOR.MINOR} or {@code MAJOR.MINOR.PATCH}; only the full
 * form may carry a {@code -prerelease} and a {@code +build}. Numbers have no leading zeros.
 */
final class Semver {
  private static final String NUMBER = "(0|[1-9][0-9]*)";
  private static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
  private static final String BUILD_ID = "[0-9A-Za-z-]+";
  private static final Pattern FULL = Pattern.compile("v" + NUMBER + "\\." + NUMBER + "\\." + NUMBER
      + "(-" + PRE_ID + "(?:\\." + PRE_ID + ")*)?(\\+" + BUILD_ID + "(?:\\." + BUILD_ID + ")*)?");
  private static final Pattern SHORT = Pattern.compile("v" + NUMBER + "(?:\\." + NUMBER + ")?");

  private Semver() {}

  static boolean isValid(String version) {
    return FULL.matcher(version).matches() || SHORT.matcher(version).matches();
  }

  /** {@code vMAJOR.MINOR.PATCH[-prerelease]} (build dropped, short forms padded with zeros), if valid. */
  static Optional<String> canonical(String version) {
    Matcher full = FULL.matcher(version);
    if (full.matches()) {
      return Optional.of("v" + full.group(1) + "." + full.group(2) + "." + full.group(3)
          + (full.group(4) == null ? "" : full.group(4)));
    }
    Matcher shortForm = SHORT.matcher(version);
    if (shortForm.matches()) {
      return Optional.of("v" + shortForm.group(1) + "." + (shortForm.group(2) == null ? "0" : shortForm.group(2)) + ".0");
    }
    return Optional.empty();
  }

  /** {@code vMAJOR} of a valid version. */
  static String major(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  /** The {@code -prerelease} part of a valid version, or empty. */
  static String prerelease(String version) {
    Matcher full = FULL.matcher(version);
    return full.matches() && full.group(4) != null ? full.group(4) : "";
  }

  /** The {@code +build} part of a valid version, or empty. */
  static String build(String version) {
    Matcher full = FULL.matcher(version);
    return full.matches() && full.group(5) != null ? full.group(5) : "";
  }
}
