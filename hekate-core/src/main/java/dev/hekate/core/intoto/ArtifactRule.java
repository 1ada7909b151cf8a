package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One artifact rule of a step or inspection, as in-toto v1.0 writes it: {@code [CREATE|DELETE|
 * MODIFY|ALLOW|DISALLOW|REQUIRE, pattern]} or {@code [MATCH, pattern, (IN, prefix,) WITH,
 * MATERIALS|PRODUCTS, (IN, prefix,) FROM, step]}. Keywords are case-insensitive, as in-toto's
 * {@code unpack_rule} reads them.
 */
public record ArtifactRule(Type type, String pattern, String sourcePrefix, String destinationPrefix,
    boolean destinationProducts, String destinationStep, List<String> text) {

  /** The rule's keyword. */
  public enum Type { MATCH, CREATE, DELETE, MODIFY, ALLOW, DISALLOW, REQUIRE }

  public ArtifactRule {
    text = List.copyOf(text);
  }

  /** Reads one rule; {@code where} names the step and list for messages. */
  public static ArtifactRule parse(JsonNode node, String where) throws InTotoFormatException, UnsupportedInTotoException {
    if (!node.isArray() || node.size() < 2 || node.size() > 10) {
      throw new InTotoFormatException(where + ": a rule is a list of 2 to 10 strings");
    }
    List<String> words = new ArrayList<>();
    for (JsonNode word : node) {
      if (!word.isTextual()) {
        throw new InTotoFormatException(where + ": a rule is a list of strings");
      }
      words.add(word.textValue());
    }
    String keyword = words.get(0).toUpperCase(Locale.ROOT);
    Type type;
    try {
      type = Type.valueOf(keyword);
    } catch (IllegalArgumentException e) {
      throw new UnsupportedInTotoException(where + ": the artifact rule " + words.get(0) + " is not supported (only"
          + " MATCH, CREATE, DELETE, MODIFY, ALLOW, DISALLOW, REQUIRE)");
    }
    String pattern = words.get(1);
    if (type != Type.MATCH) {
      if (words.size() != 2) {
        throw new InTotoFormatException(where + ": " + keyword + " takes one pattern: " + words);
      }
      return new ArtifactRule(type, pattern, "", "", false, "", words);
    }
    // MATCH pattern [IN prefix] WITH (MATERIALS|PRODUCTS) [IN prefix] FROM step
    int i = 2;
    String sourcePrefix = "";
    if (word(words, i).equals("IN")) {
      sourcePrefix = at(words, i + 1, where);
      i += 2;
    }
    if (!word(words, i).equals("WITH")) {
      throw new InTotoFormatException(where + ": malformed MATCH rule " + words);
    }
    String kind = word(words, i + 1);
    if (!kind.equals("MATERIALS") && !kind.equals("PRODUCTS")) {
      throw new InTotoFormatException(where + ": MATCH ... WITH must name MATERIALS or PRODUCTS: " + words);
    }
    i += 2;
    String destinationPrefix = "";
    if (word(words, i).equals("IN")) {
      destinationPrefix = at(words, i + 1, where);
      i += 2;
    }
    if (!word(words, i).equals("FROM") || i + 2 != words.size()) {
      throw new InTotoFormatException(where + ": malformed MATCH rule " + words);
    }
    return new ArtifactRule(type, pattern, sourcePrefix, destinationPrefix, kind.equals("PRODUCTS"), words.get(i + 1),
        words);
  }

  private static String word(List<String> words, int i) {
    return i < words.size() ? words.get(i).toUpperCase(Locale.ROOT) : "";
  }

  private static String at(List<String> words, int i, String where) throws InTotoFormatException {
    if (i >= words.size()) {
      throw new InTotoFormatException(where + ": malformed MATCH rule " + words);
    }
    return words.get(i);
  }

  /** The step a MATCH rule reads from. */
  public Optional<String> matchedStep() {
    return type == Type.MATCH ? Optional.of(destinationStep) : Optional.empty();
  }

  @Override
  public String toString() {
    return String.join(" ", text);
  }
}
