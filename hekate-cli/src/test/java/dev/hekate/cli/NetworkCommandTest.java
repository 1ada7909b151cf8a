package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code hekate serve} deployments on loopback, each with its own key: A honest; B reading a
 * registry that serves tampered attestations; C honest but signing with a key peers.json does not
 * pin. {@code hekate network verify --threshold 2} must name B and C, answer VERIFIED only while two
 * honest, pinned peers agree, and not when one remains.
 */
class NetworkCommandTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String SPEC = "net-pkg@1.0.0";

  @TempDir
  Path dir;

  private Path trust(String file, byte[] bytes) throws Exception {
    Path path = dir.resolve(file);
    Files.write(path, bytes);
    return path;
  }

  private Path key(String name, LocalKeySigner signer) throws Exception {
    Path file = dir.resolve(name + ".pem");
    Files.writeString(file, signer.privateKeyPem());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private Serve serve(FakeRegistry registry, String id, LocalKeySigner signer) throws Exception {
    return Serve.start("--registry", registry.baseUrl().toString(), "--no-github", "--no-store",
        "--trusted-root", trust("root.json", SIGSTORE.trustedRootJson()).toString(),
        "--npm-keys", trust("keys.json", SIGSTORE.npmKeysJson()).toString(),
        "--signing-key", key(id.replaceAll("[^a-z]", ""), signer).toString(), "--verifier-id", id);
  }

  /** A peers file pinning {@code keys.get(i)} for the i-th peer. */
  private Path peers(String name, List<Serve> serves, List<String> ids, List<LocalKeySigner> keys) throws Exception {
    ObjectNode root = Json.newObject();
    ArrayNode list = root.putArray("peers");
    for (int i = 0; i < serves.size(); i++) {
      ObjectNode peer = list.addObject();
      peer.put("id", ids.get(i));
      peer.put("url", "http://127.0.0.1:" + serves.get(i).port() + "/");
      peer.putArray("keys").addObject().put("publicKeyPem", keys.get(i).publicKeyPem());
    }
    Path file = dir.resolve(name);
    Files.writeString(file, Json.write(root));
    return file;
  }

  private static JsonNode network(Path peers, FakeRegistry registry, int expectedExit, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("network", "verify", "--peers", peers.toString(), "--threshold", "2",
        "--registry", registry.baseUrl().toString(), "--deadline", "10", "--json"));
    args.addAll(List.of(more));
    args.add(SPEC);
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(expectedExit, run.exit(), run::toString);
    return run.jsonLines().get(0);
  }

  private static Map<String, String> dissent(JsonNode answer) {
    Map<String, String> reasons = new HashMap<>();
    answer.path("dissent").forEach(d -> reasons.put(d.path("peer").asText(), d.path("reason").asText()));
    return reasons;
  }

  @Test
  void twoHonestPinnedPeersMakeItVerifiedAndEveryDissenterIsNamed() throws Exception {
    LocalKeySigner a = LocalKeySigner.generate();
    LocalKeySigner b = LocalKeySigner.generate();
    LocalKeySigner c = LocalKeySigner.generate();
    LocalKeySigner notC = LocalKeySigner.generate();
    List<String> ids = List.of("https://a.hekate.test/", "https://b.hekate.test/", "https://c.hekate.test/");
    try (FakeRegistry honest = FakeRegistry.start(); FakeRegistry tampered = FakeRegistry.start()) {
      GeneratedPackage pkg = GeneratedNpm.publishVerified(honest, SIGSTORE, "net-pkg", "1.0.0",
          BundleGeneration.V03_DSSE);
      // The same version with another version's attestations: signed, logged, about another tarball.
      byte[] others = GeneratedNpm.generate(SIGSTORE, "net-pkg", "9.9.9", BundleGeneration.V03_DSSE).attestations();
      tampered.publish(pkg.packageVersion().attestations(others).build());
      try (Serve peerA = serve(honest, ids.get(0), a); Serve peerB = serve(tampered, ids.get(1), b)) {
        Serve peerC = serve(honest, ids.get(2), c);
        try {
          List<Serve> serves = List.of(peerA, peerB, peerC);
          JsonNode unpinned = network(peers("unpinned.json", serves, ids, List.of(a, b, notC)), honest, 3);
          assertEquals("ERROR", unpinned.path("status").asText(), unpinned::toString);
          Map<String, String> reasons = dissent(unpinned);
          assertEquals("unknown_key", reasons.get(ids.get(2)), unpinned::toString);
          assertEquals("other_result", reasons.get(ids.get(1)),
              "the peer reading the tampered registry dissents (it says FAILED): " + unpinned);
          assertTrue(!reasons.containsKey(ids.get(0)), unpinned::toString);
          assertEquals(ids.get(0), unpinned.at("/agreeing/0").asText(), unpinned::toString);
          assertEquals(1, unpinned.path("agreeing").size(), unpinned::toString);

          Path pinned = peers("pinned.json", serves, ids, List.of(a, b, c));
          JsonNode agreed = network(pinned, honest, 0);
          assertEquals("VERIFIED", agreed.path("status").asText(), agreed::toString);
          List<String> agreeing = new ArrayList<>();
          agreed.path("agreeing").forEach(p -> agreeing.add(p.asText()));
          assertEquals(List.of(ids.get(0), ids.get(2)), agreeing);
          assertEquals(List.of(ids.get(1)), new ArrayList<>(dissent(agreed).keySet()), agreed::toString);

          // npm CLI provenance from a hosted runner is build L2: asking for L3 leaves no quorum.
          JsonNode l3 = network(pinned, honest, 3, "--require-level", "SLSA_BUILD_LEVEL_3");
          assertEquals("level_missing", dissent(l3).get(ids.get(0)), l3::toString);
          assertEquals("level_missing", dissent(l3).get(ids.get(2)), l3::toString);

          peerC.close();
          JsonNode alone = network(pinned, honest, 3);
          assertEquals("ERROR", alone.path("status").asText(), "one honest peer is not two: " + alone);
          assertEquals("unreachable", dissent(alone).get(ids.get(2)), alone::toString);
        } finally {
          peerC.close();
        }
      }
    }
  }

  @Test
  void aPeerThatNeverAnswersDelaysNobodyAndIsNamedUnreachable() throws Exception {
    LocalKeySigner a = LocalKeySigner.generate();
    LocalKeySigner c = LocalKeySigner.generate();
    List<String> ids = List.of("https://silent.hekate.test/", "https://a.hekate.test/", "https://c.hekate.test/");
    try (FakeRegistry honest = FakeRegistry.start();
        java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      GeneratedNpm.publishVerified(honest, SIGSTORE, "net-pkg", "1.0.0", BundleGeneration.V03_DSSE);
      // Accepts connections (the backlog does) and never answers a byte.
      try (Serve peerA = serve(honest, ids.get(1), a); Serve peerC = serve(honest, ids.get(2), c)) {
        ObjectNode root = Json.newObject();
        ArrayNode list = root.putArray("peers");
        ObjectNode mute = list.addObject();
        mute.put("id", ids.get(0));
        mute.put("url", "http://127.0.0.1:" + silent.getLocalPort() + "/");
        mute.putArray("keys").addObject().put("publicKeyPem", LocalKeySigner.generate().publicKeyPem());
        for (int i = 1; i < 3; i++) {
          ObjectNode peer = list.addObject();
          peer.put("id", ids.get(i));
          peer.put("url", "http://127.0.0.1:" + (i == 1 ? peerA : peerC).port() + "/");
          peer.putArray("keys").addObject().put("publicKeyPem", (i == 1 ? a : c).publicKeyPem());
        }
        Path file = dir.resolve("silent.json");
        Files.writeString(file, Json.write(root));
        long start = System.nanoTime();
        CliRun run = CliRun.of("network", "verify", "--peers", file.toString(), "--threshold", "2", "--registry",
            honest.baseUrl().toString(), "--deadline", "3", "--json", SPEC);
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(0, run.exit(), run::toString);
        JsonNode answer = run.jsonLines().get(0);
        assertEquals("VERIFIED", answer.path("status").asText(), answer::toString);
        assertEquals("unreachable", dissent(answer).get(ids.get(0)), answer::toString);
        assertTrue(seconds < 10, "bounded by the deadline, not by the silent peer: " + seconds + " s");
      }
    }
  }

  @Test
  void aPeersFileThatPinsNothingUsableIsAUsageError() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"peers\":[{\"id\":\"https://x/\",\"url\":\"http://127.0.0.1:1/\","
        + "\"keys\":[{\"publicKeyPem\":\"not a key\"}]}]}");
    CliRun run = CliRun.of("network", "verify", "--peers", dir.resolve("bad.json").toString(), SPEC);
    assertEquals(2, run.exit(), run::toString);
    assertTrue(run.err().contains("P-256"), run::toString);
    CliRun noVersion = CliRun.of("network", "verify", "--peers", dir.resolve("bad.json").toString(), "net-pkg");
    assertEquals(2, noVersion.exit(), noVersion::toString);
  }
}
