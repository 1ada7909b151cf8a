package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.RealData;
import dev.hekate.testdata.registry.ClosingFront;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.RealNpmCase;
import dev.hekate.testdata.registry.RealNpmCases;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate sweep --concurrency 8} of every real npm case (and the minted packages of every
 * kind a sweep tells apart) gives the same verdicts through a registry that closes every
 * connection as an HTTP/1.0 server does ({@link ClosingFront}) as through the keep-alive registry
 * itself: a connection closed behind the client's back is never an ERROR.
 */
class SweepCommandClosingRegistryTest {
  @TempDir
  Path dir;

  /** What a verdict says, and nothing of how long it took or how its errors are worded. */
  private record Said(String status, boolean regression, List<String> findings) {}

  @Test
  void aRegistryClosingEveryConnectionGivesTheVerdictsOfAKeepAliveOne() throws Exception {
    RealData.require();
    try (FakeRegistry registry = FakeRegistry.start(); ClosingFront front = ClosingFront.start(registry.baseUrl())) {
      Set<String> names = new LinkedHashSet<>();
      Set<String> published = new LinkedHashSet<>();
      for (RealNpmCase c : RealNpmCases.allCases()) {
        // Several cases are renderings of one version: the registry serves the first of each.
        if (published.add(c.packageName() + "@" + c.version())) {
          registry.publish(c);
          names.add(c.packageName());
        }
      }
      SweepFixtures.publishMinted(registry);
      names.addAll(SweepFixtures.MINTED);
      Path watchlist = SweepFixtures.watchlist(dir, new ArrayList<>(names));

      Map<String, Said> keptAlive = verdicts(sweep(registry.baseUrl(), registry, watchlist));
      Map<String, Said> closed = verdicts(sweep(front.baseUrl(), registry, watchlist));

      assertEquals(keptAlive, closed, () -> differences(keptAlive, closed));
      // The comparison means something: every status a sweep gives is there, and the front was used.
      Set<String> statuses = new LinkedHashSet<>();
      keptAlive.values().forEach(said -> statuses.add(said.status()));
      assertEquals(Set.of("VERIFIED", "FAILED", "MISSING", "ERROR"), statuses, keptAlive::toString);
      assertTrue(keptAlive.values().stream().anyMatch(Said::regression), keptAlive::toString);
      assertTrue(front.connections() >= keptAlive.size(), "connections: " + front.connections());
    }
  }

  /** The versions whose verdicts differ, each with both: what a failure message needs. */
  private static String differences(Map<String, Said> expected, Map<String, Said> actual) {
    Set<String> versions = new TreeSet<>(expected.keySet());
    versions.addAll(actual.keySet());
    StringBuilder text = new StringBuilder("verdicts through the closing front differ:");
    for (String version : versions) {
      if (!Objects.equals(expected.get(version), actual.get(version))) {
        text.append("\n  ").append(version).append(": keep-alive ").append(expected.get(version))
            .append(", closing ").append(actual.get(version));
      }
    }
    return text.toString();
  }

  private CliRun sweep(URI registryUrl, FakeRegistry registry, Path watchlist) throws Exception {
    List<String> args = SweepFixtures.args(registry, watchlist, dir);
    args.set(args.indexOf("--registry") + 1, registryUrl.toString());
    args.addAll(List.of("--concurrency", "8", "--json"));
    return SweepFixtures.sweep(Map.of(), false, args);
  }

  private static Map<String, Said> verdicts(CliRun run) throws Exception {
    Map<String, Said> verdicts = new TreeMap<>();
    for (JsonNode v : run.jsonLines()) {
      if (v.has("status")) {
        List<String> findings = StreamSupport.stream(v.path("findings").spliterator(), false)
            .map(f -> f.path("type").asText()).sorted().toList();
        verdicts.put(v.path("package").asText() + "@" + v.path("version").asText(),
            new Said(v.path("status").asText(), v.path("regression").asBoolean(), findings));
      }
    }
    assertTrue(verdicts.size() > 10, run.toString());
    return verdicts;
  }
}
