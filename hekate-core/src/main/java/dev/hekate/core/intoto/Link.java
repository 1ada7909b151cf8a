package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Limits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed body of an in-toto link ({@code "_type": "link"}): the step name, the command run,
 * and the materials and products recorded, each a path with its hashes ({@code {"sha256": hex}}).
 * Two artifacts are the same when their whole hash maps are equal, as in-toto compares them.
 */
public record Link(String name, List<String> command, Map<String, Map<String, String>> materials,
    Map<String, Map<String, String>> products) {

  public Link {
    command = List.copyOf(command);
    materials = copy(materials);
    products = copy(products);
  }

  private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> artifacts) {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    artifacts.forEach((path, hashes) -> copy.put(path, Map.copyOf(hashes)));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** Whether a signed body in a link's place is a layout (a sublayout). */
  public static boolean isLayout(JsonNode signed) {
    JsonNode type = signed.get("_type");
    return type != null && type.isTextual() && type.textValue().equals("layout");
  }

  /** Reads a link's {@code signed} body; a sublayout ({@link #isLayout}) is read as a {@link Layout}. */
  public static Link parse(JsonNode signed, String what) throws InTotoFormatException, UnsupportedInTotoException {
    JsonNode type = signed.get("_type");
    if (signed.has("predicateType")) {
      throw new UnsupportedInTotoException(what + " is an in-toto attestation (statement): only v1.0 links are supported");
    }
    if (type == null || !type.isTextual() || !type.textValue().equals("link")) {
      throw new InTotoFormatException(what + " is not a link (_type must be \"link\")");
    }
    JsonNode name = signed.get("name");
    if (name == null || !name.isTextual()) {
      throw new InTotoFormatException(what + ".name must be a string");
    }
    List<String> command = new ArrayList<>();
    JsonNode commandNode = signed.get("command");
    if (commandNode != null && !commandNode.isNull()) {
      if (!commandNode.isArray()) {
        throw new InTotoFormatException(what + ".command must be a list of strings");
      }
      for (JsonNode word : commandNode) {
        if (!word.isTextual()) {
          throw new InTotoFormatException(what + ".command must be a list of strings");
        }
        command.add(word.textValue());
      }
    }
    return new Link(name.textValue(), command, artifacts(signed, "materials", what), artifacts(signed, "products", what));
  }

  static Map<String, Map<String, String>> artifacts(JsonNode signed, String field, String what)
      throws InTotoFormatException {
    JsonNode node = signed.get(field);
    Map<String, Map<String, String>> artifacts = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return artifacts;
    }
    if (!node.isObject()) {
      throw new InTotoFormatException(what + "." + field + " must be an object");
    }
    if (node.size() > Limits.MAX_INTOTO_ARTIFACTS) {
      throw new InTotoFormatException(what + " records " + node.size() + " " + field + ", over the limit of "
          + Limits.MAX_INTOTO_ARTIFACTS);
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode hashes = entry.getValue();
      if (!hashes.isObject() || hashes.size() > 16) {
        throw new InTotoFormatException(what + "." + field + "[" + entry.getKey() + "] must be a map of hashes");
      }
      Map<String, String> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> hash : hashes.properties()) {
        if (!hash.getValue().isTextual()) {
          throw new InTotoFormatException(what + "." + field + "[" + entry.getKey() + "] hashes must be strings");
        }
        map.put(hash.getKey(), hash.getValue().textValue());
      }
      artifacts.put(entry.getKey(), map);
    }
    return artifacts;
  }
}
