package dev.hekate.lambda;

import dev.hekate.core.config.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How much the API gives one request, and how many answers it remembers: from environment variables
 * on Lambda, from flags in {@code hekate serve}.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@value #DEADLINE}</td><td>{@code 25}: seconds a request may take before it answers
 *       ERROR (504, {@code Retry-After}) and its work is cancelled; 1 to {@value #MAX_DEADLINE_SECONDS},
 *       below API Gateway's limit</td></tr>
 *   <tr><td>{@value #VERDICT_CACHE_SIZE}</td><td>{@code 1000}: verdicts kept in memory, 0 to turn the
 *       cache off, at most {@value #MAX_VERDICT_CACHE_SIZE}</td></tr>
 * </table>
 *
 * @param deadline the time a request may take, from when the handler receives it
 * @param verdictCacheSize the most verdicts the process keeps ({@link HekateRuntime}); 0 keeps none
 */
public record ApiLimits(Duration deadline, int verdictCacheSize) {
  public static final String DEADLINE = "HEKATE_REQUEST_DEADLINE_SECONDS";
  public static final String VERDICT_CACHE_SIZE = "HEKATE_VERDICT_CACHE_SIZE";
  /** API Gateway gives up on an integration after 30 s (29 s with the function's own timeout): stay under it. */
  public static final int MAX_DEADLINE_SECONDS = 28;
  public static final int DEFAULT_DEADLINE_SECONDS = 25;
  public static final int MAX_VERDICT_CACHE_SIZE = 100_000;
  public static final int DEFAULT_VERDICT_CACHE_SIZE = 1_000;
  /**
   * Largest request body taken ({@code POST /v1/slsa/verify}, {@code POST /v1/in-toto/verify}), in
   * bytes, after any base64 of API Gateway's is undone: room for a provenance of {@link
   * dev.hekate.core.json.Limits#MAX_BUNDLE_BYTES} as base64 and the rest of the request, or for a
   * layout and its links. Over it: {@code body_too_large} (413).
   */
  public static final int MAX_REQUEST_BODY_BYTES = 2 << 20;
  /** Most artifacts one {@code POST /v1/slsa/verify} names; more: {@code too_many_artifacts}. */
  public static final int MAX_ARTIFACTS = 64;
  /** Longest {@code resourceUri} one {@code POST /v1/slsa/verify} gives a signed summary; longer: {@code invalid_request}. */
  public static final int MAX_RESOURCE_URI_CHARS = 2048;
  /**
   * Most layout keys one {@code POST /v1/in-toto/verify} gives; more: {@code too_many_keys}. A
   * layout is signed by its project owners, a handful of keys.
   */
  public static final int MAX_LAYOUT_KEYS = 16;
  /**
   * Most links one {@code POST /v1/in-toto/verify} gives; more: {@code too_many_links}. A link is
   * one or two kilobytes, so the body's limit allows about this many of a typical size.
   */
  public static final int MAX_LINKS = 1_000;
  /** Most final-product artifacts one {@code POST /v1/in-toto/verify} names; more: {@code too_many_artifacts}. */
  public static final int MAX_LAYOUT_ARTIFACTS = 10_000;
  /** Longest artifact path, in characters; longer: {@code invalid_artifact_path}. */
  public static final int MAX_ARTIFACT_PATH_LENGTH = 1_024;

  public ApiLimits {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofSeconds(MAX_DEADLINE_SECONDS)) > 0) {
      throw new IllegalArgumentException("the request deadline must be more than 0 and at most "
          + MAX_DEADLINE_SECONDS + " seconds");
    }
    if (verdictCacheSize < 0 || verdictCacheSize > MAX_VERDICT_CACHE_SIZE) {
      throw new IllegalArgumentException("the verdict cache size must be 0.." + MAX_VERDICT_CACHE_SIZE);
    }
  }

  public static ApiLimits defaults() {
    return new ApiLimits(Duration.ofSeconds(DEFAULT_DEADLINE_SECONDS), DEFAULT_VERDICT_CACHE_SIZE);
  }

  /**
   * Reads the variables above; unset or blank ones take their default.
   *
   * @throws IllegalArgumentException naming the variable, when one holds a value that cannot be used
   */
  public static ApiLimits fromEnvironment(Map<String, String> env) {
    ApiLimits d = defaults();
    int seconds = integer(env, DEADLINE, 1, MAX_DEADLINE_SECONDS).orElse((int) d.deadline().toSeconds());
    int size = integer(env, VERDICT_CACHE_SIZE, 0, MAX_VERDICT_CACHE_SIZE).orElse(d.verdictCacheSize());
    return new ApiLimits(Duration.ofSeconds(seconds), size);
  }

  public ApiLimits withDeadline(Duration deadline) {
    return new ApiLimits(deadline, verdictCacheSize);
  }

  public ApiLimits withVerdictCacheSize(int size) {
    return new ApiLimits(deadline, size);
  }

  private static Optional<Integer> integer(Map<String, String> env, String name, int min, int max) {
    Optional<String> value = Environment.value(env, name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String text = value.get();
    if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
      throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }
    return Optional.of(Integer.parseInt(text));
  }
}
