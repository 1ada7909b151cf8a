package dev.hekate.core.sweep;

import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.NpmAttack;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A loopback registry with one package of each kind a sweep must tell apart, and the service that
 * verifies them with the fake Sigstore's trust.
 */
final class SweepFixture implements AutoCloseable {
  static final FakeSigstore SIGSTORE = FakeSigstore.create();
  /** Every fixture version lies in it: the regression attack publishes 60 and 30 days before the clock. */
  static final SweepWindow WINDOW = new SweepWindow(SIGSTORE.now().minus(Duration.ofDays(365)),
      SIGSTORE.now().plus(Duration.ofDays(1)));

  static final String HONEST = "honest-a";
  static final String INTEGRITY = "victim-int";
  static final String REGRESSED = "victim-reg";
  static final String NEVER_HAD = "never-had";
  static final String GONE = "gone";
  static final String DOWN = "down-pkg";

  static final List<String> ALL = List.of(HONEST, INTEGRITY, REGRESSED, NEVER_HAD, GONE, DOWN);

  final FakeRegistry registry = FakeRegistry.start();
  final RegistryClient client;
  final NpmService service;

  SweepFixture() throws Exception {
    GeneratedNpm.publishVerified(registry, SIGSTORE, HONEST, "1.0.0", BundleGeneration.V03_DSSE);
    NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, SIGSTORE, INTEGRITY);
    NpmAttack.LATER_VERSION_WITHOUT_PROVENANCE.publish(registry, SIGSTORE, REGRESSED);
    NpmAttack.NO_ATTESTATIONS.publish(registry, SIGSTORE, NEVER_HAD);
    GeneratedNpm.publishVerified(registry, SIGSTORE, DOWN, "1.0.0", BundleGeneration.V03_DSSE);
    registry.setStatus(DOWN, 503);
    // Retries without waiting: the registry client's own tests cover its backoff.
    client = RegistryClient.create(RegistryConfig.defaults().withBaseUrl(registry.baseUrl()).withSleeper(d -> {}));
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    service = new NpmService(client, verifier, Optional.empty(), false);
  }

  static Watchlist watchlist(List<String> names) {
    try {
      return Watchlist.ofNames(names, "test");
    } catch (WatchlistException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    registry.close();
  }
}
