package dev.hekate.core.lockfile;

import java.util.Objects;

/**
 * A verdict that does not meet what the lockfile policy asks of its package.
 *
 * @param rule the rule broken, a stable wire name: {@code policy_tier} (the version's trust tier is
 *     below the tier required for its pattern) or {@code policy_source} (the provenance's source
 *     repository is not one the pattern expects)
 * @param message for people: the pattern, what it requires, what the version has
 */
public record PolicyViolation(String rule, String message) {
  public PolicyViolation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }
}
