package dev.hekate.core.config;

import java.util.Map;
import java.util.Optional;

/** Reading settings from environment variables, one rule for every module: blank counts as unset. */
public final class Environment {
  private Environment() {}

  /** The variable's value, surrounding whitespace stripped; empty when unset or blank. */
  public static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
