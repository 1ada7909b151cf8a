package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.testdata.Hostile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parser of registry data ends in linear time on hostile values of about 4 MiB
 * ({@link Hostile}) in every field it reads — packument, version document, {@code dist}, keys
 * document, repository URL, package spec — with its documented outcome: a value, or its own
 * exception. The time bound is generous for linear work and far below what a quadratic step takes
 * on these sizes (minutes); it catches blow-ups, not slow machines.
 */
class HostileRegistryDataTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String ORIGIN = "https://registry.npmjs.org";

  /** Where in a packument a hostile string goes: each field the parser reads, one at a time. */
  static Stream<Arguments> fields() {
    return Stream.<Arguments>of(
        field("name", (root, v) -> {
          root.put("name", v);
          Fixtures.versions(root).forEach(doc -> ((ObjectNode) doc).put("name", v));
        }),
        field("dist-tags.latest", (root, v) -> ((ObjectNode) root.get("dist-tags")).put("latest", v)),
        field("a dist-tag's name", (root, v) -> ((ObjectNode) root.get("dist-tags")).put(v, Fixtures.VERSION)),
        field("a version key and version", (root, v) -> {
          ObjectNode doc = ((ObjectNode) Fixtures.versions(root).get(Fixtures.VERSION)).deepCopy().put("version", v);
          Fixtures.versions(root).set(v, doc);
        }),
        field("a time entry", (root, v) -> ((ObjectNode) root.get("time")).put(Fixtures.VERSION, v)),
        field("a time key", (root, v) -> ((ObjectNode) root.get("time")).put(v, "2026-01-01T00:00:00Z")),
        field("repository", (root, v) -> root.put("repository", v)),
        field("repository.url", (root, v) -> root.putObject("repository").put("url", v)),
        field("gitHead", (root, v) -> Fixtures.latest(root).put("gitHead", v)),
        field("version repository", (root, v) -> Fixtures.latest(root).put("repository", v)),
        field("_npmUser.name", (root, v) -> Fixtures.latest(root).putObject("_npmUser").put("name", v)),
        field("_npmUser.approver.name", (root, v) -> Fixtures.latest(root).putObject("_npmUser").putObject("approver").put("name", v)),
        field("dist.integrity", (root, v) -> Fixtures.dist(root).put("integrity", v)),
        field("dist.shasum", (root, v) -> Fixtures.dist(root).put("shasum", v)),
        field("dist.tarball", (root, v) -> Fixtures.dist(root).put("tarball", v)),
        field("dist.attestations.url", (root, v) -> Fixtures.dist(root).putObject("attestations").put("url", v)),
        field("dist.attestations.provenance.predicateType", (root, v) ->
            Fixtures.dist(root).putObject("attestations").putObject("provenance").put("predicateType", v)),
        field("dist.signatures[0].keyid", (root, v) ->
            Fixtures.dist(root).putArray("signatures").addObject().put("keyid", v).put("sig", Fixtures.SIG)),
        field("dist.signatures[0].sig", (root, v) ->
            Fixtures.dist(root).putArray("signatures").addObject().put("keyid", Fixtures.KEYID).put("sig", v)),
        field("readme", (root, v) -> root.put("readme", v)));
  }

  static Stream<Arguments> valuesInFields() {
    return fields().flatMap(field -> Hostile.strings().stream().map(value -> Arguments.of(field.get()[0], field.get()[1], value)));
  }

  /**
   * A hostile string in any field: the packument parses (structural fields take any non-empty
   * string) or is refused with {@link JsonFormatException}; what Hekate then derives from its
   * unsigned fields — repository URL, integrity, each version as a package spec — ends too.
   */
  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("valuesInFields")
  void aHostileValueInAnyPackumentFieldEndsInLinearTime(String field, BiConsumer<ObjectNode, String> put,
      Hostile.Value value) {
    ObjectNode root = Fixtures.packument(ORIGIN);
    put.accept(root, value.text());
    byte[] json = Fixtures.bytes(root);
    assertTimeoutPreemptively(BOUND, () -> {
      Packument packument;
      try {
        packument = PackumentParser.parse(json);
      } catch (JsonFormatException e) {
        return;
      }
      packument.repositoryUrl().ifPresent(RepositoryUrl::normalise);
      for (VersionDocument doc : packument.versions().values()) {
        doc.repositoryUrl().ifPresent(RepositoryUrl::normalise);
        doc.dist().integrity().ifPresent(Integrity::sha512);
        PackageSpec.isValidName(doc.name());
        PackageSpec.isValidVersion(doc.version());
      }
      packument.latest();
    }, field + ": " + value);
  }

  /** The same strings given directly to the parsers of single unsigned values. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#strings")
  void aHostileValueEndsEverySingleValueParserInLinearTime(Hostile.Value value) {
    String text = value.text();
    assertTimeoutPreemptively(BOUND, () -> {
      assertThrows(InvalidSpecException.class, () -> PackageSpec.parse(text));
      assertThrows(InvalidSpecException.class, () -> PackageSpec.parse("left-pad@" + text));
      assertTrue(!PackageSpec.isValidName(text) && !PackageSpec.isValidVersion(text));
      assertEquals(Optional.empty(), Integrity.sha512(text));
      assertEquals(Optional.empty(), Integrity.sha512("sha512-" + text));
      RepositoryUrl.normalise(text);
      RepositoryUrl.normalise("git+https://github.com/o/r" + text);
      RepositoryUrl.normalise("github:" + text);
    }, value.toString());
  }

  /**
   * Within the length bounds that come before it, the semver expression meets its worst inputs:
   * long digit runs that almost end an identifier. Each is refused, and quickly.
   */
  @Test
  void theLongestSpecsAreRefusedInTime() {
    int room = Limits.MAX_VERSION_LENGTH - "1.1.1-".length();
    List<String> versions = List.of("1.1.1-" + "1".repeat(room - 1) + "!", "1.1.1-" + "1.".repeat(room / 2),
        "1.1.1+" + "a.".repeat(room / 2), "1".repeat(Limits.MAX_VERSION_LENGTH - 1) + "!");
    assertTimeoutPreemptively(BOUND, () -> {
      for (String version : versions) {
        assertThrows(InvalidSpecException.class, () -> PackageSpec.parse("left-pad@" + version), version);
      }
      assertThrows(InvalidSpecException.class,
          () -> PackageSpec.parse("@" + "a".repeat(100) + "/" + "a".repeat(Limits.MAX_PACKAGE_NAME_LENGTH - 102) + "!"));
    });
  }

  /** Documents that attack the JSON reader end as a value or {@link JsonFormatException}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#documents")
  void aHostileDocumentEndsThePackumentAndVersionParsersInLinearTime(Hostile.Document document) {
    assertTimeoutPreemptively(BOUND, () -> {
      // None is a packument: none has a name.
      assertThrows(JsonFormatException.class, () -> PackumentParser.parse(document.json()));
      try {
        PackumentParser.version(Json.parse(document.json(), Limits.DEFAULT_MAX_PACKUMENT_BYTES, "version"), "version");
        throw new AssertionError("a document without name, version and dist is not a version document");
      } catch (JsonFormatException expected) {
        // the documented refusal
      }
    }, document.toString());
  }

  /** As a packument, each attacking document is also refused when it is the value of a field. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#documents")
  void aHostileDocumentAsAnUnknownFieldIsSkippedOrRefusedInLinearTime(Hostile.Document document) {
    byte[] packument = Fixtures.bytes(Fixtures.packument(ORIGIN));
    String text = new String(packument, StandardCharsets.UTF_8);
    byte[] json = ("{\"hostile\":" + new String(document.json(), StandardCharsets.UTF_8) + "," + text.substring(1))
        .getBytes(StandardCharsets.UTF_8);
    assertTimeoutPreemptively(BOUND, () -> {
      try {
        assertEquals(Fixtures.NAME, PackumentParser.parse(json).name());
      } catch (JsonFormatException e) {
        // the documented refusal: the value broke a JSON bound
      }
    }, document.toString());
  }

  /** npm's keys document, as {@code /-/npm/v1/keys} serves it: parsed or refused as a trusted root. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#documents")
  void aHostileKeysDocumentIsRefusedInLinearTime(Hostile.Document document) {
    assertTimeoutPreemptively(BOUND, () -> {
      VerificationException e = assertThrows(VerificationException.class, () -> TrustedKeys.parse(document.json()));
      assertEquals(CheckId.TRUSTED_ROOT, e.check());
    }, document.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#strings")
  void aHostileValueInTheKeysDocumentIsRefusedInLinearTime(Hostile.Value value) {
    ObjectNode key = Json.newObject().put("keyId", value.text()).put("keyUsage", value.text());
    key.putObject("publicKey").put("rawBytes", value.text()).putObject("validFor").put("start", value.text());
    ObjectNode root = Json.newObject();
    root.putArray("keys").add(key);
    byte[] json = Fixtures.bytes(root);
    assertTimeoutPreemptively(BOUND, () -> {
      VerificationException e = assertThrows(VerificationException.class, () -> TrustedKeys.parse(json));
      assertEquals(CheckId.TRUSTED_ROOT, e.check());
    }, value.toString());
  }

  private static Arguments field(String name, BiConsumer<ObjectNode, String> put) {
    return Arguments.of(name, put);
  }
}
