package dev.hekate.datadog;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Supplies a Datadog API or application key when a request needs it. Injected so that the key can
 * come from the environment ({@code DD_API_KEY}), from a secret store on Lambda (read on first
 * use), or from a test.
 */
@FunctionalInterface
public interface KeySource {

  /**
   * @return the key, or empty when none is configured (requests then carry no key: a proxy set
   *     with {@code HEKATE_DATADOG_URL} may add it)
   * @throws KeyUnavailableException when a configured key cannot be read now
   */
  Optional<String> key() throws KeyUnavailableException;

  /** No key. */
  static KeySource none() {
    return Optional::empty;
  }

  /** A fixed key. */
  static KeySource of(String key) {
    Objects.requireNonNull(key, "key");
    Optional<String> value = Optional.of(key.strip()).filter(k -> !k.isEmpty());
    return () -> value;
  }

  /** The value of the variable {@code name}, blank meaning none. */
  static KeySource environment(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null ? none() : of(value);
  }
}
