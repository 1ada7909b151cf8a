package dev.hekate.core.intoto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The artifact rules engine on small hand-written links: each rule type and in-toto's queue semantics. */
class InTotoArtifactRulesTest {
  private static final Map<String, String> A = Map.of("sha256", "aa");
  private static final Map<String, String> B = Map.of("sha256", "bb");

  private static Map<String, Map<String, String>> artifacts(Object... pathsAndHashes) {
    Map<String, Map<String, String>> map = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndHashes.length; i += 2) {
      @SuppressWarnings("unchecked")
      Map<String, String> hashes = (Map<String, String>) pathsAndHashes[i + 1];
      map.put((String) pathsAndHashes[i], hashes);
    }
    return map;
  }

  private static List<ArtifactRule> rules(String... json) throws Exception {
    List<ArtifactRule> rules = new java.util.ArrayList<>();
    for (String rule : json) {
      rules.add(ArtifactRule.parse(Json.mapper().readTree(rule), "test"));
    }
    return rules;
  }

  private static void products(Link link, Map<String, Link> links, String... rules) throws Exception {
    ArtifactRules.apply("step s", rules(rules), true, link, links);
  }

  private static void materials(Link link, Map<String, Link> links, String... rules) throws Exception {
    ArtifactRules.apply("step s", rules(rules), false, link, links);
  }

  private static void assertRuleFails(org.junit.jupiter.api.function.Executable executable) {
    VerificationException e = assertThrows(VerificationException.class, executable);
    assertEquals(CheckId.INTOTO_ARTIFACT_RULE, e.check());
  }

  private final Link build = new Link("s", List.of(), artifacts("kept.c", A, "gone.c", A, "changed.c", A),
      artifacts("kept.c", A, "changed.c", B, "new.o", B));

  @Test
  void createConsumesOnlyNewProducts() {
    assertDoesNotThrow(() -> products(build, Map.of(), "[\"CREATE\", \"*\"]", "[\"ALLOW\", \"kept.c\"]",
        "[\"ALLOW\", \"changed.c\"]", "[\"DISALLOW\", \"*\"]"));
    // kept.c existed before: CREATE does not consume it, so the DISALLOW sees it
    assertRuleFails(() -> products(build, Map.of(), "[\"CREATE\", \"*\"]", "[\"ALLOW\", \"changed.c\"]",
        "[\"DISALLOW\", \"*\"]"));
  }

  @Test
  void deleteConsumesOnlyRemovedMaterials() {
    assertDoesNotThrow(() -> materials(build, Map.of(), "[\"DELETE\", \"*\"]", "[\"ALLOW\", \"*.c\"]"));
    assertRuleFails(() -> materials(build, Map.of(), "[\"DELETE\", \"*\"]", "[\"DISALLOW\", \"kept.c\"]"));
    assertDoesNotThrow(() -> materials(build, Map.of(), "[\"DELETE\", \"*\"]", "[\"DISALLOW\", \"gone.c\"]"));
  }

  @Test
  void modifyConsumesOnlyChangedArtifacts() {
    assertDoesNotThrow(() -> products(build, Map.of(), "[\"MODIFY\", \"*\"]", "[\"DISALLOW\", \"changed.c\"]"));
    assertRuleFails(() -> products(build, Map.of(), "[\"MODIFY\", \"*\"]", "[\"DISALLOW\", \"kept.c\"]"));
  }

  @Test
  void anArtifactConsumedByAnEarlierRuleIsNotSeenByALaterOne() {
    assertDoesNotThrow(() -> products(build, Map.of(), "[\"ALLOW\", \"*\"]", "[\"DISALLOW\", \"*\"]"));
    assertRuleFails(() -> products(build, Map.of(), "[\"DISALLOW\", \"*\"]", "[\"ALLOW\", \"*\"]"));
  }

  @Test
  void disallowAfterAllowCatchesOnlyWhatWasLeft() {
    assertDoesNotThrow(() -> products(build, Map.of(), "[\"ALLOW\", \"*.c\"]", "[\"ALLOW\", \"*.o\"]",
        "[\"DISALLOW\", \"*\"]"));
    VerificationException e = assertThrows(VerificationException.class,
        () -> products(build, Map.of(), "[\"ALLOW\", \"*.c\"]", "[\"DISALLOW\", \"*\"]"));
    assertTrue(e.getMessage().contains("new.o"), e.getMessage());
    assertTrue(e.getMessage().contains("step s"), e.getMessage());
    assertTrue(e.getMessage().contains("DISALLOW *"), e.getMessage());
  }

  @Test
  void requireNeedsTheLiteralPathStillQueued() {
    assertDoesNotThrow(() -> products(build, Map.of(), "[\"REQUIRE\", \"new.o\"]"));
    assertRuleFails(() -> products(build, Map.of(), "[\"REQUIRE\", \"missing.o\"]"));
    // REQUIRE is not a pattern
    assertRuleFails(() -> products(build, Map.of(), "[\"REQUIRE\", \"*.o\"]"));
    // consumed by an earlier rule, so no longer there
    assertRuleFails(() -> products(build, Map.of(), "[\"ALLOW\", \"*\"]", "[\"REQUIRE\", \"new.o\"]"));
  }

  @Test
  void matchConsumesArtifactsWithTheSameHashesInTheNamedStep() {
    Link earlier = new Link("compile", List.of(), Map.of(), artifacts("new.o", B, "changed.c", A));
    Map<String, Link> links = Map.of("compile", earlier);
    assertDoesNotThrow(() -> products(build, links, "[\"MATCH\", \"new.o\", \"WITH\", \"PRODUCTS\", \"FROM\", \"compile\"]",
        "[\"ALLOW\", \"*.c\"]", "[\"DISALLOW\", \"*\"]"));
    // changed.c has other hashes in compile: not consumed, so the DISALLOW sees it
    assertRuleFails(() -> products(build, links, "[\"MATCH\", \"*\", \"WITH\", \"PRODUCTS\", \"FROM\", \"compile\"]",
        "[\"ALLOW\", \"kept.c\"]", "[\"DISALLOW\", \"*\"]"));
    // the other step's materials hold nothing
    assertRuleFails(() -> products(build, links, "[\"MATCH\", \"*\", \"WITH\", \"MATERIALS\", \"FROM\", \"compile\"]",
        "[\"DISALLOW\", \"new.o\"]"));
    // a step without a link: nothing consumed, as in in-toto
    assertRuleFails(() -> products(build, links, "[\"MATCH\", \"*\", \"WITH\", \"PRODUCTS\", \"FROM\", \"absent\"]",
        "[\"DISALLOW\", \"new.o\"]"));
  }

  @Test
  void matchWithPrefixesMapsPathsBetweenDirectories() {
    Link mine = new Link("s", List.of(), Map.of(), artifacts("dist/app.js", A, "dist/extra.js", B));
    Link source = new Link("src", List.of(), Map.of(), artifacts("src/app.js", A, "src/extra.js", A));
    Map<String, Link> links = Map.of("src", source);
    assertDoesNotThrow(() -> products(mine, links,
        "[\"MATCH\", \"*.js\", \"IN\", \"dist\", \"WITH\", \"PRODUCTS\", \"IN\", \"src/\", \"FROM\", \"src\"]",
        "[\"DISALLOW\", \"dist/app.js\"]"));
    assertRuleFails(() -> products(mine, links,
        "[\"MATCH\", \"*.js\", \"IN\", \"dist\", \"WITH\", \"PRODUCTS\", \"IN\", \"src\", \"FROM\", \"src\"]",
        "[\"DISALLOW\", \"dist/extra.js\"]"));
  }

  @Test
  void keywordsAreCaseInsensitiveAndMalformedRulesAreRefused() throws Exception {
    assertEquals(ArtifactRule.Type.MATCH, rules("[\"match\", \"x\", \"with\", \"products\", \"from\", \"a\"]").get(0).type());
    assertThrows(UnsupportedInTotoException.class, () -> rules("[\"PERMIT\", \"a\"]"));
    for (String bad : List.of("[\"ALLOW\"]", "[\"ALLOW\", \"a\", \"b\"]",
        "[\"MATCH\", \"a\", \"WITH\", \"BYPRODUCTS\", \"FROM\", \"b\"]", "[\"MATCH\", \"a\", \"FROM\", \"b\"]",
        "[\"MATCH\", \"a\", \"WITH\", \"PRODUCTS\", \"FROM\"]", "[\"ALLOW\", 1]")) {
      assertThrows(InTotoFormatException.class, () -> rules(bad), bad);
    }
  }

  @Test
  void globIsPythonFnmatch() {
    assertTrue(Glob.compile("*").matches("a/b/c"));
    assertTrue(Glob.compile("demo-project/.git/*").matches("demo-project/.git/objects/ab/cd"));
    assertTrue(Glob.compile("?.c").matches("a.c"));
    assertFalse(Glob.compile("?.c").matches("ab.c"));
    assertTrue(Glob.compile("[a-c]x").matches("bx"));
    assertFalse(Glob.compile("[!a-c]x").matches("bx"));
    assertTrue(Glob.compile("[!a-c]x").matches("dx"));
    assertTrue(Glob.compile("a[").matches("a["));
    assertTrue(Glob.compile("[]]").matches("]"));
    assertFalse(Glob.compile("*.C").matches("a.c"));
    assertTrue(Glob.compile("a*b*c").matches("aXbYbZc"));
    assertFalse(Glob.compile("a*b*c").matches("aXbYbZ"));
    // no backtracking blow-up
    assertFalse(Glob.compile("*a*a*a*a*a*a*a*a*b").matches("a".repeat(5000)));
  }
}
