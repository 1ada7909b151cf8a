package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.JsonFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The packument parser: the fields Hekate reads, their types, and what it ignores. */
class RegistryPackumentTest {
  private static final String ORIGIN = "https://registry.npmjs.org";

  @Test
  void readsTheFieldsHekateUses() throws Exception {
    Packument p = PackumentParser.parse(Fixtures.bytes(Fixtures.packument(ORIGIN)));
    assertEquals(Fixtures.NAME, p.name());
    assertEquals(List.of("latest", "next"), List.copyOf(p.distTags().keySet()));
    assertEquals(List.of("0.1.0", Fixtures.VERSION, "0.2.0-beta.1"), List.copyOf(p.versions().keySet()));
    assertEquals(Optional.of("git+https://github.com/microsoft/playwright-cli.git"), p.repositoryUrl());
    assertEquals(Optional.of(Instant.parse("2026-01-20T10:00:00Z")), p.created());
    assertEquals(Optional.of(Instant.parse("2026-03-01T08:00:01Z")), p.modified());
    assertEquals(List.of("0.1.0", Fixtures.VERSION, "0.2.0-beta.1"), List.copyOf(p.time().keySet()));
    assertEquals(Optional.of(Instant.parse("2026-02-14T23:28:45.123Z")), p.publishedAt(Fixtures.VERSION));

    VersionDocument latest = p.latest().orElseThrow();
    assertEquals(Fixtures.VERSION, latest.version());
    assertEquals(Fixtures.NAME, latest.name());
    assertEquals(Optional.of(Fixtures.GIT_HEAD), latest.gitHead());
    assertEquals(Optional.of("GitHub Actions"), latest.npmUser());
    assertEquals(Optional.of("git+https://github.com/microsoft/playwright-cli.git"), latest.repositoryUrl());
    Dist dist = latest.dist();
    assertEquals(Optional.of(Fixtures.INTEGRITY), dist.integrity());
    assertEquals(Fixtures.SHASUM, dist.shasum());
    assertEquals(ORIGIN + "/@playwright/cli/-/cli-0.1.1.tgz", dist.tarball());
    assertEquals(Optional.of(ORIGIN + "/-/npm/v1/attestations/@playwright%2fcli@0.1.1"), dist.attestationsUrl());
    assertEquals(Optional.of(Fixtures.SLSA_V1), dist.provenancePredicateType());
    assertEquals(List.of(new RegistrySignature(Fixtures.KEYID, Fixtures.SIG)), dist.signatures());

    Dist plain = p.version("0.1.0").orElseThrow().dist();
    assertEquals(Optional.empty(), plain.attestationsUrl());
    assertEquals(Optional.empty(), plain.provenancePredicateType());
    assertEquals(List.of(), plain.signatures());

    assertEquals(Fixtures.VERSION, p.resolve(PackageSpec.parse(Fixtures.NAME)).orElseThrow().version());
    assertEquals("0.1.0", p.resolve(PackageSpec.parse(Fixtures.NAME + "@0.1.0")).orElseThrow().version());
    assertEquals(Optional.empty(), p.resolve(PackageSpec.parse(Fixtures.NAME + "@9.9.9")));
    assertThrows(UnsupportedOperationException.class, () -> p.versions().clear());
  }

  @Test
  void optionalFieldsMayBeAbsentAndRepositoryMayBeAString() throws Exception {
    ObjectNode root = Fixtures.packument(ORIGIN);
    root.put("repository", "github:microsoft/playwright-cli");
    ObjectNode old = (ObjectNode) root.get("versions").get("0.1.0");
    old.remove(List.of("gitHead", "repository", "_npmUser"));
    ((ObjectNode) old.get("dist")).remove("integrity");
    root.remove(List.of("time"));
    Packument p = PackumentParser.parse(Fixtures.bytes(root));
    assertEquals(Optional.of("github:microsoft/playwright-cli"), p.repositoryUrl());
    VersionDocument doc = p.version("0.1.0").orElseThrow();
    assertEquals(Optional.empty(), doc.gitHead());
    assertEquals(Optional.empty(), doc.repositoryUrl());
    assertEquals(Optional.empty(), doc.npmUser());
    assertEquals(Optional.empty(), doc.dist().integrity());
    assertTrue(p.time().isEmpty());
  }

  @Test
  void anUnpublishedPackumentHasNoVersions() throws Exception {
    String json = """
        {"_id":"gone","name":"gone","time":{"created":"2020-01-01T00:00:00.000Z",
         "modified":"2021-01-01T00:00:00.000Z",
         "unpublished":{"time":"2021-01-01T00:00:00.000Z","versions":["1.0.0"]}}}""";
    Packument p = PackumentParser.parse(json.getBytes(StandardCharsets.UTF_8));
    assertTrue(p.versions().isEmpty());
    assertTrue(p.distTags().isEmpty());
    assertEquals(Optional.empty(), p.latest());
    assertTrue(p.time().isEmpty());
  }

  @Test
  void aLatestTagPointingNowhereResolvesToNothing() throws Exception {
    ObjectNode root = Fixtures.packument(ORIGIN);
    ((ObjectNode) root.get("dist-tags")).put("latest", "7.0.0");
    assertEquals(Optional.empty(), PackumentParser.parse(Fixtures.bytes(root)).latest());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        edit("name_number_fail", r -> r.put("name", 5)),
        edit("name_missing_fail", r -> r.remove("name")),
        edit("name_empty_fail", r -> r.put("name", "")),
        edit("versions_array_fail", r -> r.putArray("versions")),
        edit("version_entry_string_fail", r -> versions(r).put("0.1.0", "x")),
        edit("version_key_mismatch_fail", r -> latest(r).put("version", "0.1.2")),
        edit("version_name_mismatch_fail", r -> latest(r).put("name", "left-pad")),
        edit("dist_missing_fail", r -> latest(r).remove("dist")),
        edit("dist_tarball_number_fail", r -> dist(r).put("tarball", 1)),
        edit("dist_tarball_missing_fail", r -> dist(r).remove("tarball")),
        edit("dist_shasum_missing_fail", r -> dist(r).remove("shasum")),
        edit("dist_integrity_number_fail", r -> dist(r).put("integrity", 1)),
        edit("dist_signatures_object_fail", r -> dist(r).putObject("signatures")),
        edit("dist_signature_not_object_fail", r -> dist(r).putArray("signatures").add("sig")),
        edit("dist_signature_keyid_missing_fail", r -> dist(r).putArray("signatures").addObject().put("sig", "x")),
        edit("dist_signatures_too_many_fail", r -> {
          var array = dist(r).putArray("signatures");
          for (int i = 0; i <= RegistryLimits.MAX_DIST_SIGNATURES; i++) {
            array.addObject().put("keyid", "k" + i).put("sig", "s");
          }
        }),
        edit("dist_attestations_string_fail", r -> dist(r).put("attestations", "url")),
        edit("dist_attestations_url_number_fail", r -> dist(r).putObject("attestations").put("url", 3)),
        edit("git_head_number_fail", r -> latest(r).put("gitHead", 1)),
        edit("npm_user_string_fail", r -> latest(r).put("_npmUser", "someone")),
        edit("repository_number_fail", r -> latest(r).put("repository", 1)),
        edit("repository_array_fail", r -> r.putArray("repository")),
        edit("repository_url_number_fail", r -> r.putObject("repository").put("url", 1)),
        edit("dist_tags_value_number_fail", r -> ((ObjectNode) r.get("dist-tags")).put("beta", 1)),
        edit("dist_tags_array_fail", r -> r.putArray("dist-tags")),
        edit("time_value_number_fail", r -> ((ObjectNode) r.get("time")).put("0.1.0", 12345)),
        edit("time_value_not_a_date_fail", r -> ((ObjectNode) r.get("time")).put("0.1.0", "yesterday")),
        edit("time_created_not_a_date_fail", r -> ((ObjectNode) r.get("time")).put("created", "2026")),
        edit("time_array_fail", r -> r.putArray("time")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsWrongTypes(String name, byte[] json) {
    assertThrows(JsonFormatException.class, () -> PackumentParser.parse(json));
  }

  static Stream<Arguments> notJson() {
    return Stream.of(
        Arguments.of("empty_fail", ""),
        Arguments.of("array_fail", "[]"),
        Arguments.of("string_fail", "\"sigstore\""),
        Arguments.of("truncated_fail", "{\"name\":\"x\",\"versions\":{"),
        Arguments.of("trailing_content_fail", "{\"name\":\"x\"} {}"),
        Arguments.of("duplicate_key_fail", "{\"name\":\"x\",\"name\":\"y\"}"),
        Arguments.of("duplicate_version_fail",
            "{\"name\":\"x\",\"versions\":{\"1.0.0\":{},\"1.0.0\":{}}}"),
        Arguments.of("too_deep_fail", "{\"name\":\"x\",\"junk\":" + "[".repeat(200) + "]".repeat(200) + "}"),
        Arguments.of("html_fail", "<html>Service Unavailable</html>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notJson")
  void rejectsWhatIsNotAPackument(String name, String text) {
    assertThrows(JsonFormatException.class, () -> PackumentParser.parse(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rejectsABodyOverTheBound() {
    byte[] json = Fixtures.bytes(Fixtures.packument(ORIGIN));
    assertThrows(JsonFormatException.class, () -> PackumentParser.parse(json, json.length - 1));
  }

  private static Arguments edit(String name, Consumer<ObjectNode> change) {
    ObjectNode root = Fixtures.packument(ORIGIN);
    change.accept(root);
    return Arguments.of(name, Fixtures.bytes(root));
  }

  private static ObjectNode versions(ObjectNode root) {
    return (ObjectNode) root.get("versions");
  }

  private static ObjectNode latest(ObjectNode root) {
    return (ObjectNode) versions(root).get(Fixtures.VERSION);
  }

  private static ObjectNode dist(ObjectNode root) {
    return (ObjectNode) latest(root).get("dist");
  }
}
