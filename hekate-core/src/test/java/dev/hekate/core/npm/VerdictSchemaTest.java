package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The wire names in code and in the published contract (docs/verdict.schema.json, docs/checks.md)
 * are the same sets: an outcome, kind, finding type or check id added in one place only fails here.
 */
class VerdictSchemaTest {
  private static final Path DOCS = Path.of("..", "docs");

  private static JsonNode schema() throws Exception {
    return Json.mapper().readTree(Files.readAllBytes(DOCS.resolve("verdict.schema.json")));
  }

  private static Set<String> enumAt(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.path("enum").forEach(v -> values.add(v.asText()));
    return new TreeSet<>(values);
  }

  @Test
  void outcomesKindsAndFindingTypesMatchTheSchema() throws Exception {
    JsonNode check = schema().at("/properties/checks/items/properties");
    assertEquals(Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
        enumAt(check.path("outcome")));
    assertEquals(Arrays.stream(FailureKind.values()).map(FailureKind::wireName).collect(Collectors.toCollection(TreeSet::new)),
        enumAt(check.path("kind")));
    assertEquals(Arrays.stream(FindingType.values()).map(FindingType::wireName).collect(Collectors.toCollection(TreeSet::new)),
        enumAt(schema().at("/properties/findings/items/properties/type")));
    assertEquals(Arrays.stream(Status.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
        enumAt(schema().at("/properties/status")));
  }

  @Test
  void everyCheckIdAndFindingTypeIsDocumented() throws Exception {
    String checks = Files.readString(DOCS.resolve("checks.md"));
    for (CheckId id : CheckId.values()) {
      assertTrue(checks.contains("`" + id.wireName() + "`"), id.wireName() + " is not in docs/checks.md");
    }
    for (FindingType type : FindingType.values()) {
      assertTrue(checks.contains("`" + type.wireName() + "`"), type.wireName() + " is not in docs/checks.md");
    }
  }
}
