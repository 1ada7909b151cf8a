package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.json.Json;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.VersionKey;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate serve --store}: the API keeps what it decides, and a registry answering differently
 * for a version it has already answered for is a {@code registry_answer_changed} finding in the
 * verdict it serves (over loopback HTTP, the real SQLite store).
 */
class ServeCommandStoreTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private static JsonNode get(Serve serve, String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + serve.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response::body);
    return Json.mapper().readTree(response.body());
  }

  private static List<String> changedParts(JsonNode verdict) {
    List<String> parts = new ArrayList<>();
    verdict.path("findings").forEach(f -> {
      if (f.path("type").asText().equals("registry_answer_changed")) {
        parts.add(f.path("message").asText().substring(0, f.path("message").asText().indexOf(':')));
      }
    });
    return parts;
  }

  @Test
  void aChangedAnswerIsAFindingInTheServedVerdictAndKeptInTheStore() throws Exception {
    Path root = dir.resolve("trusted_root.json");
    Path keys = dir.resolve("npm_keys.json");
    Files.write(root, SIGSTORE.trustedRootJson());
    Files.write(keys, SIGSTORE.npmKeysJson());
    Path file = dir.resolve("verdicts.db");
    String name = "served-drift";
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedPackage first = GeneratedNpm.publishVerified(registry, SIGSTORE, name, "1.0.0",
          BundleGeneration.V03_DSSE);
      try (Serve serve = Serve.start("--registry", registry.baseUrl().toString(), "--no-github", "--cache-size", "0",
          "--trusted-root", root.toString(), "--npm-keys", keys.toString(), "--store", file.toString())) {
        assertTrue(serve.printed().contains(file.toString()), serve::printed);
        JsonNode before = get(serve, "/v1/npm/" + name + "@1.0.0");
        assertEquals("VERIFIED", before.path("status").asText(), before::toString);
        assertEquals(List.of(), changedParts(before));

        GeneratedPackage resigned = GeneratedNpm.generate(SIGSTORE, name, "1.0.0", BundleGeneration.V03_DSSE,
            SIGSTORE.now().plus(Duration.ofMinutes(5)));
        registry.publish(resigned.packageVersion().publishedAt(first.publishedAt()).build());
        JsonNode after = get(serve, "/v1/npm/" + name + "@1.0.0");
        assertEquals(List.of("attestations"), changedParts(after), after::toString);

        // The history the same server keeps: the version, and the change with both digests.
        JsonNode history = get(serve, "/v1/npm/" + name + "/history");
        JsonNode version = history.path("versions").get(0);
        assertEquals("1.0.0", version.path("version").asText(), history::toString);
        assertEquals("VERIFIED", version.path("status").asText(), history::toString);
        assertEquals("registry_answer_changed", version.at("/driftFindings/0/type").asText(), version::toString);
        JsonNode change = version.path("answerChanges").get(0);
        assertEquals("attestations", change.path("part").asText(), version::toString);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first.attestations())),
            change.path("before").asText());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(resigned.attestations())),
            change.path("after").asText());
        assertTrue(after.at("/links/history").asText().endsWith("/history"), after::toString);
      }
      try (SqliteVerdictStore store = SqliteVerdictStore.open(file)) {
        VersionKey key = new VersionKey(registry.baseUrl().toString(), name, "1.0.0");
        assertEquals(List.of(RegistryAnswer.Part.ATTESTATIONS),
            store.changes(key).stream().map(c -> c.difference().part()).toList());
      }
    }
  }
}
