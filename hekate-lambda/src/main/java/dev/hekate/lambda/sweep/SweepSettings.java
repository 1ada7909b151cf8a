package dev.hekate.lambda.sweep;

import dev.hekate.core.config.Environment;
import dev.hekate.core.json.Limits;
import dev.hekate.core.sweep.SweepOptions;
import dev.hekate.core.sweep.SweepWindow;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the sweep runs on AWS, from environment variables (set by template.yaml).
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>default</th><th>read by</th></tr>
 *   <tr><td>{@code HEKATE_SWEEP_QUEUE_URL}</td><td>required</td><td>planner</td></tr>
 *   <tr><td>{@code HEKATE_SWEEP_LOOKBACK_MINUTES}</td><td>60 (match the schedule)</td><td>planner</td></tr>
 *   <tr><td>{@code HEKATE_SWEEP_PACKAGES_PER_MESSAGE}</td><td>25</td><td>planner</td></tr>
 *   <tr><td>{@code HEKATE_SWEEP_CONCURRENCY}</td><td>8</td><td>worker</td></tr>
 *   <tr><td>{@code HEKATE_WATCHLIST}, {@code HEKATE_WATCHLIST_FILE}</td><td>the embedded list</td><td>planner</td></tr>
 *   <tr><td>{@code HEKATE_WATCHLIST_S3_URI}</td><td>none</td><td>planner</td></tr>
 * </table>
 * Datadog's variables are read by {@link dev.hekate.lambda.DatadogWiring}.
 */
public record SweepSettings(Optional<String> queueUrl, Duration lookback, int packagesPerMessage, int concurrency) {
  public static final String QUEUE_URL = "HEKATE_SWEEP_QUEUE_URL";
  public static final String LOOKBACK_MINUTES = "HEKATE_SWEEP_LOOKBACK_MINUTES";
  public static final String PACKAGES_PER_MESSAGE = "HEKATE_SWEEP_PACKAGES_PER_MESSAGE";
  public static final String CONCURRENCY = "HEKATE_SWEEP_CONCURRENCY";
  public static final int DEFAULT_PACKAGES_PER_MESSAGE = 25;

  public SweepSettings {
    queueUrl = queueUrl.filter(u -> !u.isBlank());
    if (lookback.isNegative() || lookback.isZero()) {
      throw new IllegalArgumentException(LOOKBACK_MINUTES + " must be positive");
    }
    if (packagesPerMessage < 1 || packagesPerMessage > Limits.MAX_SWEEP_MESSAGE_PACKAGES) {
      throw new IllegalArgumentException(PACKAGES_PER_MESSAGE + " must be 1.." + Limits.MAX_SWEEP_MESSAGE_PACKAGES);
    }
    if (concurrency < 1 || concurrency > SweepOptions.MAX_CONCURRENCY) {
      throw new IllegalArgumentException(CONCURRENCY + " must be 1.." + SweepOptions.MAX_CONCURRENCY);
    }
  }

  /**
   * @throws IllegalArgumentException naming the variable whose value cannot be used
   */
  public static SweepSettings fromEnvironment(Map<String, String> env) {
    return new SweepSettings(
        Environment.value(env, QUEUE_URL),
        Duration.ofMinutes(integer(env, LOOKBACK_MINUTES, SweepWindow.DEFAULT_LOOKBACK.toMinutes())),
        (int) integer(env, PACKAGES_PER_MESSAGE, DEFAULT_PACKAGES_PER_MESSAGE),
        (int) integer(env, CONCURRENCY, SweepOptions.DEFAULT_CONCURRENCY));
  }


  private static long integer(Map<String, String> env, String name, long fallback) {
    Optional<String> text = Environment.value(env, name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(text.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number");
    }
  }
}
