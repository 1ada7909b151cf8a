package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
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

/**
 * The packument parser: the fields Hekate reads, their types, and what it ignores. Structural
 * damage fails ({@code *_fail}); informational fields of another type become absent.
 */
class PackumentParserTest {
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

  /** Structural damage: each fails the whole packument. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        edit("name_number_fail", r -> r.put("name", 5)),
        edit("name_missing_fail", r -> r.remove("name")),
        edit("name_empty_fail", r -> r.put("name", "")),
        edit("versions_array_fail", r -> r.putArray("versions")),
        edit("versions_string_fail", r -> r.put("versions", "0.1.1")),
        edit("version_entry_string_fail", r -> Fixtures.versions(r).put("0.1.0", "x")),
        edit("version_entry_null_fail", r -> Fixtures.versions(r).putNull("0.1.0")),
        edit("version_entry_array_fail", r -> Fixtures.versions(r).putArray("0.1.0")),
        edit("version_key_mismatch_fail", r -> Fixtures.latest(r).put("version", "0.1.2")),
        edit("version_version_missing_fail", r -> Fixtures.latest(r).remove("version")),
        edit("version_version_number_fail", r -> Fixtures.latest(r).put("version", 11)),
        edit("version_name_mismatch_fail", r -> Fixtures.latest(r).put("name", "left-pad")),
        edit("version_name_missing_fail", r -> Fixtures.latest(r).remove("name")),
        edit("dist_missing_fail", r -> Fixtures.latest(r).remove("dist")),
        edit("dist_string_fail", r -> Fixtures.latest(r).put("dist", "https://registry.npmjs.org/x.tgz")),
        edit("dist_array_fail", r -> Fixtures.latest(r).putArray("dist")),
        edit("dist_null_fail", r -> Fixtures.latest(r).putNull("dist")),
        edit("dist_tarball_number_fail", r -> Fixtures.dist(r).put("tarball", 1)),
        edit("dist_tarball_missing_fail", r -> Fixtures.dist(r).remove("tarball")),
        edit("dist_tarball_empty_fail", r -> Fixtures.dist(r).put("tarball", "")),
        edit("dist_shasum_missing_fail", r -> Fixtures.dist(r).remove("shasum")),
        edit("dist_shasum_number_fail", r -> Fixtures.dist(r).put("shasum", 0)),
        edit("dist_shasum_empty_fail", r -> Fixtures.dist(r).put("shasum", "")),
        edit("dist_integrity_number_fail", r -> Fixtures.dist(r).put("integrity", 1)),
        edit("dist_integrity_object_fail", r -> Fixtures.dist(r).putObject("integrity")),
        edit("old_version_dist_missing_fail", r -> old(r).remove("dist")),
        edit("dist_signatures_too_many_fail", r -> {
          var array = Fixtures.dist(r).putArray("signatures");
          for (int i = 0; i <= Limits.MAX_DIST_SIGNATURES; i++) {
            array.addObject().put("keyid", "k" + i).put("sig", "s");
          }
        }),
        edit("dist_tags_value_number_fail", r -> ((ObjectNode) r.get("dist-tags")).put("beta", 1)),
        edit("dist_tags_array_fail", r -> r.putArray("dist-tags")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsStructuralDamage(String name, byte[] json) {
    assertThrows(JsonFormatException.class, () -> PackumentParser.parse(json));
  }

  /** A check on the parsed packument of a lenient case. */
  @FunctionalInterface
  interface Expectation {
    void check(Packument packument);
  }

  /**
   * Informational fields of an unexpected type: the packument parses, the field is absent, and
   * everything else is as in {@link #readsTheFieldsHekateUses()}.
   */
  static Stream<Arguments> lenient() {
    return Stream.of(
        lenient("repository_array", r -> r.putArray("repository").add("git://github.com/microsoft/playwright-cli.git"),
            p -> assertEquals(Optional.empty(), p.repositoryUrl())),
        lenient("repository_number", r -> r.put("repository", 1),
            p -> assertEquals(Optional.empty(), p.repositoryUrl())),
        lenient("repository_url_number", r -> r.putObject("repository").put("url", 1),
            p -> assertEquals(Optional.empty(), p.repositoryUrl())),
        lenient("repository_without_url", r -> r.putObject("repository").put("type", "git"),
            p -> assertEquals(Optional.empty(), p.repositoryUrl())),
        lenient("version_repository_array", r -> Fixtures.latest(r).putArray("repository").addObject().put("url", "git://x"),
            p -> assertEquals(Optional.empty(), latestOf(p).repositoryUrl())),
        lenient("version_repository_boolean", r -> Fixtures.latest(r).put("repository", false),
            p -> assertEquals(Optional.empty(), latestOf(p).repositoryUrl())),
        lenient("npm_user_string", r -> Fixtures.latest(r).put("_npmUser", "isaacs <i@izs.me>"),
            p -> assertEquals(Optional.empty(), latestOf(p).npmUser())),
        lenient("npm_user_array", r -> Fixtures.latest(r).putArray("_npmUser").add("isaacs"),
            p -> assertEquals(Optional.empty(), latestOf(p).npmUser())),
        lenient("npm_user_name_number", r -> Fixtures.latest(r).putObject("_npmUser").put("name", 7),
            p -> assertEquals(Optional.empty(), latestOf(p).npmUser())),
        lenient("npm_user_approver", r -> Fixtures.latest(r).putObject("_npmUser").put("name", "ci")
                .putObject("approver").put("name", "alice").put("email", "alice@example.test"),
            p -> assertEquals(Optional.of("alice"), latestOf(p).approver())),
        lenient("npm_user_approver_without_name", r -> Fixtures.latest(r).putObject("_npmUser").putObject("approver"),
            p -> assertEquals(Optional.of(""), latestOf(p).approver())),
        lenient("npm_user_approver_string", r -> Fixtures.latest(r).putObject("_npmUser").put("approver", "alice"),
            p -> assertEquals(Optional.empty(), latestOf(p).approver())),
        lenient("npm_user_without_approver", r -> Fixtures.latest(r).putObject("_npmUser").put("name", "ci"),
            p -> assertEquals(Optional.empty(), latestOf(p).approver())),
        lenient("git_head_number", r -> Fixtures.latest(r).put("gitHead", 1),
            p -> assertEquals(Optional.empty(), latestOf(p).gitHead())),
        lenient("git_head_object", r -> Fixtures.latest(r).putObject("gitHead").put("sha", Fixtures.GIT_HEAD),
            p -> assertEquals(Optional.empty(), latestOf(p).gitHead())),
        lenient("git_head_empty", r -> Fixtures.latest(r).put("gitHead", ""),
            p -> assertEquals(Optional.empty(), latestOf(p).gitHead())),
        lenient("time_value_number", r -> time(r).put("0.1.0", 12345),
            p -> assertEquals(List.of(Fixtures.VERSION, "0.2.0-beta.1"), List.copyOf(p.time().keySet()))),
        lenient("time_value_not_a_date", r -> time(r).put("0.1.0", "yesterday"),
            p -> assertEquals(Optional.empty(), p.publishedAt("0.1.0"))),
        lenient("time_value_without_zone", r -> time(r).put("0.1.0", "2011-03-15 16:11:29"),
            p -> assertEquals(Optional.empty(), p.publishedAt("0.1.0"))),
        lenient("time_created_not_a_date", r -> time(r).put("created", "2026"),
            p -> {
              assertEquals(Optional.empty(), p.created());
              assertEquals(Optional.of(Instant.parse("2026-03-01T08:00:01Z")), p.modified());
            }),
        lenient("time_modified_object", r -> time(r).putObject("modified"),
            p -> assertEquals(Optional.empty(), p.modified())),
        lenient("time_array", r -> r.putArray("time").add("2026-01-20T10:00:00.000Z"),
            p -> {
              assertTrue(p.time().isEmpty());
              assertEquals(Optional.empty(), p.created());
            }),
        lenient("time_string", r -> r.put("time", "2026-01-20T10:00:00.000Z"),
            p -> assertTrue(p.time().isEmpty())),
        lenient("dist_attestations_string", r -> Fixtures.dist(r).put("attestations", "url"),
            p -> {
              assertEquals(Optional.empty(), latestOf(p).dist().attestationsUrl());
              assertEquals(Optional.empty(), latestOf(p).dist().provenancePredicateType());
            }),
        lenient("dist_attestations_url_number", r -> ((ObjectNode) Fixtures.dist(r).get("attestations")).put("url", 3),
            p -> {
              assertEquals(Optional.empty(), latestOf(p).dist().attestationsUrl());
              assertEquals(Optional.of(Fixtures.SLSA_V1), latestOf(p).dist().provenancePredicateType());
            }),
        lenient("dist_attestations_provenance_string", r -> ((ObjectNode) Fixtures.dist(r).get("attestations")).put("provenance", "v1"),
            p -> {
              assertEquals(Optional.of(ORIGIN + "/-/npm/v1/attestations/@playwright%2fcli@0.1.1"),
                  latestOf(p).dist().attestationsUrl());
              assertEquals(Optional.empty(), latestOf(p).dist().provenancePredicateType());
            }),
        lenient("old_version_dist_attestations_array", r -> ((ObjectNode) old(r).get("dist")).putArray("attestations"),
            p -> {
              assertEquals(Optional.empty(), p.version("0.1.0").orElseThrow().dist().attestationsUrl());
              assertEquals(Optional.of(Fixtures.SLSA_V1), latestOf(p).dist().provenancePredicateType());
            }),
        lenient("dist_signatures_object", r -> Fixtures.dist(r).putObject("signatures").put("keyid", Fixtures.KEYID),
            p -> assertEquals(List.of(), latestOf(p).dist().signatures())),
        lenient("dist_signatures_string", r -> Fixtures.dist(r).put("signatures", Fixtures.SIG),
            p -> assertEquals(List.of(), latestOf(p).dist().signatures())),
        lenient("dist_signature_malformed_entries_skipped", r -> {
          var array = Fixtures.dist(r).putArray("signatures");
          array.add("sig");
          array.addNull();
          array.addObject().put("sig", "x");
          array.addObject().put("keyid", "k").put("sig", 5);
          array.addObject().put("keyid", "").put("sig", "x");
          array.addObject().put("keyid", Fixtures.KEYID).put("sig", Fixtures.SIG);
        }, p -> assertEquals(List.of(new RegistrySignature(Fixtures.KEYID, Fixtures.SIG)), latestOf(p).dist().signatures())),
        lenient("odd_types_in_fields_hekate_does_not_read", r -> {
          Fixtures.latest(r).put("bin", 5).putArray("engines").add("node >= 0.4");
          Fixtures.latest(r).put("directories", "lib").put("deprecated", false).putNull("scripts");
          Fixtures.latest(r).put("_hasShrinkwrap", "yes").putArray("_npmOperationalInternal");
        }, p -> assertEquals(Optional.of(Fixtures.GIT_HEAD), latestOf(p).gitHead())),
        lenient("an_ancient_version", r -> {
          // The shape of a 2011 publish: no gitHead, integrity or signatures; string _npmUser;
          // repository as an array; a time entry in another format.
          ObjectNode old = old(r);
          old.remove(List.of("gitHead"));
          old.put("_npmUser", "isaacs <i@izs.me>");
          old.putArray("repository").addObject().put("type", "git").put("url", "git://github.com/x/y.git");
          ((ObjectNode) old.get("dist")).remove("integrity");
          time(r).put("0.1.0", "Tue Mar 15 2011 16:11:29 GMT+0000");
        }, p -> {
          VersionDocument ancient = p.version("0.1.0").orElseThrow();
          assertEquals(Optional.empty(), ancient.gitHead());
          assertEquals(Optional.empty(), ancient.npmUser());
          assertEquals(Optional.empty(), ancient.repositoryUrl());
          assertEquals(Optional.empty(), ancient.dist().integrity());
          assertEquals(Optional.empty(), p.publishedAt("0.1.0"));
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lenient")
  void informationalFieldsOfAnotherTypeAreAbsent(String name, byte[] json, Expectation expectation) throws Exception {
    Packument p = PackumentParser.parse(json);
    expectation.check(p);
    // The rest of the packument is untouched.
    assertEquals(List.of("0.1.0", Fixtures.VERSION, "0.2.0-beta.1"), List.copyOf(p.versions().keySet()));
    Dist dist = latestOf(p).dist();
    assertEquals(Optional.of(Fixtures.INTEGRITY), dist.integrity());
    assertEquals(Fixtures.SHASUM, dist.shasum());
    assertEquals(ORIGIN + "/@playwright/cli/-/cli-0.1.1.tgz", dist.tarball());
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
        // Found by fuzzing: Jackson's NumberFormatException escaped the parser.
        Arguments.of("number_out_of_range_fail", "{\"name\":\"x\",\"time\":{\"1.0.0\":9e7399344108}}"),
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

  private static Arguments lenient(String name, Consumer<ObjectNode> change, Expectation expectation) {
    ObjectNode root = Fixtures.packument(ORIGIN);
    change.accept(root);
    return Arguments.of(name, Fixtures.bytes(root), expectation);
  }

  private static VersionDocument latestOf(Packument packument) {
    return packument.version(Fixtures.VERSION).orElseThrow();
  }

  private static ObjectNode old(ObjectNode root) {
    return (ObjectNode) Fixtures.versions(root).get("0.1.0");
  }

  private static ObjectNode time(ObjectNode root) {
    return (ObjectNode) root.get("time");
  }
}
