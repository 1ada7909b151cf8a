package dev.hekate.testdata.registry;

import dev.hekate.testdata.FakeSigstore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A package that hides a regressed version under a flood of later ones, the way an attacker with a
 * stolen token would try to slip it past a sweep that verifies a bounded number of versions per
 * window: {@code 1.0.0} with provenance a month before the flood, then {@code 1.0.1} without
 * provenance (the regression) at the flood's start, then {@code 1.0.2}, {@code 1.0.3}, … with
 * provenance, one a minute; the last is {@code latest}.
 */
public final class FloodAttack {
  /** The version that lost its provenance: the oldest of the flood. */
  public static final String REGRESSED = "1.0.1";
  /** The version with provenance published before the flood. */
  public static final String BEFORE = "1.0.0";

  private FloodAttack() {}

  /**
   * Publishes the flood on {@code name}.
   *
   * @param after versions published after the regressed one, each with provenance
   * @param start when the regressed version is published (the flood's window should start at or before it)
   * @return the versions of the flood, oldest first: {@link #REGRESSED} and the {@code after} that follow
   */
  public static List<String> publish(FakeRegistry registry, FakeSigstore sigstore, String name, int after,
      Instant start) {
    Objects.requireNonNull(registry, "registry");
    GeneratedNpm.publishVerified(registry, sigstore, name, BEFORE, BundleGeneration.V03_DSSE,
        start.minus(Duration.ofDays(30)));
    registry.publish(GeneratedNpm.generate(sigstore, name, REGRESSED, BundleGeneration.V03_DSSE, start)
        .packageVersion().noAttestations().build());
    List<String> flood = new ArrayList<>(after + 1);
    flood.add(REGRESSED);
    for (int i = 1; i <= after; i++) {
      String version = "1.0." + (i + 1);
      GeneratedNpm.publishVerified(registry, sigstore, name, version, BundleGeneration.V03_DSSE,
          start.plus(Duration.ofMinutes(i)));
      flood.add(version);
    }
    return List.copyOf(flood);
  }
}
