package dev.hekate.testdata.registry;

import dev.hekate.testdata.FakeSigstore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Many generated packages in a {@link FakeRegistry}, for measuring a sweep (scripts/bench-sweep).
 *
 * <p>Package {@code i} of {@code n} is named {@code bench-NNNN} ({@code @bench/pkg-NNNN} for every
 * tenth, from the fifth), minted by {@link GeneratedNpm} in generation {@code i % 3}: even ones
 * with two versions ({@code 1.0.0} thirty days before the sigstore's clock, {@code 1.1.0} at it),
 * odd ones with one. Three in every hundred are attacked instead: {@link
 * NpmAttack#REGISTRY_INTEGRITY_DIFFERS} (FAILED), {@link NpmAttack#LATER_VERSION_WITHOUT_PROVENANCE}
 * (three versions, the last MISSING with a regression) and {@link NpmAttack#NO_ATTESTATIONS}
 * (MISSING). The same {@code n} always gives the same packages.
 *
 * <p>{@code main} runs it standalone: {@code [--packages N] [--latency-ms MS] [--out DIR]
 * [--lifetime-seconds S] [--connections keep-alive|close]}. It publishes, writes
 * {@code watchlist.txt}, a {@code package-lock.json} pinning every version ({@link LockfileWriter}), {@code trusted_root.json} and {@code npm_keys.json} to the output
 * directory, sets the latency, prints {@code packages}, {@code versions} and finally
 * {@code url <base URL>} on stdout, and serves until killed or until its lifetime (default 30
 * minutes) is over — it never outlives a forgotten benchmark. With {@code --connections close} the
 * URL is a {@link ClosingFront}'s, which answers each request HTTP/1.0 style and closes the
 * connection.
 */
public final class SweepFixtureServer {
  private SweepFixtureServer() {}

  /** What was published. */
  public record Fixture(List<String> names, int versions) {
    public Fixture {
      names = List.copyOf(names);
    }
  }

  /** The name of package {@code i}. */
  public static String name(int i) {
    return i % 10 == 5 ? String.format("@bench/pkg-%04d", i) : String.format("bench-%04d", i);
  }

  /** Publishes {@code packages} packages as described in the class comment. */
  public static Fixture publish(FakeRegistry registry, FakeSigstore sigstore, int packages) {
    Objects.requireNonNull(registry, "registry");
    if (packages < 1) {
      throw new IllegalArgumentException("packages must be positive");
    }
    Instant now = sigstore.now();
    List<String> names = new ArrayList<>(packages);
    int versions = 0;
    for (int i = 0; i < packages; i++) {
      String name = name(i);
      names.add(name);
      BundleGeneration generation = BundleGeneration.values()[i % BundleGeneration.values().length];
      switch (i % 100) {
        case 7 -> {
          NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, sigstore, name, generation);
          versions += 1;
        }
        case 37 -> {
          NpmAttack.LATER_VERSION_WITHOUT_PROVENANCE.publish(registry, sigstore, name, generation);
          versions += 3;
        }
        case 67 -> {
          NpmAttack.NO_ATTESTATIONS.publish(registry, sigstore, name, generation);
          versions += 1;
        }
        default -> {
          if (i % 2 == 0) {
            GeneratedNpm.publishVerified(registry, sigstore, name, "1.0.0", generation, now.minus(Duration.ofDays(30)));
            GeneratedNpm.publishVerified(registry, sigstore, name, "1.1.0", generation, now);
            versions += 2;
          } else {
            GeneratedNpm.publishVerified(registry, sigstore, name, "1.0.0", generation, now);
            versions += 1;
          }
        }
      }
    }
    return new Fixture(names, versions);
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    int packages = 1000;
    long latencyMillis = 50;
    Path out = Path.of(".");
    long lifetimeSeconds = 1800;
    boolean closing = false;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--packages" -> packages = Integer.parseInt(value);
        case "--latency-ms" -> latencyMillis = Long.parseLong(value);
        case "--out" -> out = Path.of(value);
        case "--lifetime-seconds" -> lifetimeSeconds = Long.parseLong(value);
        case "--connections" -> closing = switch (value) {
          case "close" -> true;
          case "keep-alive" -> false;
          default -> throw new IllegalArgumentException("--connections is close or keep-alive, not " + value);
        };
        default -> {
          System.err.println("usage: SweepFixtureServer [--packages N] [--latency-ms MS] [--out DIR] [--lifetime-seconds S]"
              + " [--connections keep-alive|close]");
          System.exit(2);
        }
      }
      i++;
    }
    FakeSigstore sigstore = FakeSigstore.create();
    FakeRegistry registry = FakeRegistry.start();
    long start = System.nanoTime();
    Fixture fixture = publish(registry, sigstore, packages);
    Files.createDirectories(out);
    Files.writeString(out.resolve("watchlist.txt"), "# " + packages + " packages generated by SweepFixtureServer\n"
        + String.join("\n", fixture.names()) + "\n", StandardCharsets.UTF_8);
    Files.writeString(out.resolve("package-lock.json"), LockfileWriter.packageLock(registry, fixture.names()),
        StandardCharsets.UTF_8);
    Files.write(out.resolve("trusted_root.json"), sigstore.trustedRootJson());
    Files.write(out.resolve("npm_keys.json"), sigstore.npmKeysJson());
    registry.setLatency(Duration.ofMillis(latencyMillis));
    System.out.println("packages " + fixture.names().size());
    System.out.println("versions " + fixture.versions());
    System.out.println("minted_ms " + (System.nanoTime() - start) / 1_000_000);
    System.out.println("since " + sigstore.now().minus(Duration.ofDays(90)));
    ClosingFront front = closing ? ClosingFront.start(registry.baseUrl()) : null;
    System.out.println("url " + (front == null ? registry.baseUrl() : front.baseUrl()));
    System.out.flush();
    Thread.sleep(Duration.ofSeconds(lifetimeSeconds));
    if (front != null) {
      front.close();
    }
    registry.close();
  }
}
