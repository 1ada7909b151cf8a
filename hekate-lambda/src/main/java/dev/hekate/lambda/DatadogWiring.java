package dev.hekate.lambda;

import dev.hekate.core.config.Environment;
import dev.hekate.core.metrics.MetricsLog;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.PublishReport;
import dev.hekate.datadog.DatadogApi;
import dev.hekate.datadog.DatadogPublisher;
import dev.hekate.datadog.DatadogSettings;
import dev.hekate.datadog.KeySource;
import dev.hekate.datadog.KeyUnavailableException;
import dev.hekate.datadog.RetryPolicy;
import dev.hekate.datadog.Waiter;
import dev.hekate.lambda.secrets.SecretSource;
import dev.hekate.lambda.secrets.SecretUnavailableException;
import dev.hekate.lambda.secrets.SecretsManagerSource;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Datadog publisher of every function, from the environment: {@code DD_API_KEY} or
 * {@value #KEY_SECRET_ARN} (a Secrets Manager secret holding the key, read at the first flush),
 * {@code DD_SITE}, {@code HEKATE_DATADOG_URL}. Without any of them, a publisher that sends
 * nothing: reporting is off. Building it opens no connection and reads no secret.
 *
 * <p>Two tunings, because the functions wait for different things. The sweep's flush ends a batch
 * nobody waits for: Datadog's defaults (5 s to connect, 15 s to read, four attempts). The API's
 * flush happens before the response is returned (a Lambda container is frozen the moment it
 * answers, so nothing can be sent afterwards): 1 s to connect, 2 s to read, two attempts 200 ms
 * apart — at most about 6 s added to a request while Datadog is unreachable, after which the
 * points are in the log.
 */
public final class DatadogWiring {
  /** A Secrets Manager secret (its ARN) holding the Datadog API key as a plain string. */
  public static final String KEY_SECRET_ARN = "DD_API_KEY_SECRET_ARN";

  private DatadogWiring() {}

  /** The sweep functions' publisher. */
  public static MetricsPublisher forSweep(Map<String, String> env, PrintStream logOut) {
    return publisher(env, logOut, DatadogWiring::secretsManager, settings -> settings);
  }

  /** The API's publisher: short timeouts and two attempts, as the request waits for it. */
  public static MetricsPublisher forApi(Map<String, String> env, PrintStream logOut) {
    return publisher(env, logOut, DatadogWiring::secretsManager, DatadogWiring::apiTuning);
  }

  /**
   * {@code hekate serve}'s publisher: the API's tuning, the key from {@code DD_API_KEY} only — the
   * command line carries no AWS SDK, so {@value #KEY_SECRET_ARN} is not read.
   */
  public static MetricsPublisher forLocalApi(Map<String, String> env, PrintStream logOut) {
    return publisher(env, logOut, Optional.empty(), DatadogWiring::apiTuning);
  }

  static DatadogSettings apiTuning(DatadogSettings settings) {
    return settings.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
        .withRetry(new RetryPolicy(2, Duration.ofMillis(200), Duration.ofMillis(500)));
  }

  /**
   * @throws IllegalArgumentException naming the variable whose value cannot be used
   */
  static MetricsPublisher publisher(Map<String, String> env, PrintStream logOut, Supplier<SecretSource> secrets,
      java.util.function.UnaryOperator<DatadogSettings> tuning) {
    return publisher(env, logOut, Optional.of(secrets), tuning);
  }

  private static MetricsPublisher publisher(Map<String, String> env, PrintStream logOut,
      Optional<Supplier<SecretSource>> secrets, java.util.function.UnaryOperator<DatadogSettings> tuning) {
    Optional<String> arn = Environment.value(env, KEY_SECRET_ARN).filter(a -> secrets.isPresent());
    boolean fromSecret = arn.isPresent() && Environment.value(env, DatadogSettings.ENV_API_KEY).isEmpty();
    if (!DatadogSettings.configured(env) && !fromSecret) {
      return batch -> new PublishReport(0, 0, 0, 0, Optional.of("Datadog is not configured"));
    }
    KeySource key = fromSecret
        ? secretKey(arn.get(), secrets.get())
        : KeySource.environment(env, DatadogSettings.ENV_API_KEY);
    return new DatadogPublisher(DatadogApi.create(tuning.apply(DatadogSettings.fromEnvironment(env)), Waiter.SYSTEM),
        key, new MetricsLog(logOut, Clock.systemUTC()));
  }

  /**
   * The key held (as a plain string) by a Secrets Manager secret, read at first use and kept; a
   * failed read is tried again at the next flush, with the same client.
   */
  static KeySource secretKey(String arn, Supplier<SecretSource> secrets) {
    return new KeySource() {
      private SecretSource source;
      private Optional<String> key;

      @Override
      public synchronized Optional<String> key() throws KeyUnavailableException {
        if (key == null) {
          try {
            if (source == null) {
              source = secrets.get();
            }
            key = Optional.of(source.read(arn).strip()).filter(k -> !k.isEmpty());
          } catch (SecretUnavailableException e) {
            throw new KeyUnavailableException("the Datadog API key secret could not be read: " + e.getMessage(), e);
          }
        }
        return key;
      }
    };
  }

  // Not SecretsManagerSource::new: linking it loads the AWS SDK, which waits for first use.
  private static SecretSource secretsManager() {
    return new SecretsManagerSource();
  }
}
