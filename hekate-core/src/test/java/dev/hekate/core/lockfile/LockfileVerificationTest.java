package dev.hekate.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
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
import dev.hekate.testdata.registry.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lockfile engine against a loopback registry serving packages the fake Sigstore minted. */
class LockfileVerificationTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  /** Records what it is given and fails nothing: the engine's own behaviour is under test. */
  private static final LockfileVerification.Judge RECORD =
      (locked, verdict, notFound) -> new LockfileResult(locked, verdict, notFound, List.of(), notFound.isPresent());

  private FakeRegistry registry;
  private RegistryClient client;
  private NpmService service;
  private LockfileVerification engine;

  @BeforeEach
  void start() throws Exception {
    registry = FakeRegistry.start();
    client = RegistryClient.create(RegistryConfig.defaults().withBaseUrl(registry.baseUrl())
        .withSleeper(d -> {}));
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    service = new NpmService(client, verifier, Optional.empty(), false);
    engine = new LockfileVerification(client, service, 4);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private LockedPackage locked(String name, String version, int line) {
    String integrity = registry.version(name, version).flatMap(v -> v.integrity()).orElse("");
    return new LockedPackage(name, version, integrity.isEmpty() ? Optional.empty() : Optional.of(integrity),
        Optional.of(registry.tarballUrl(name, version)), line);
  }

  private long packumentRequests(String name) {
    String path = "/" + name.replace("/", "%2f");
    return registry.requests().stream().map(RecordedRequest::path).filter(p -> p.equalsIgnoreCase(path)).count();
  }

  @Test
  void eachVersionOnceAndEachPackumentOnce() {
    java.time.Instant now = SIGSTORE.now();
    GeneratedNpm.publishVerified(registry, SIGSTORE, "multi", "1.0.0", BundleGeneration.V03_DSSE, now.minus(Duration.ofDays(9)));
    GeneratedNpm.publishVerified(registry, SIGSTORE, "multi", "1.1.0", BundleGeneration.V03_DSSE, now);
    GeneratedNpm.publishVerified(registry, SIGSTORE, "@scope/single", "2.0.0", BundleGeneration.V03_DSSE);
    List<LockedPackage> packages = List.of(locked("multi", "1.1.0", 3), locked("@scope/single", "2.0.0", 9),
        locked("multi", "1.0.0", 12), locked("multi", "1.1.0", 20));
    List<int[]> progress = new ArrayList<>();

    List<LockfileResult> results = engine.verify(packages, RECORD, (r, done, planned) -> progress.add(new int[] {done, planned}));

    assertEquals(List.of("@scope/single@2.0.0", "multi@1.0.0", "multi@1.1.0"),
        results.stream().map(r -> r.locked().spec()).toList());
    for (LockfileResult result : results) {
      assertEquals(Status.VERIFIED, result.verdict().orElseThrow().status(), result.toString());
      assertEquals(List.of(), result.verdict().get().findings().stream()
          .filter(f -> f.type().wireName().startsWith("lockfile_")).toList());
    }
    // The first entry of a version stands for its copies.
    assertEquals(3, results.get(2).locked().line());
    assertEquals(1, packumentRequests("multi"), registry.requests().toString());
    assertEquals(1, packumentRequests("@scope/single"), registry.requests().toString());
    assertEquals(List.of(1, 2, 3), progress.stream().map(p -> p[0]).toList());
    assertTrue(progress.stream().allMatch(p -> p[1] == 3));
  }

  @Test
  void aLockfilePinningAnotherTarballKeepsTheVerdictAndAddsTheFinding() {
    GeneratedNpm.publishVerified(registry, SIGSTORE, "pinned", "1.0.0", BundleGeneration.V03_DSSE);
    String other = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);
    LockedPackage tampered = new LockedPackage("pinned", "1.0.0", Optional.of(other),
        Optional.of(registry.tarballUrl("pinned", "1.0.0")), 5);

    Verdict verdict = engine.verify(List.of(tampered), RECORD, (r, d, p) -> {}).get(0).verdict().orElseThrow();

    assertEquals(Status.VERIFIED, verdict.status(), "the registry's version itself verifies");
    assertEquals(List.of(FindingType.LOCKFILE_INTEGRITY_MISMATCH),
        verdict.findings().stream().map(f -> f.type()).filter(t -> t.wireName().startsWith("lockfile_")).toList());
  }

  @Test
  void anAttackedVersionFailsAsVerifyNpmWould() {
    NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, SIGSTORE, "victim");
    LockedPackage victim = locked("victim", registry.versions("victim").get(0).version(), 1);
    Verdict verdict = engine.verify(List.of(victim), RECORD, (r, d, p) -> {}).get(0).verdict().orElseThrow();
    assertEquals(Status.FAILED, verdict.status(), verdict.toString());
  }

  @Test
  void absentPackagesAndVersionsAreNotFoundAndAnUnreadableRegistryIsAnError() {
    GeneratedNpm.publishVerified(registry, SIGSTORE, "here", "1.0.0", BundleGeneration.V03_DSSE);
    GeneratedNpm.publishVerified(registry, SIGSTORE, "down", "1.0.0", BundleGeneration.V03_DSSE);
    registry.setStatus("down", 503);
    List<LockedPackage> packages = List.of(new LockedPackage("nowhere", "1.0.0", Optional.empty(), Optional.empty(), 1),
        new LockedPackage("here", "9.9.9", Optional.empty(), Optional.empty(), 2), locked("down", "1.0.0", 3));

    List<LockfileResult> results = engine.verify(packages, RECORD, (r, d, p) -> {});

    assertEquals(Status.ERROR, results.get(0).verdict().orElseThrow().status(), "503 is could-not-look, never FAILED");
    assertTrue(results.get(1).notFound().orElseThrow().contains("no version 9.9.9 of here"));
    assertTrue(results.get(2).notFound().orElseThrow().contains("no package nowhere"));
  }

  @Test
  void concurrencyIsBounded() {
    assertThrows(IllegalArgumentException.class, () -> new LockfileVerification(client, service, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new LockfileVerification(client, service, LockfileVerification.MAX_CONCURRENCY + 1));
  }
}
