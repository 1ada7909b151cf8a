package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VersionKey;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate verify-npm --store}: decided verdicts are kept with what the registry served, and a
 * registry that later serves a different answer for the same version — other attestations, another
 * integrity — is a {@code registry_answer_changed} finding with both digests, through a loopback
 * registry and the real SQLite store.
 */
class VerifyNpmCommandStoreTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String NAME = "answer-drift";

  @TempDir
  Path dir;

  private List<String> args(FakeRegistry registry, String... more) throws IOException {
    Path root = dir.resolve("trusted_root.json");
    Path keys = dir.resolve("npm_keys.json");
    if (!Files.exists(root)) {
      Files.write(root, SIGSTORE.trustedRootJson());
      Files.write(keys, SIGSTORE.npmKeysJson());
    }
    List<String> args = new ArrayList<>(List.of("verify-npm", "--registry", registry.baseUrl().toString(), "--json",
        "--trusted-root", root.toString(), "--npm-keys", keys.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private JsonNode verify(FakeRegistry registry, String... more) throws IOException {
    CliRun run = CliRun.of(args(registry, more).toArray(String[]::new));
    List<JsonNode> lines = run.jsonLines();
    assertEquals(1, lines.size(), run::toString);
    return lines.get(0);
  }

  private static List<JsonNode> answerChanged(JsonNode verdict) {
    List<JsonNode> found = new ArrayList<>();
    verdict.path("findings").forEach(f -> {
      if (f.path("type").asText().equals("registry_answer_changed")) {
        found.add(f);
      }
    });
    return found;
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void changedAttestationsAndThenAChangedIntegrityAreFindingsWithBothDigests() throws Exception {
    Path file = dir.resolve("verdicts.db");
    String spec = NAME + "@1.0.0";
    String registryKey;
    try (FakeRegistry registry = FakeRegistry.start()) {
      registryKey = registry.baseUrl().toString();
      GeneratedPackage first = GeneratedNpm.publishVerified(registry, SIGSTORE, NAME, "1.0.0",
          BundleGeneration.V03_DSSE);
      JsonNode one = verify(registry, "--store", file.toString(), spec);
      assertEquals("VERIFIED", one.path("status").asText(), one::toString);
      assertEquals(List.of(), answerChanged(one), "a first check has nothing to compare with");
      JsonNode again = verify(registry, "--store", file.toString(), spec);
      assertEquals(List.of(), answerChanged(again), "the same answer twice is no change");

      // The same version served with other attestations (signed a minute later), time and tarball kept.
      GeneratedPackage resigned = GeneratedNpm.generate(SIGSTORE, NAME, "1.0.0", BundleGeneration.V03_DSSE,
          SIGSTORE.now().plus(Duration.ofMinutes(1)));
      registry.publish(resigned.packageVersion().publishedAt(first.publishedAt()).build());
      JsonNode changed = verify(registry, "--store", file.toString(), spec);
      assertEquals("VERIFIED", changed.path("status").asText(), "the new answer verifies on its own: " + changed);
      List<JsonNode> findings = answerChanged(changed);
      assertEquals(1, findings.size(), changed::toString);
      assertTrue(findings.get(0).path("message").asText().startsWith("attestations:"), findings::toString);
      assertEquals(sha256(first.attestations()), findings.get(0).path("expected").asText());
      assertEquals(sha256(resigned.attestations()), findings.get(0).path("actual").asText());

      // Then another integrity: the tarball npm serves is not the one that was built.
      String otherIntegrity = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);
      registry.publish(resigned.packageVersion().publishedAt(first.publishedAt()).integrityOverride(otherIntegrity)
          .build());
      JsonNode tampered = verify(registry, "--store", file.toString(), spec);
      List<JsonNode> integrity = answerChanged(tampered).stream()
          .filter(f -> f.path("message").asText().startsWith("integrity:")).toList();
      assertEquals(1, integrity.size(), tampered::toString);
      assertEquals(first.integrity(), integrity.get(0).path("expected").asText());
      assertEquals(otherIntegrity, integrity.get(0).path("actual").asText());
    }
    try (SqliteVerdictStore store = SqliteVerdictStore.open(file)) {
      VersionKey key = new VersionKey(registryKey, NAME, "1.0.0");
      List<RegistryAnswer.Part> parts = store.changes(key).stream().map(AnswerChange::difference)
          .map(RegistryAnswer.Difference::part).toList();
      assertTrue(parts.contains(RegistryAnswer.Part.ATTESTATIONS), parts::toString);
      assertTrue(parts.contains(RegistryAnswer.Part.INTEGRITY), parts::toString);
      StoredVerdict stored = store.find(key).orElseThrow();
      assertTrue(stored.verdictJson().contains("registry_answer_changed"),
          "the kept verdict carries the findings of its check");
      assertTrue(stored.firstSeen().isBefore(stored.lastChecked()), stored::toString);
    }
  }

  @Test
  void errorsAreNotKeptAndNoStoreKeepsNothing() throws Exception {
    Path file = dir.resolve("verdicts.db");
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedNpm.publishVerified(registry, SIGSTORE, NAME, "1.0.0", BundleGeneration.V03_DSSE);
      registry.setStatus("/-/npm/v1/attestations/", 503);
      JsonNode error = verify(registry, "--store", file.toString(), NAME + "@1.0.0");
      assertEquals("ERROR", error.path("status").asText(), error::toString);
      try (SqliteVerdictStore store = SqliteVerdictStore.open(file)) {
        assertEquals(Optional.empty(), store.find(new VersionKey(registry.baseUrl().toString(), NAME, "1.0.0")),
            "an ERROR is 'we could not look': keeping it would make the version look checked");
      }
      registry.clearStatus("/-/npm/v1/attestations/");
      JsonNode verified = verify(registry, "--no-store", NAME + "@1.0.0");
      assertEquals("VERIFIED", verified.path("status").asText());
      try (SqliteVerdictStore store = SqliteVerdictStore.open(file)) {
        assertEquals(Optional.empty(), store.find(new VersionKey(registry.baseUrl().toString(), NAME, "1.0.0")),
            "--no-store keeps nothing");
      }
    }
  }

  @Test
  void storeAndNoStoreTogetherAndAnUnusableFileAreUsageErrors() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      CliRun both = CliRun.of(args(registry, "--store", dir.resolve("a.db").toString(), "--no-store", "x@1.0.0")
          .toArray(String[]::new));
      assertEquals(2, both.exit(), both::toString);
      assertTrue(both.err().contains("cannot be given together"), both::toString);
      Path notADatabase = dir.resolve("text.db");
      Files.writeString(notADatabase, "this is not a SQLite database, and it is long enough to be read as one\n"
          .repeat(20));
      CliRun bad = CliRun.of(args(registry, "--store", notADatabase.toString(), "x@1.0.0").toArray(String[]::new));
      assertEquals(2, bad.exit(), bad::toString);
      assertTrue(bad.err().contains(notADatabase.toString()), bad::toString);
      assertTrue(bad.err().contains("--no-store"), bad::toString);
      assertEquals(0, registry.requestCount(), "nothing is asked of the registry when the store cannot be opened");
    }
  }
}
