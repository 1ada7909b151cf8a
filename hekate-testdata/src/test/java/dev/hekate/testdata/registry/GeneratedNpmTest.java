package dev.hekate.testdata.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.FakeSigstore;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Generated packages, read back over HTTP: consistent, shaped as each generation, deterministic. */
class GeneratedNpmTest {

  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String PUBLISH = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";
  private static final String SLSA_V1 = "https://slsa.dev/provenance/v1";
  private static FakeRegistry registry;

  @BeforeAll
  static void start() {
    registry = FakeRegistry.start();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @ParameterizedTest
  @EnumSource(BundleGeneration.class)
  void everyPartAgreesWithEveryOther(BundleGeneration generation) throws Exception {
    String name = "@hekate-gen/" + generation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    GeneratedPackage p = GeneratedNpm.publishVerified(registry, SIGSTORE, name, "1.2.3", generation);
    Served s = Served.fetch(registry, name, "1.2.3");

    assertEquals(200, s.tarballStatus());
    assertArrayEquals(p.tarball(), s.tarball());
    assertEquals(Served.sri(s.tarball()), s.integrity());
    assertEquals(p.integrity(), s.integrity());
    assertEquals(200, s.attestationsStatus());
    assertEquals(Http.json(p.attestations()), s.attestations());

    JsonNode publish = s.attestations().at("/attestations/0");
    JsonNode provenance = s.attestations().at("/attestations/1");
    assertEquals(PUBLISH, publish.path("predicateType").asText());
    assertEquals(SLSA_V1, provenance.path("predicateType").asText());
    assertEquals(SLSA_V1, s.manifest().at("/dist/attestations/provenance/predicateType").asText());
    for (JsonNode entry : List.of(publish, provenance)) {
      JsonNode statement = Served.statement(entry);
      assertEquals(entry.path("predicateType").asText(), statement.path("predicateType").asText());
      assertEquals("pkg:npm/%40hekate-gen/" + name.substring(name.indexOf('/') + 1) + "@1.2.3",
          statement.at("/subject/0/name").asText());
      assertEquals(s.integrity(), Served.subjectSri(statement));
    }

    // Bundle shapes of the generation.
    assertEquals(generation.publishVersion().mediaType(), publish.at("/bundle/mediaType").asText());
    assertEquals(generation.provenanceVersion().mediaType(), provenance.at("/bundle/mediaType").asText());
    for (JsonNode entry : List.of(publish, provenance)) {
      JsonNode tlog = entry.at("/bundle/verificationMaterial/tlogEntries/0");
      assertEquals(generation.tlogKind().kind(), tlog.at("/kindVersion/kind").asText());
      assertEquals(generation.tlogKind().version(), tlog.at("/kindVersion/version").asText());
      assertTrue(tlog.has("inclusionPromise"));
      assertEquals(generation.inclusionProof(), tlog.has("inclusionProof"));
    }
    assertEquals(SIGSTORE.npmKey().keyId(), publish.at("/bundle/verificationMaterial/publicKey/hint").asText());

    // The unsigned manifest agrees with the signed provenance.
    JsonNode statement = Served.statement(provenance);
    String repository = statement.at("/predicate/buildDefinition/externalParameters/workflow/repository").asText();
    assertEquals("https://github.com/hekate-gen/" + name.substring(name.indexOf('/') + 1), repository);
    assertEquals("git+" + repository + ".git", s.manifest().at("/repository/url").asText());
    assertEquals(statement.at("/predicate/buildDefinition/resolvedDependencies/0/digest/gitCommit").asText(),
        s.manifest().path("gitHead").asText());
    assertEquals(p.gitHead(), s.manifest().path("gitHead").asText());
    assertEquals("refs/tags/v1.2.3", statement.at("/predicate/buildDefinition/externalParameters/workflow/ref").asText());
    X509Certificate leaf = p.provenance().certificate().orElseThrow();
    String san = (String) leaf.getSubjectAlternativeNames().iterator().next().get(1);
    assertEquals(repository + "/.github/workflows/release.yml@refs/tags/v1.2.3", san);
    assertEquals(p.identity(), san);
    leaf.verify(SIGSTORE.ca().intermediateCertificate().getPublicKey());

    // Published when the provenance was logged, and signed by the registry key.
    Instant logged = Instant.ofEpochSecond(Long.parseLong(
        provenance.at("/bundle/verificationMaterial/tlogEntries/0/integratedTime").asText()));
    assertEquals(logged, p.publishedAt());
    assertEquals(RegistryJson.time(logged), s.packument().at("/time/1.2.3").asText());
    JsonNode sig = s.manifest().at("/dist/signatures/0");
    assertEquals(SIGSTORE.npmKey().keyId(), sig.path("keyid").asText());
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(SIGSTORE.npmKey().publicKey());
    verifier.update((name + "@1.2.3:" + s.integrity()).getBytes(StandardCharsets.UTF_8));
    assertTrue(verifier.verify(Base64.getDecoder().decode(sig.path("sig").asText())));
  }

  @Test
  void tarballIsAnNpmPackage() {
    Map<String, byte[]> files = Served.untar(GeneratedNpm.tarball("left-pad", "1.3.0"));
    assertEquals(List.of("package/package.json", "package/index.js"), List.copyOf(files.keySet()));
    JsonNode manifest = Http.json(files.get("package/package.json"));
    assertEquals("left-pad", manifest.path("name").asText());
    assertEquals("1.3.0", manifest.path("version").asText());
    assertEquals("git+https://github.com/hekate-test/left-pad.git", manifest.at("/repository/url").asText());
  }

  @Test
  void sameArgumentsSameBytes() {
    GeneratedPackage a = GeneratedNpm.generate(SIGSTORE, "same", "1.0.0", BundleGeneration.V02_INTOTO_PROOF);
    GeneratedPackage b = GeneratedNpm.generate(SIGSTORE, "same", "1.0.0", BundleGeneration.V02_INTOTO_PROOF);
    assertArrayEquals(a.tarball(), b.tarball());
    assertArrayEquals(a.attestations(), b.attestations());
    assertEquals(a, b);
    GeneratedPackage c = GeneratedNpm.generate(SIGSTORE, "same", "1.0.1", BundleGeneration.V02_INTOTO_PROOF);
    assertFalse(a.integrity().equals(c.integrity()));
    assertFalse(a.gitHead().equals(c.gitHead()));
  }

  @Test
  void repositoriesFollowTheName() {
    assertEquals("https://github.com/scope/pkg", GeneratedNpm.repositoryOf("@scope/pkg"));
    assertEquals("https://github.com/hekate-test/pkg", GeneratedNpm.repositoryOf("pkg"));
    assertEquals("https://github.com/scope/pkg/.github/workflows/release.yml@refs/tags/v2.0.0",
        GeneratedNpm.workflowIdentity("@scope/pkg", "2.0.0"));
    assertEquals(40, GeneratedNpm.commitOf("pkg", "1.0.0").length());
  }

  @Test
  void keysDocumentServesTheRegistryKey() {
    registry.setKeys(FakeRegistry.keysDocument(SIGSTORE.npmKey()));
    JsonNode keys = Http.json(Http.get(registry.baseUrl(), "-/npm/v1/keys"));
    assertEquals(SIGSTORE.npmKey().keyId(), keys.at("/keys/0/keyid").asText());
  }
}
