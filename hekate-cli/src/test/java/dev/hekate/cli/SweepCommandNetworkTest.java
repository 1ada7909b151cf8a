package dev.hekate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.hekate.core.json.Json;
import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate sweep --peers}: three {@code hekate serve} deployments on loopback, A and C reading
 * the honest registry, B a registry serving another version's attestations (so B's summary says
 * FAILED). The sweep, run in-process against the honest registry with a Datadog stub, must post
 * one {@code hekate.network.agreement} point (VERIFIED: A and C agree), one
 * {@code hekate.network.dissent} point naming B with {@code other_result}, and one warning event
 * naming B inside its code block, while its own verdict and exit status stay what they were.
 */
class SweepCommandNetworkTest {
  private static final String SERIES = "/api/v2/series";
  private static final String EVENTS = "/api/v1/events";
  private static final String NAME = "net-sweep";
  private static final List<String> IDS = List.of("https://a.hekate.test/", "https://b.hekate.test/",
      "https://c.hekate.test/");

  @RegisterExtension
  static final WireMockExtension datadog = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @TempDir
  Path dir;

  private Serve serve(FakeRegistry registry, String id, LocalKeySigner signer, List<Path> trust) throws Exception {
    Path key = dir.resolve(id.replaceAll("[^a-z]", "") + ".pem");
    Files.writeString(key, signer.privateKeyPem());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return Serve.start("--registry", registry.baseUrl().toString(), "--no-github", "--no-store",
        "--trusted-root", trust.get(0).toString(), "--npm-keys", trust.get(1).toString(),
        "--signing-key", key.toString(), "--verifier-id", id);
  }

  private Path peersFile(List<Serve> serves, List<LocalKeySigner> keys) throws Exception {
    ObjectNode root = Json.newObject();
    ArrayNode list = root.putArray("peers");
    for (int i = 0; i < serves.size(); i++) {
      ObjectNode peer = list.addObject();
      peer.put("id", IDS.get(i));
      peer.put("url", "http://127.0.0.1:" + serves.get(i).port() + "/");
      peer.putArray("keys").addObject().put("publicKeyPem", keys.get(i).publicKeyPem());
    }
    Path file = dir.resolve("peers.json");
    Files.writeString(file, Json.write(root));
    return file;
  }

  /** The {@code hekate.network.*} series Datadog received: "name [tags]" to summed value. */
  private static Map<String, Double> networkSeries() throws Exception {
    Map<String, Double> out = new TreeMap<>();
    for (ServeEvent e : datadog.getAllServeEvents()) {
      if (e.getRequest().getUrl().equals(SERIES)) {
        for (JsonNode s : Json.mapper().readTree(e.getRequest().getBodyAsString()).path("series")) {
          String metric = s.path("metric").asText();
          if (metric.startsWith("hekate.network.")) {
            TreeSet<String> tags = new TreeSet<>();
            s.path("tags").forEach(t -> tags.add(t.asText()));
            assertEquals(1, s.path("type").asInt(), "a count: " + s);
            out.merge(metric + " " + tags, s.at("/points/0/value").asDouble(), Double::sum);
          }
        }
      }
    }
    return out;
  }

  private static List<JsonNode> events() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (ServeEvent e : datadog.getAllServeEvents()) {
      if (e.getRequest().getUrl().equals(EVENTS)) {
        out.add(Json.mapper().readTree(e.getRequest().getBodyAsString()));
      }
    }
    return out;
  }

  @Test
  void aDissentingPeerReachesDatadogAsSeriesAndAnEventWhileTheVerdictStands() throws Exception {
    datadog.stubFor(post(SERIES).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"errors\":[]}")));
    datadog.stubFor(post(EVENTS).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"status\":\"ok\",\"event\":{\"id\":1}}")));
    List<Path> trust = SweepFixtures.trust(dir);
    List<LocalKeySigner> keys = List.of(LocalKeySigner.generate(), LocalKeySigner.generate(),
        LocalKeySigner.generate());
    try (FakeRegistry honest = FakeRegistry.start(); FakeRegistry tampered = FakeRegistry.start()) {
      GeneratedPackage pkg = GeneratedNpm.publishVerified(honest, SweepFixtures.SIGSTORE, NAME, "1.0.0",
          BundleGeneration.V03_DSSE);
      byte[] others = GeneratedNpm.generate(SweepFixtures.SIGSTORE, NAME, "9.9.9", BundleGeneration.V03_DSSE)
          .attestations();
      tampered.publish(pkg.packageVersion().attestations(others).build());
      try (Serve a = serve(honest, IDS.get(0), keys.get(0), trust);
          Serve b = serve(tampered, IDS.get(1), keys.get(1), trust);
          Serve c = serve(honest, IDS.get(2), keys.get(2), trust)) {
        List<String> args = SweepFixtures.args(honest, SweepFixtures.watchlist(dir, List.of(NAME)), dir);
        args.addAll(List.of("--no-store", "--json", "--peers", peersFile(List.of(a, b, c), keys).toString(),
            "--peer-threshold", "2"));
        CliRun run = SweepFixtures.sweep(Map.of("HEKATE_DATADOG_URL", datadog.baseUrl(), "DD_API_KEY", "test-key"),
            false, args);

        assertEquals(0, run.exit(), "a dissenting peer does not change the exit status: " + run);
        List<JsonNode> verdicts = run.jsonLines().stream().filter(n -> n.has("status")).toList();
        assertEquals(1, verdicts.size(), run::toString);
        assertEquals("VERIFIED", verdicts.get(0).path("status").asText(), run::toString);
        assertTrue(run.err().contains("network asked about 1 version, 1 VERIFIED; 1 dissent"), run::toString);

        assertEquals(Map.of(
            "hekate.network.agreement [ecosystem:npm, package:net-sweep, status:verified]", 1.0,
            "hekate.network.dissent [ecosystem:npm, package:net-sweep, peer:https://b.hekate.test/,"
                + " reason:other_result]", 1.0),
            networkSeries(), run::toString);

        List<JsonNode> all = events();
        List<JsonNode> dissent = all.stream()
            .filter(e -> e.path("title").asText().equals("Hekate: verifiers disagree on net-sweep@1.0.0")).toList();
        assertEquals(1, dissent.size(), all::toString);
        JsonNode event = dissent.get(0);
        assertEquals("warning", event.path("alert_type").asText(), event::toString);
        List<String> tags = new ArrayList<>();
        event.path("tags").forEach(t -> tags.add(t.asText()));
        assertTrue(tags.containsAll(List.of("source:hekate", "hekate_event:network_dissent", "package:net-sweep",
            "version:1.0.0")), tags::toString);
        // B alone, with its reason, on one line of the code block; A and C agree, so are not listed.
        String text = event.path("text").asText();
        assertTrue(text.contains("\n```\nhttps://b.hekate.test/  other_result: FAILED\n```\n"), text);
        assertTrue(!text.contains("a.hekate.test") && !text.contains("c.hekate.test"), text);
      }
    }
  }

  @Test
  void peerThresholdWithoutPeersIsAUsageError() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      List<String> args = SweepFixtures.args(registry, SweepFixtures.watchlist(dir, List.of(NAME)), dir);
      args.addAll(List.of("--no-store", "--peer-threshold", "2"));
      CliRun run = SweepFixtures.sweep(Map.of(), false, args);
      assertEquals(2, run.exit(), run::toString);
      assertTrue(run.err().contains("--peer-threshold needs --peers"), run::toString);
    }
  }
}
