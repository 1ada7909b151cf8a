package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Package specs: npm's name rules for existing packages, and exact semver versions only. */
class PackageSpecTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("sigstore", "sigstore", null),
        Arguments.of("sigstore@2.3.1", "sigstore", "2.3.1"),
        Arguments.of("@playwright/cli", "@playwright/cli", null),
        Arguments.of("@playwright/cli@0.1.1", "@playwright/cli", "0.1.1"),
        Arguments.of("@types/node", "@types/node", null),
        Arguments.of("@types/node@20.11.5", "@types/node", "20.11.5"),
        // Uppercase and ~'!()* are valid for old packages.
        Arguments.of("JSONStream", "JSONStream", null),
        Arguments.of("JSONStream@1.3.5", "JSONStream", "1.3.5"),
        Arguments.of("a", "a", null),
        Arguments.of("lodash.merge", "lodash.merge", null),
        Arguments.of("left-pad", "left-pad", null),
        Arguments.of("under_score", "under_score", null),
        Arguments.of("tilde~bang!star*", "tilde~bang!star*", null),
        Arguments.of("paren(s)'quote", "paren(s)'quote", null),
        Arguments.of("@scope/Name", "@scope/Name", null),
        Arguments.of("@sigstore/bundle@3.0.0", "@sigstore/bundle", "3.0.0"),
        Arguments.of("x".repeat(214), "x".repeat(214), null),
        Arguments.of("0@0.0.0", "0", "0.0.0"),
        Arguments.of("pkg@1.2.3-beta.1+build.5", "pkg", "1.2.3-beta.1+build.5"),
        Arguments.of("pkg@1.0.0-alpha", "pkg", "1.0.0-alpha"),
        Arguments.of("pkg@1.0.0-0.3.7", "pkg", "1.0.0-0.3.7"),
        Arguments.of("pkg@1.0.0-x.7.z.92", "pkg", "1.0.0-x.7.z.92"),
        Arguments.of("pkg@1.0.0+20130313144700", "pkg", "1.0.0+20130313144700"),
        Arguments.of("pkg@1.0.0-rc.1+build.1-a", "pkg", "1.0.0-rc.1+build.1-a"),
        Arguments.of("pkg@10.20.30", "pkg", "10.20.30"),
        Arguments.of("pkg@1.0.0--dash", "pkg", "1.0.0--dash"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parsesValidSpecs(String spec, String name, String version) throws Exception {
    PackageSpec parsed = PackageSpec.parse(spec);
    assertEquals(name, parsed.name());
    assertEquals(Optional.ofNullable(version), parsed.version());
    assertEquals(spec, parsed.toString());
  }

  static Stream<String> invalid() {
    return Stream.of(
        "",
        "@",
        ".",
        "..",
        ".hidden",
        "_private",
        "%2e%2e",
        "%2e%2e/x",
        "@scope/../x",
        "@scope/..",
        "@../x",
        "@./x",
        "@scope/.x",
        "a..b",
        "a/b",
        "a/b/c",
        "@scope/name/extra",
        "@scope",
        "@scope/",
        "@/name",
        "@scope//name",
        "/abs",
        "node_modules",
        "favicon.ico",
        "FAVICON.ICO",
        " lead",
        "trail ",
        "in side",
        "tab\tname",
        "nul\u0000name",
        "new\nline",
        "del\u007fname",
        // Cyrillic 'а' (U+0430) in place of Latin 'a'.
        "re\u0430ct",
        "caf\u00e9",
        "\u200bzero-width",
        "full\uff0fwidth",
        "x".repeat(215),
        "back\\slash",
        "colon:name",
        "query?x",
        "hash#x",
        "pct%20space",
        "semi;colon",
        "@sco pe/name",
        "@scope/na me",
        // Versions: ranges, tags, partial and loose versions.
        "pkg@",
        "pkg@1.2",
        "pkg@1",
        "pkg@^1.2.3",
        "pkg@~1.2.3",
        "pkg@>=1.2.3",
        "pkg@1.2.x",
        "pkg@*",
        "pkg@latest",
        "pkg@next",
        "pkg@v1.2.3",
        "pkg@01.2.3",
        "pkg@1.02.3",
        "pkg@1.2.3-01",
        "pkg@1.2.3-",
        "pkg@1.2.3+",
        "pkg@1.2.3-beta..1",
        "pkg@1.2.3 ",
        "pkg@ 1.2.3",
        "pkg@1.2.3 || 2.0.0",
        "pkg@1.2.3@4.5.6",
        "pkg@1.2.3\u0000",
        "pkg@\u0661.2.3",
        "pkg@99999999999999999999.0.0",
        "pkg@9007199254740992.0.0",
        "@scope/name@",
        "@scope/name@1.2",
        "pkg@1.2.3-" + "a".repeat(300));
  }

  @ParameterizedTest(name = "[{index}]")
  @MethodSource("invalid")
  void rejectsInvalidSpecs(String spec) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> PackageSpec.parse(spec));
    // Messages never carry control or non-ASCII characters from the input.
    assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.getMessage());
    assertTrue(e.getMessage().length() < 400);
  }

  @Test
  void encodedNameEscapesOnlyTheScopeSeparator() throws Exception {
    assertEquals("@playwright%2fcli", PackageSpec.parse("@playwright/cli@0.1.1").encodedName());
    assertEquals("@types%2fnode", PackageSpec.parse("@types/node").encodedName());
    assertEquals("JSONStream", PackageSpec.parse("JSONStream").encodedName());
    assertTrue(PackageSpec.parse("@types/node").isScoped());
    assertFalse(PackageSpec.parse("sigstore").isScoped());
  }

  @Test
  void largestSafeIntegerIsAccepted() throws Exception {
    assertEquals(Optional.of("9007199254740991.0.0"), PackageSpec.parse("pkg@9007199254740991.0.0").version());
  }

  @Test
  void constructorAndFactoryValidateToo() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> new PackageSpec("a/b", Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new PackageSpec("pkg", Optional.of("^1.0.0")));
    assertThrows(InvalidSpecException.class, () -> PackageSpec.of("pkg", "latest"));
    assertEquals("pkg@1.0.0", PackageSpec.of("pkg", "1.0.0").toString());
    assertEquals("@a/b@2.0.0", PackageSpec.parse("@a/b").withVersion("2.0.0").toString());
    assertTrue(PackageSpec.isValidName("JSONStream"));
    assertFalse(PackageSpec.isValidName("@scope/../x"));
    assertTrue(PackageSpec.isValidVersion("1.2.3-beta.1+build.5"));
    assertFalse(PackageSpec.isValidVersion("1.2"));
  }
}
