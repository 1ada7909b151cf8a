package dev.hekate.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.TrustTier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/lockfile-policy.schema.json and {@link LockfilePolicy#parse} agree: over every example, the
 * schema accepts a policy exactly when Hekate loads it, and the schema's enums are the code's.
 */
class LockfilePolicySchemaTest {
  private static final Path SCHEMA = Path.of("..", "docs", "lockfile-policy.schema.json");

  /** Policies both accept. */
  private static final Map<String, String> VALID = Map.ofEntries(
      Map.entry("empty", "{}"),
      Map.entry("schema reference", "{\"$schema\": \"../docs/lockfile-policy.schema.json\"}"),
      Map.entry("the documented example", """
          {
            "require": {"@myorg/*": "trusted_publisher", "eslint-plugin-*": "provenance", "*": "none"},
            "sources": {"@myorg/*": ["github.com/myorg/*"], "left-pad": ["github.com/left-pad/left-pad"]},
            "allowDowngrade": ["some-pkg", "@scope/other-pkg@1.2.3"],
            "failOn": {"missing": false, "notFound": true,
                       "findings": ["lockfile_integrity_mismatch", "lockfile_resolved_mismatch", "repository_mismatch"]}
          }"""),
      Map.entry("exact scoped name", "{\"require\": {\"@myorg/cli\": \"provenance\"}}"),
      Map.entry("scoped prefix", "{\"require\": {\"@types/node-*\": \"provenance\"}}"),
      Map.entry("gitlab nested group", "{\"sources\": {\"x\": [\"gitlab.com/group/sub/project\"]}}"),
      Map.entry("host with port, mixed case", "{\"sources\": {\"x\": [\"Git.Example.com:8443/Owner/Repo\"]}}"),
      Map.entry("prerelease exception", "{\"allowDowngrade\": [\"x@1.0.0-rc.1+build.5\"]}"),
      Map.entry("no failing findings", "{\"failOn\": {\"findings\": []}}"));

  /** Policies both refuse. */
  private static final Map<String, String> INVALID = Map.ofEntries(
      Map.entry("not an object", "[]"),
      Map.entry("unknown key", "{\"requires\": {}}"),
      Map.entry("unknown tier", "{\"require\": {\"*\": \"trusted\"}}"),
      Map.entry("tier in capitals", "{\"require\": {\"*\": \"PROVENANCE\"}}"),
      Map.entry("unnamed scope", "{\"require\": {\"@my*\": \"provenance\"}}"),
      Map.entry("star in the middle", "{\"require\": {\"fo*o\": \"provenance\"}}"),
      Map.entry("leading star", "{\"require\": {\"*foo\": \"provenance\"}}"),
      Map.entry("dot dot", "{\"require\": {\"a..b\": \"provenance\"}}"),
      Map.entry("leading underscore", "{\"require\": {\"_private\": \"provenance\"}}"),
      Map.entry("empty pattern", "{\"require\": {\"\": \"provenance\"}}"),
      Map.entry("source with scheme", "{\"sources\": {\"*\": [\"https://github.com/a/b\"]}}"),
      Map.entry("source without repo", "{\"sources\": {\"*\": [\"github.com/a\"]}}"),
      Map.entry("wildcard owner", "{\"sources\": {\"*\": [\"github.com/*/b\"]}}"),
      Map.entry("dot segment", "{\"sources\": {\"*\": [\"github.com/a/..\"]}}"),
      Map.entry("empty sources", "{\"sources\": {\"*\": []}}"),
      Map.entry("source as a string", "{\"sources\": {\"*\": \"github.com/a/b\"}}"),
      Map.entry("range exception", "{\"allowDowngrade\": [\"x@^1.0.0\"]}"),
      Map.entry("exception not a string", "{\"allowDowngrade\": [1]}"),
      Map.entry("failed configurable", "{\"failOn\": {\"failed\": false}}"),
      Map.entry("error configurable", "{\"failOn\": {\"error\": true}}"),
      Map.entry("regression configurable", "{\"failOn\": {\"regression\": false}}"),
      Map.entry("missing as a string", "{\"failOn\": {\"missing\": \"false\"}}"),
      Map.entry("unknown finding", "{\"failOn\": {\"findings\": [\"repo_mismatch\"]}}"),
      Map.entry("repeated finding", "{\"failOn\": {\"findings\": [\"first_provenance\", \"first_provenance\"]}}"));

  private static Schema schema() throws Exception {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(SCHEMA), InputFormat.JSON);
  }

  private static boolean loads(String policy) {
    try {
      LockfilePolicy.parse(policy.getBytes(StandardCharsets.UTF_8), "hekate.json");
      return true;
    } catch (PolicyException e) {
      return false;
    }
  }

  @Test
  void schemaAndLoaderAgreeOnEveryExample() throws Exception {
    Schema schema = schema();
    List<String> disagreements = new ArrayList<>();
    for (Map.Entry<String, String> e : VALID.entrySet()) {
      List<Error> errors = schema.validate(e.getValue(), InputFormat.JSON);
      if (!errors.isEmpty()) {
        disagreements.add("schema refuses valid \"" + e.getKey() + "\": " + errors);
      }
      if (!loads(e.getValue())) {
        disagreements.add("LockfilePolicy refuses valid \"" + e.getKey() + "\"");
      }
    }
    for (Map.Entry<String, String> e : INVALID.entrySet()) {
      if (schema.validate(e.getValue(), InputFormat.JSON).isEmpty()) {
        disagreements.add("schema accepts invalid \"" + e.getKey() + "\"");
      }
      if (loads(e.getValue())) {
        disagreements.add("LockfilePolicy accepts invalid \"" + e.getKey() + "\"");
      }
    }
    assertEquals(List.of(), disagreements);
  }

  @Test
  void theSchemasEnumsAreTheCodes() throws Exception {
    JsonNode tree = Json.mapper().readTree(Files.readAllBytes(SCHEMA));
    TreeSet<String> tiers = new TreeSet<>();
    tree.at("/$defs/tier/enum").forEach(n -> tiers.add(n.asText()));
    assertEquals(Arrays.stream(TrustTier.values()).map(TrustTier::wireName).collect(Collectors.toCollection(TreeSet::new)),
        tiers);
    TreeSet<String> findings = new TreeSet<>();
    tree.at("/$defs/findingType/enum").forEach(n -> findings.add(n.asText()));
    assertEquals(Arrays.stream(FindingType.values()).map(FindingType::wireName)
        .collect(Collectors.toCollection(TreeSet::new)), findings);
    TreeSet<String> defaults = new TreeSet<>();
    tree.at("/properties/failOn/properties/findings/default").forEach(n -> defaults.add(n.asText()));
    assertEquals(LockfilePolicy.DEFAULT_FAILING_FINDINGS.stream().map(FindingType::wireName)
        .collect(Collectors.toCollection(TreeSet::new)), defaults);
  }

  @Test
  void theDocumentedExamplesLoad() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "lockfile-policy.md"));
    int blocks = 0;
    for (String fence : List.of("```json\n", "```yaml\n")) {
      int at = 0;
      while ((at = doc.indexOf(fence, at)) >= 0) {
        int end = doc.indexOf("```\n", at + fence.length());
        String body = doc.substring(at + fence.length(), end);
        String name = fence.contains("json") ? "hekate.json" : ".hekate.yaml";
        LockfilePolicy.parse(body.getBytes(StandardCharsets.UTF_8), name);
        // The schema speaks of the document's tree, whichever syntax wrote it.
        String asJson = fence.contains("json") ? body
            : Json.write(new YAMLMapper().readTree(body));
        assertEquals(List.of(), schema().validate(asJson, InputFormat.JSON), body);
        blocks++;
        at = end;
      }
    }
    assertTrue(blocks >= 2, "docs/lockfile-policy.md shows a JSON and a YAML example");
  }
}
