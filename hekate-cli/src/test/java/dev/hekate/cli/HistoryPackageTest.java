package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.json.Json;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.PackageHistory;
import dev.hekate.core.store.PackageHistory.Row;
import dev.hekate.core.store.PackageHistoryJson;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.VersionKey;
import dev.hekate.core.store.VersionKey.PackageKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PackageHistory#load} on the SQLite store: order, bounds, evidence, findings, changes, damaged records. */
class HistoryPackageTest {
  private static final PackageKey PKG = new PackageKey(HistoryFixture.REGISTRY, HistoryFixture.NAME);

  @TempDir
  Path dir;

  @Test
  void rowsAreNewestFirstByPublishTime_withEvidenceFindingsAndChanges() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      PackageHistory history = PackageHistory.load(store, PKG, PackageHistory.DEFAULT_LIMIT);

      assertEquals(List.of("1.3.0", "1.2.0", "1.1.0", "1.0.0", "0.9.0"),
          history.versions().stream().map(Row::version).toList());
      assertEquals(0, history.omitted());

      Row changed = row(history, "1.1.0");
      assertEquals(1, changed.changes().size());
      assertEquals(RegistryAnswer.Part.INTEGRITY, changed.changes().get(0).difference().part());
      assertEquals("sha512-first", changed.changes().get(0).difference().before());
      assertEquals("sha512-second", changed.changes().get(0).difference().after());
      assertEquals(List.of("registry_answer_changed"), changed.driftFindings().stream().map(f -> f.type()).toList());
      assertTrue(changed.answerChanged());
      assertEquals("https://github.com/acme/widget/actions/runs/222", changed.evidence().runUrl());
      assertEquals(2002, changed.evidence().logEntries().get(0).logIndex());
      assertEquals(Instant.parse("2026-02-05T10:00:00Z"), changed.publishedAt().orElseThrow());

      Row regression = row(history, "1.2.0");
      assertTrue(regression.regression());
      assertEquals(Optional.of("none"), regression.tier());
      assertEquals(List.of("provenance_regression", "trust_downgrade"),
          regression.driftFindings().stream().map(f -> f.type()).toList());
      assertFalse(regression.answerChanged());

      Row plain = row(history, "1.0.0");
      assertTrue(plain.findings().isEmpty());
      assertTrue(plain.changes().isEmpty());
      assertEquals("https://github.com/acme/widget", plain.evidence().sourceRepository());
    }
  }

  @Test
  void aStoredVerdictThatIsNotJson_givesARowSayingSo() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      Row damaged = row(PackageHistory.load(store, PKG, 10), "0.9.0");

      assertTrue(damaged.problem().orElseThrow().startsWith("the stored verdict cannot be read"), damaged.problem().get());
      assertEquals("VERIFIED", damaged.status());
      assertTrue(damaged.findings().isEmpty());
      assertEquals(PackageHistory.Evidence.NONE, damaged.evidence());
    }
  }

  @Test
  void aVerdictWithFieldsOfTheWrongKind_isAProblemRow_notAnException() throws Exception {
    try (SqliteVerdictStore store = SqliteVerdictStore.open(dir.resolve("v.db"))) {
      Instant at = Instant.parse("2026-01-01T00:00:00Z");
      RegistryAnswer answer = new RegistryAnswer(Optional.empty(), "sha512-x", Optional.of(at), "");
      store.record(new VersionKey(PKG.registry(), PKG.name(), "1.0.0"), new Check(at, "FAILED", Optional.empty(),
          false, "{\"findings\":[{\"type\":7}],\"evidence\":{}}", answer));
      store.record(new VersionKey(PKG.registry(), PKG.name(), "2.0.0"), new Check(at, "FAILED", Optional.empty(),
          false, "[1,2]", answer));

      PackageHistory history = PackageHistory.load(store, PKG, 10);

      assertEquals(2, history.versions().size());
      assertTrue(history.versions().stream().allMatch(r -> r.problem().isPresent()));
    }
  }

  @Test
  void atMostLimitRows_theOldestCounted() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      PackageHistory history = PackageHistory.load(store, PKG, 2);

      assertEquals(List.of("1.3.0", "1.2.0"), history.versions().stream().map(Row::version).toList());
      assertEquals(3, history.omitted());
      assertEquals(3, Json.mapper().readTree(PackageHistoryJson.toJsonLine(history)).path("omitted").asInt());
    }
  }

  @Test
  void aLimitOutOfRange_isRefused() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      assertThrows(IllegalArgumentException.class, () -> PackageHistory.load(store, PKG, 0));
      assertThrows(IllegalArgumentException.class,
          () -> PackageHistory.load(store, PKG, PackageHistory.MAX_LIMIT + 1));
      assertEquals(5, PackageHistory.load(store, PKG, PackageHistory.MAX_LIMIT).versions().size());
    }
  }

  @Test
  void versionsWithoutAPublishTimeComeLast_thenByVersionString() throws Exception {
    try (SqliteVerdictStore store = SqliteVerdictStore.open(dir.resolve("v.db"))) {
      Instant at = Instant.parse("2026-01-01T00:00:00Z");
      for (String version : List.of("1.0.0", "1.0.1", "0.1.0")) {
        Optional<Instant> published = version.equals("0.1.0") ? Optional.of(at) : Optional.empty();
        store.record(new VersionKey(PKG.registry(), PKG.name(), version), new Check(at, "MISSING",
            Optional.of("none"), false, "{}", new RegistryAnswer(Optional.empty(), "", published, "")));
      }
      assertEquals(List.of("0.1.0", "1.0.1", "1.0.0"),
          PackageHistory.load(store, PKG, 10).versions().stream().map(Row::version).toList());
    }
  }

  @Test
  void anotherRegistrysRecords_areNotPartOfTheHistory() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      PackageHistory other = PackageHistory.load(store, new PackageKey("https://mirror.example/", PKG.name()), 10);
      assertTrue(other.versions().isEmpty());
    }
  }

  @Test
  void theJsonDocument_hasEveryField() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      JsonNode doc = Json.mapper().readTree(PackageHistoryJson.toJsonLine(PackageHistory.load(store, PKG, 200)));

      assertEquals(HistoryFixture.NAME, doc.path("package").asText());
      assertEquals(HistoryFixture.REGISTRY, doc.path("registry").asText());
      JsonNode changed = doc.path("versions").get(2);
      assertEquals("1.1.0", changed.path("version").asText());
      assertEquals("2026-02-05T10:00:00Z", changed.path("publishedAt").asText());
      assertEquals("integrity", changed.path("answerChanges").get(0).path("part").asText());
      assertEquals("registry_answer_changed", changed.path("driftFindings").get(0).path("type").asText());
      assertEquals("sha512-first", changed.path("driftFindings").get(0).path("expected").asText());
      assertEquals("https://github.com/acme/widget", changed.path("evidence").path("sourceRepository").asText());
      assertEquals(2002, changed.path("evidence").path("transparencyLog").get(0).path("logIndex").asLong());
      assertTrue(doc.path("versions").get(1).path("regression").asBoolean());
      assertTrue(doc.path("versions").get(4).has("problem"));
    }
  }

  private static Row row(PackageHistory history, String version) {
    return history.versions().stream().filter(r -> r.version().equals(version)).findFirst().orElseThrow();
  }
}
