package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Limits;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signed body of an in-toto v1.0 layout ({@code "_type": "layout"}): when it expires, the
 * functionaries' keys, the steps in order and the inspections. Parsed only from a verified
 * metablock's {@code signed}; nothing here is trusted before the layout signatures are.
 */
public record Layout(Instant expires, Map<String, InTotoKey> keys, List<Step> steps, List<Inspection> inspections) {

  /** A step: who may perform it, how many must agree, the command expected and its artifact rules. */
  public record Step(String name, List<String> pubkeys, int threshold, List<String> expectedCommand,
      List<ArtifactRule> materialRules, List<ArtifactRule> productRules) {
    public Step {
      pubkeys = List.copyOf(pubkeys);
      expectedCommand = List.copyOf(expectedCommand);
      materialRules = List.copyOf(materialRules);
      productRules = List.copyOf(productRules);
    }
  }

  /** An inspection: a command the verifier runs, and the rules its recorded artifacts must meet. */
  public record Inspection(String name, List<String> run, List<ArtifactRule> materialRules,
      List<ArtifactRule> productRules) {
    public Inspection {
      run = List.copyOf(run);
      materialRules = List.copyOf(materialRules);
      productRules = List.copyOf(productRules);
    }
  }

  public Layout {
    keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    steps = List.copyOf(steps);
    inspections = List.copyOf(inspections);
  }

  /** Reads a layout's {@code signed} body. */
  public static Layout parse(JsonNode signed) throws InTotoFormatException, UnsupportedInTotoException {
    String what = "layout";
    if (!text(signed, "_type", what).equals("layout")) {
      throw new InTotoFormatException("the file is not a layout (_type must be \"layout\")");
    }
    Instant expires;
    try {
      expires = Instant.parse(text(signed, "expires", what));
    } catch (DateTimeParseException e) {
      throw new InTotoFormatException("layout.expires is not an ISO 8601 UTC time");
    }
    JsonNode keysNode = signed.get("keys");
    Map<String, InTotoKey> keys = new LinkedHashMap<>();
    if (keysNode != null && !keysNode.isNull()) {
      if (!keysNode.isObject() || keysNode.size() > Limits.MAX_INTOTO_KEYS) {
        throw new InTotoFormatException("layout.keys must be an object of at most " + Limits.MAX_INTOTO_KEYS + " keys");
      }
      for (Map.Entry<String, JsonNode> entry : keysNode.properties()) {
        keys.put(entry.getKey(), InTotoKey.fromLayout(entry.getKey(), entry.getValue()));
      }
    }
    Set<String> names = new HashSet<>();
    List<Step> steps = new ArrayList<>();
    for (JsonNode step : list(signed, "steps", what, Limits.MAX_INTOTO_STEPS)) {
      String name = text(step, "name", "layout step");
      String where = "step " + name;
      if (!names.add(name)) {
        throw new InTotoFormatException("layout: the name " + name + " is used twice");
      }
      JsonNode threshold = step.get("threshold");
      int n = 1;
      if (threshold != null) {
        if (!threshold.isIntegralNumber() || !threshold.canConvertToInt() || threshold.intValue() < 1) {
          throw new InTotoFormatException(where + ": threshold must be a positive integer");
        }
        n = threshold.intValue();
      }
      steps.add(new Step(name, strings(step, "pubkeys", where, Limits.MAX_INTOTO_KEYS), n,
          strings(step, "expected_command", where, 1024), rules(step, "expected_materials", where),
          rules(step, "expected_products", where)));
    }
    List<Inspection> inspections = new ArrayList<>();
    for (JsonNode inspection : list(signed, "inspect", what, Limits.MAX_INTOTO_STEPS)) {
      String name = text(inspection, "name", "layout inspection");
      String where = "inspection " + name;
      if (!names.add(name)) {
        throw new InTotoFormatException("layout: the name " + name + " is used twice");
      }
      inspections.add(new Inspection(name, strings(inspection, "run", where, 1024),
          rules(inspection, "expected_materials", where), rules(inspection, "expected_products", where)));
    }
    return new Layout(expires, keys, steps, inspections);
  }

  private static List<ArtifactRule> rules(JsonNode node, String field, String where)
      throws InTotoFormatException, UnsupportedInTotoException {
    List<ArtifactRule> rules = new ArrayList<>();
    for (JsonNode rule : list(node, field, where, Limits.MAX_INTOTO_RULES)) {
      rules.add(ArtifactRule.parse(rule, where + " " + field));
    }
    return rules;
  }

  private static List<JsonNode> list(JsonNode node, String field, String where, int max) throws InTotoFormatException {
    JsonNode value = node.get(field);
    List<JsonNode> list = new ArrayList<>();
    if (value == null || value.isNull()) {
      return list;
    }
    if (!value.isArray() || value.size() > max) {
      throw new InTotoFormatException(where + "." + field + " must be a list of at most " + max);
    }
    value.forEach(list::add);
    return list;
  }

  private static List<String> strings(JsonNode node, String field, String where, int max) throws InTotoFormatException {
    List<String> strings = new ArrayList<>();
    for (JsonNode value : list(node, field, where, max)) {
      if (!value.isTextual()) {
        throw new InTotoFormatException(where + "." + field + " must be a list of strings");
      }
      strings.add(value.textValue());
    }
    return strings;
  }

  private static String text(JsonNode node, String field, String where) throws InTotoFormatException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InTotoFormatException(where + "." + field + " must be a string");
    }
    return value.textValue();
  }
}
