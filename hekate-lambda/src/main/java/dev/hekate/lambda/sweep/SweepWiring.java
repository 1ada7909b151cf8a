package dev.hekate.lambda.sweep;

import dev.hekate.core.metrics.MetricsLog;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.PublishReport;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.sweep.SweepEngine;
import dev.hekate.core.sweep.SweepOptions;
import dev.hekate.datadog.DatadogApi;
import dev.hekate.datadog.DatadogPublisher;
import dev.hekate.datadog.DatadogSettings;
import dev.hekate.datadog.KeySource;
import dev.hekate.datadog.KeyUnavailableException;
import dev.hekate.datadog.Waiter;
import dev.hekate.lambda.Settings;
import dev.hekate.lambda.TrustMaterial;
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
 * The sweep functions' wiring, built once per container: the engine (registry client, verifier
 * with the embedded trust material) and the metrics publisher. Opens no connection and reads no
 * secret: the Datadog key in Secrets Manager is read at the first flush.
 *
 * <p>The sweep does not ask GitHub whether a workflow run happened (as {@code hekate sweep}
 * does not): a thousand packages an hour would exhaust an anonymous rate limit within minutes.
 */
public final class SweepWiring {
  private SweepWiring() {}

  /**
   * The engine over {@link Settings#registryUrl()} (HEKATE_REGISTRY_URL). Timeouts are looser than
   * the API's: no API Gateway limit here, and a retry now is cheaper than a redelivery later.
   */
  public static SweepEngine engine(Settings settings, SweepSettings sweep, TrustMaterial trust) {
    RegistryConfig config = RegistryConfig.defaults()
        .withBaseUrl(settings.registryUrl())
        .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(15), Duration.ofSeconds(30))
        .withMaxAttempts(3)
        .withBackoff(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(5));
    RegistryClient registry = RegistryClient.create(config);
    NpmService service = new NpmService(registry, new NpmVerifier(trust.trustedRoot(), trust.npmKeys()),
        Optional.empty(), settings.fetchTarball());
    return SweepEngine.create(registry, service, SweepOptions.defaults().withConcurrency(sweep.concurrency()));
  }

  /**
   * Datadog when configured ({@code DD_API_KEY}, {@code HEKATE_DATADOG_URL} or
   * {@code DD_API_KEY_SECRET_ARN}), else a publisher that sends nothing (reporting is off).
   */
  public static MetricsPublisher publisher(Map<String, String> env, SweepSettings sweep, PrintStream logOut) {
    return publisher(env, sweep, logOut, SweepWiring::secretsManager);
  }

  static MetricsPublisher publisher(Map<String, String> env, SweepSettings sweep, PrintStream logOut,
      Supplier<SecretSource> secrets) {
    boolean fromSecret = sweep.datadogKeySecretArn().isPresent() && blank(env.get(DatadogSettings.ENV_API_KEY));
    if (!DatadogSettings.configured(env) && !fromSecret) {
      return batch -> new PublishReport(0, 0, 0, 0, Optional.of("Datadog is not configured"));
    }
    KeySource key = fromSecret
        ? secretKey(sweep.datadogKeySecretArn().get(), secrets)
        : KeySource.environment(env, DatadogSettings.ENV_API_KEY);
    return new DatadogPublisher(DatadogApi.create(DatadogSettings.fromEnvironment(env), Waiter.SYSTEM), key,
        new MetricsLog(logOut, Clock.systemUTC()));
  }

  /** The key held (as a plain string) by a Secrets Manager secret, read once, at first use. */
  static KeySource secretKey(String arn, Supplier<SecretSource> secrets) {
    return new KeySource() {
      private Optional<String> key;

      @Override
      public synchronized Optional<String> key() throws KeyUnavailableException {
        if (key == null) {
          try {
            key = Optional.of(secrets.get().read(arn).strip()).filter(k -> !k.isEmpty());
          } catch (SecretUnavailableException e) {
            throw new KeyUnavailableException("the Datadog API key secret could not be read: " + e.getMessage(), e);
          }
        }
        return key;
      }
    };
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  // Not SecretsManagerSource::new: linking it loads the AWS SDK, which waits for first use.
  private static SecretSource secretsManager() {
    return new SecretsManagerSource();
  }
}
