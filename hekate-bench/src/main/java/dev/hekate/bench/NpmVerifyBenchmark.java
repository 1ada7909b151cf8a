package dev.hekate.bench;

import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.trust.EmbeddedTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Warm verification of one npm package version — both bundles (publish attestation and
 * provenance) and every correlation check — with registry I/O excluded: the attestations
 * response and version document are in memory. Real data from ../shared/realdata.
 */
public class NpmVerifyBenchmark extends RealDataBenchmark {

  /** @playwright/cli@0.1.1 (2026: v0.3 dsse provenance, rotated npm key) and gundam-visor@1.0.1 (2024: v0.2 intoto). */
  @Param({"playwright-cli-0.1.1", "gundam-visor-1.0.1"})
  public String pkg;

  /** {@code sequential}: one thread; {@code concurrent}: the two bundles on two threads. */
  @Param({"sequential", "concurrent"})
  public String mode;

  private java.util.concurrent.ExecutorService executor;

  private NpmVerifier verifier;
  private NpmVerifier.Input input;

  @Setup
  public void setUp() throws Exception {
    Path realdata = realdata();
    Path npm = realdata.resolve("npm_attestations");
    String name;
    String version;
    Path attestations;
    Path tarball;
    switch (pkg) {
      case "playwright-cli-0.1.1" -> {
        name = "@playwright/cli";
        version = "0.1.1";
        attestations = npm.resolve("sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-attestations.json");
        tarball = npm.resolve("sigstore-dotnet-playwright-cli/playwright-cli-0.1.1.tgz");
      }
      case "gundam-visor-1.0.1" -> {
        name = "gundam-visor";
        version = "1.0.1";
        attestations = npm.resolve("slsa-verifier-cli/gundam-visor-cli-v1-tag.tgz.json");
        tarball = npm.resolve("slsa-verifier-cli/gundam-visor-cli-v1-tag.tgz");
      }
      default -> throw new IllegalArgumentException(pkg);
    }
    String integrity = "sha512-" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(tarball)));
    Dist dist = new Dist(Optional.of(integrity), "", "", Optional.empty(), Optional.empty(), List.of());
    VersionDocument document = new VersionDocument(name, version, dist, Optional.empty(), Optional.empty(), Optional.empty());
    executor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "provenance");
      thread.setDaemon(true);
      return thread;
    });
    verifier = new NpmVerifier(EmbeddedTrust.publicGoodTrustedRoot(), EmbeddedTrust.npmKeys(),
        mode.equals("concurrent") ? Optional.of(executor) : Optional.empty());
    input = new NpmVerifier.Input(name, version, document, Optional.empty(), Optional.of(Files.readAllBytes(attestations)),
        Optional.empty(), false, Optional.empty(), RegistryKeys.NO_REGISTRY);
    Verdict first = verifier.verify(input);
    if (first.status() != Status.VERIFIED) {
      throw new IllegalStateException(pkg + " is " + first.status() + ": " + first.firstFailure());
    }
  }

  @org.openjdk.jmh.annotations.TearDown
  public void tearDown() {
    executor.shutdownNow();
  }

  @Benchmark
  public Verdict verify() {
    return verifier.verify(input);
  }
}
