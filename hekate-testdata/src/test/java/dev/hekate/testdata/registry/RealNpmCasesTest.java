package dev.hekate.testdata.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.RealData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded real case loads into a fresh registry and is served as the real registry would. */
class RealNpmCasesTest {

  static List<RealNpmCase> cases() {
    return RealNpmCases.allCases();
  }

  @Test
  void catalogue() {
    List<RealNpmCase> all = RealNpmCases.allCases();
    assertEquals(37, all.size());
    Set<String> ids = new HashSet<>();
    for (RealNpmCase c : all) {
      assertTrue(ids.add(c.id()), "duplicate id " + c.id());
    }
    Map<ExpectedOutcome, Long> counts = all.stream()
        .collect(Collectors.groupingBy(RealNpmCase::expected, Collectors.counting()));
    assertEquals(Map.of(ExpectedOutcome.VERIFIED, 9L, ExpectedOutcome.FAILED, 27L, ExpectedOutcome.MISSING, 1L), counts);
    assertEquals(9, RealNpmCases.verified().size());
    assertEquals("gundam-visor", RealNpmCases.byId("slsa-verifier-cli/gundam-visor-cli-v1-tag").packageName());
    assertThrows(NoSuchElementException.class, () -> RealNpmCases.byId("nope"));
    assertThrows(IllegalArgumentException.class, () -> new RealNpmCase("x", "n", "1", "f",
        RealNpmCase.Format.RESPONSE, Optional.empty(), Optional.empty(), "f",
        ExpectedOutcome.FAILED, "", "a failure needs an area"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void servedAsTheRealRegistryWould(RealNpmCase c) throws Exception {
    RealData.require(c.attestationFile());
    try (FakeRegistry registry = FakeRegistry.start()) {
      registry.publish(c);
      Served s = Served.fetch(registry, c.packageName(), c.version());
      assertEquals(c.packageName(), s.packument().path("name").asText());
      assertEquals(c.version(), s.packument().at("/dist-tags/latest").asText());
      assertEquals(c.version(), s.manifest().path("version").asText());
      assertEquals(c.integrity(), s.integrity());

      // The attestations: byte for byte the recorded response (a bare bundle is wrapped).
      assertEquals(200, s.attestationsStatus());
      if (c.format() == RealNpmCase.Format.RESPONSE) {
        assertEquals(Http.json(Files.readAllBytes(RealNpmCase.resolve(c.attestationFile()))), s.attestations());
      } else {
        JsonNode only = s.attestations().at("/attestations/0");
        assertEquals(1, s.attestations().path("attestations").size());
        assertEquals(Http.json(Files.readAllBytes(RealNpmCase.resolve(c.attestationFile()))), only.path("bundle"));
        assertEquals(only.path("predicateType").asText(), Served.statement(only).path("predicateType").asText());
      }

      // The tarball: the real one hashes to the integrity; a tampered one does not; none is 404.
      if (c.servedTarballFile().isPresent()) {
        assertEquals(200, s.tarballStatus());
        assertArrayEquals(Files.readAllBytes(RealNpmCase.resolve(c.servedTarballFile().get())), s.tarball());
        assertNotEquals(s.integrity(), Served.sri(s.tarball()));
      } else if (c.tarballFile().isPresent()) {
        assertEquals(200, s.tarballStatus());
        assertEquals(s.integrity(), Served.sri(s.tarball()));
      } else {
        assertEquals(404, s.tarballStatus());
        assertEquals(PackageVersion.UNKNOWN_SHASUM, s.manifest().at("/dist/shasum").asText());
      }

      // The unsigned manifest agrees with the genuine provenance of this version.
      JsonNode reference = reference(c);
      JsonNode statement = Served.statement(reference);
      assertEquals(s.integrity(), Served.subjectSri(statement), "the genuine provenance is about this tarball");
      String gitHead = s.manifest().path("gitHead").asText();
      String repository = s.manifest().at("/repository/url").asText();
      assertTrue(gitHead.matches("[0-9a-f]{40}"), gitHead);
      assertTrue(repository.matches("git\\+https://github\\.com/[^/]+/[^/]+\\.git"), repository);
      JsonNode v02 = statement.at("/predicate/invocation/environment");
      if (!v02.isMissingNode()) {
        assertEquals(v02.path("GITHUB_SHA").asText(), gitHead);
        assertEquals("git+https://github.com/" + v02.path("GITHUB_REPOSITORY").asText() + ".git", repository);
      } else {
        JsonNode definition = statement.at("/predicate/buildDefinition");
        assertEquals(definition.at("/resolvedDependencies/0/digest/gitCommit").asText(), gitHead);
        assertEquals("git+" + definition.at("/externalParameters/workflow/repository").asText() + ".git", repository);
      }
      Instant logged = Instant.ofEpochSecond(
          reference.at("/bundle/verificationMaterial/tlogEntries/0/integratedTime").asLong());
      assertEquals(logged, c.publishedAt());
      assertEquals(RegistryJson.time(logged), s.packument().at("/time/" + c.version()).asText());
      assertTrue(s.manifest().at("/dist/signatures").isMissingNode(), "npm's own key cannot be faked");

      // Only an advertised provenance type when the response has a provenance entry.
      boolean hasProvenance = false;
      for (JsonNode e : s.attestations().path("attestations")) {
        hasProvenance |= e.path("predicateType").asText().startsWith("https://slsa.dev/provenance/");
      }
      assertEquals(hasProvenance, s.manifest().at("/dist/attestations/provenance/predicateType").isTextual());
    }
  }

  @Test
  void verifiedCasesHaveBothAttestationsAboutTheirTarball() {
    RealData.require("npm_attestations");
    for (RealNpmCase c : RealNpmCases.verified()) {
      JsonNode response = Http.json(c.attestationsResponse());
      Map<String, JsonNode> byType = StreamSupport
          .stream(response.path("attestations").spliterator(), false)
          .collect(Collectors.toMap(e -> e.path("predicateType").asText().replaceAll("/v[0-9.]+$", ""),
              Function.identity()));
      assertEquals(Set.of("https://github.com/npm/attestation/tree/main/specs/publish", "https://slsa.dev/provenance"),
          byType.keySet(), c.id());
      for (JsonNode entry : byType.values()) {
        JsonNode statement = Served.statement(entry);
        assertEquals(c.integrity(), Served.subjectSri(statement), c.id());
        String purl = statement.at("/subject/0/name").asText();
        assertEquals("pkg:npm/" + c.packageName().replace("@", "%40") + "@" + c.version(), purl, c.id());
      }
    }
  }

  @Test
  void casesSharingAVersionAgreeOnItsMetadata() {
    RealData.require("npm_attestations");
    Map<String, List<RealNpmCase>> byVersion = RealNpmCases.allCases().stream()
        .collect(Collectors.groupingBy(c -> c.packageName() + "@" + c.version()));
    assertEquals(10, byVersion.size());
    for (List<RealNpmCase> group : byVersion.values()) {
      RealNpmCase first = group.get(0);
      for (RealNpmCase c : group) {
        assertEquals(first.integrity(), c.integrity(), c.id());
        assertEquals(first.gitHead(), c.gitHead(), c.id());
        assertEquals(first.repositoryUrl(), c.repositoryUrl(), c.id());
      }
    }
    assertFalse(RealNpmCases.byId("slsa-verifier-unit/npm-attestations").tarballFile().isPresent());
  }

  private static JsonNode reference(RealNpmCase c) throws Exception {
    JsonNode file = Http.json(Files.readAllBytes(RealNpmCase.resolve(c.referenceFile())));
    if (!file.has("attestations")) {
      return Http.json(("{\"bundle\":" + file + "}").getBytes(StandardCharsets.UTF_8));
    }
    for (JsonNode e : file.path("attestations")) {
      if (e.path("predicateType").asText().startsWith("https://slsa.dev/provenance/")) {
        return e;
      }
    }
    throw new AssertionError(c.id() + ": the reference has no provenance");
  }
}
