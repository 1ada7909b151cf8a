package dev.hekate.core.npm;

import java.util.Objects;
import java.util.Optional;

/**
 * Something a person should look at, with the values that disagree. Findings do not by
 * themselves fail a verdict (the checks decide that); monitors alert on them.
 */
public record Finding(FindingType type, String message, Optional<String> expected, Optional<String> actual) {

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
  }

  public static Finding of(FindingType type, String message) {
    return new Finding(type, message, Optional.empty(), Optional.empty());
  }

  public static Finding of(FindingType type, String message, String expected, String actual) {
    return new Finding(type, message, Optional.of(expected), Optional.of(actual));
  }
}
