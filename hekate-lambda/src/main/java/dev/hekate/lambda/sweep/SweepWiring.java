package dev.hekate.lambda.sweep;

import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.sweep.SweepEngine;
import dev.hekate.core.sweep.SweepOptions;
import dev.hekate.lambda.DatadogWiring;
import dev.hekate.lambda.Settings;
import dev.hekate.lambda.TrustMaterial;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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

  /** Datadog when configured ({@link DatadogWiring#forSweep}), else a publisher that sends nothing. */
  public static MetricsPublisher publisher(Map<String, String> env, PrintStream logOut) {
    return DatadogWiring.forSweep(env, logOut);
  }
}
