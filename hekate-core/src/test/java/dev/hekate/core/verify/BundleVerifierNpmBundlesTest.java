package dev.hekate.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.json.Json;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.testdata.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real npm bundle in ../shared/realdata/npm_attestations, verified at the bundle level with
 * the embedded public-good trust: provenance against its Fulcio certificate (GitHub Actions
 * issuer), publish attestations against the npm registry key their hint names, valid at their
 * integrated time. Bundle v0.1 (intoto, SET only), v0.2 (intoto with proof) and v0.3 (dsse).
 */
class BundleVerifierNpmBundlesTest {
  static final String PUBLISH = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";
  static final Policy PROVENANCE_POLICY = Policy.identity(
      IdentityPolicy.regex("https://github\\.com/[^/]+/[^/]+/\\.github/workflows/.+", "https://token.actions.githubusercontent.com"));
  static final Policy PUBLISH_POLICY = Policy.trustedKeys(EmbeddedTrust.npmKeys(), TrustedKeys.NPM_ATTESTATIONS);

  private final BundleVerifier verifier = new BundleVerifier(EmbeddedTrust.publicGoodTrustedRoot());

  static Path npm() {
    return RealData.require().resolve("npm_attestations");
  }

  @TestFactory
  Stream<DynamicTest> slsaVerifierRegistryResponses() throws IOException {
    Path dir = npm().resolve("slsa-verifier-cli");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".tgz.json")).sorted().toList().stream()
          .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String name = f.getFileName().toString();
            Path tarball = dir.resolve(name.substring(0, name.length() - ".json".length()));
            Artifact artifact = Artifact.ofBytes(Files.readAllBytes(tarball));
            for (JsonNode attestation : attestations(f)) {
              boolean publish = PUBLISH.equals(attestation.path("predicateType").asText());
              boolean tampered = publish ? name.contains("invalidsigpub") : name.contains("invalidsigprov");
              VerificationResult result = verify(attestation.get("bundle"), artifact, publish);
              assertEquals(!tampered, result.verified(),
                  (publish ? "publish" : "provenance") + " of " + name + ": " + result.firstFailure());
              if (tampered) {
                // The payload was edited without re-signing: the log entry's payload hash and the
                // DSSE signature both disagree; the log entry is checked first.
                CheckResult failure = result.firstFailure().orElseThrow();
                assertTrue(Set.of(CheckId.TLOG_ENTRY_BODY, CheckId.DSSE_SIGNATURE).contains(failure.id()), failure.toString());
                // The log recorded another payload hash (two values); a signature that does not verify is invalid.
                assertEquals(Optional.of(failure.id() == CheckId.TLOG_ENTRY_BODY ? FailureKind.MISMATCH : FailureKind.INVALID),
                    failure.kind(), failure.toString());
              }
            }
          }));
    }
  }

  @Test
  void playwrightCliWithTheRotatedNpmKeyAndDsseEntries() throws IOException {
    Path dir = npm().resolve("sigstore-dotnet-playwright-cli");
    Artifact artifact = Artifact.ofBytes(Files.readAllBytes(dir.resolve("playwright-cli-0.1.1.tgz")));
    for (JsonNode attestation : attestations(dir.resolve("playwright-cli-0.1.1-attestations.json"))) {
      boolean publish = PUBLISH.equals(attestation.path("predicateType").asText());
      VerificationResult result = verify(attestation.get("bundle"), artifact, publish);
      assertTrue(result.verified(), String.valueOf(result.firstFailure()));
      VerifiedBundle verified = result.verifiedBundle().orElseThrow();
      assertEquals("dsse/0.0.1", verified.logEntries().get(0).kindVersion());
      if (!publish) {
        assertEquals("https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1",
            verified.subjectAlternativeNames().get(0));
        assertEquals("github-hosted",
            verified.fulcioExtensions().orElseThrow().runnerEnvironment());
      }
    }
  }

  /** A payload parsed beforehand stands in only for the bundle's own payload, byte for byte. */
  @Test
  void aPayloadParsedForAnotherBundleIsNotReused() throws Exception {
    Path dir = npm().resolve("sigstore-dotnet-playwright-cli");
    Artifact artifact = Artifact.ofBytes(Files.readAllBytes(dir.resolve("playwright-cli-0.1.1.tgz")));
    List<JsonNode> attestations = attestations(dir.resolve("playwright-cli-0.1.1-attestations.json"));
    for (JsonNode attestation : attestations) {
      boolean publish = PUBLISH.equals(attestation.path("predicateType").asText());
      JsonNode other = attestations.stream().filter(a -> a != attestation).findFirst().orElseThrow();
      dev.hekate.core.bundle.Bundle bundle = dev.hekate.core.bundle.BundleParser.parse(attestation.get("bundle"));
      Policy policy = publish ? PUBLISH_POLICY : PROVENANCE_POLICY;
      for (InTotoStatement.Parse stale : List.of(
          InTotoStatement.Parse.of(InTotoStatement.PAYLOAD_TYPE, payload(other)),
          InTotoStatement.Parse.of(InTotoStatement.PAYLOAD_TYPE, "{".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          InTotoStatement.Parse.of("text/plain", payload(attestation)))) {
        VerificationResult result = verifier.verify(bundle, artifact, policy, stale);

        assertVerified(result);
        assertEquals(attestation.path("predicateType").asText(),
            result.verifiedBundle().orElseThrow().statement().orElseThrow().predicateType());
      }
      VerificationResult reused = verifier.verify(bundle, artifact, policy,
          InTotoStatement.Parse.of(InTotoStatement.PAYLOAD_TYPE, payload(attestation)));
      assertVerified(reused);
      assertEquals(verify(attestation.get("bundle"), artifact, publish).checks(), reused.checks());
    }
  }

  private static byte[] payload(JsonNode attestation) {
    return java.util.Base64.getDecoder().decode(attestation.at("/bundle/dsseEnvelope/payload").asText());
  }

  @Test
  void aTamperedTarballIsNotTheAttestedSubject() throws IOException {
    Path dir = npm().resolve("sigstore-dotnet-playwright-cli");
    Artifact tampered = Artifact.ofBytes(Files.readAllBytes(
        npm().resolve("_DERIVED/playwright-cli-0.1.1.TAMPERED-appended-byte.tgz")));
    for (JsonNode attestation : attestations(dir.resolve("playwright-cli-0.1.1-attestations.json"))) {
      boolean publish = PUBLISH.equals(attestation.path("predicateType").asText());
      VerificationResult result = verify(attestation.get("bundle"), tampered, publish);
      assertFalse(result.verified());
      assertEquals(CheckId.STATEMENT_SUBJECT, result.firstFailure().orElseThrow().id());
      assertEquals(Optional.of(FailureKind.MISMATCH), result.firstFailure().orElseThrow().kind());
    }
  }

  @Test
  void sigstore130SetOnlyV01Bundles() throws IOException {
    Path dir = npm().resolve("sigstore-go-sigstore@1.3.0");
    Artifact artifact = Artifact.ofBytes(Files.readAllBytes(dir.resolve("sigstore-1.3.0.tgz")));
    assertVerified(verify(read(dir.resolve("bundle-provenance.json")), artifact, false));
    assertVerified(verify(read(dir.resolve("bundle-publish.json")), artifact, true));
    for (JsonNode attestation : attestations(dir.resolve("DERIVED-attestations-response.json"))) {
      boolean publish = PUBLISH.equals(attestation.path("predicateType").asText());
      assertVerified(verify(attestation.get("bundle"), artifact, publish));
    }
  }

  @Test
  void sigstore200V01BundleWithInclusionProof() throws IOException {
    Path dir = npm().resolve("sigstore-go-sigstore@2.0.0");
    Artifact artifact = Artifact.ofBytes(Files.readAllBytes(dir.resolve("sigstore-2.0.0.tgz")));
    VerificationResult result = verify(read(dir.resolve("sigstore.js@2.0.0-provenance.sigstore.json")), artifact, false);
    assertVerified(result);
    assertTrue(result.checks().stream().anyMatch(c -> c.id() == CheckId.TLOG_INCLUSION_PROOF));
  }

  @Test
  void sigstore210InEveryRendering() throws IOException {
    Path dir = npm().resolve("gh-cli-sigstore-js-2.1.0");
    Artifact artifact = Artifact.ofBytes(Files.readAllBytes(dir.resolve("sigstore-js-2.1.0.tgz")));
    assertVerified(verify(read(dir.resolve("sigstore-js-2.1.0-bundle-v0.1.json")), artifact, false));
    assertVerified(verify(read(dir.resolve("sigstore-js-2.1.0-bundle.json")), artifact, false));
    List<String> lines = Files.readAllLines(dir.resolve("sigstore-js-2.1.0_with_2_bundles.jsonl"));
    assertEquals(2, lines.size());
    for (String line : lines) {
      assertVerified(verifier.verify(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), artifact, PROVENANCE_POLICY));
    }
    VerificationResult invalid = verifier.verify(Files.readAllBytes(dir.resolve("sigstoreBundle-invalid-signature.json")),
        artifact, PROVENANCE_POLICY);
    assertFalse(invalid.verified());
  }

  @TestFactory
  Stream<DynamicTest> slsaVerifierUnitVariants() throws IOException {
    Path dir = npm().resolve("slsa-verifier-unit");
    // The tarball of @laurentsimon/provenance-npm-test@1.0.0 is not available; its digest is
    // taken from the good response's provenance statement, which the publish statement must match.
    Digest digest = subjectDigest(attestations(dir.resolve("npm-attestations.intoto.sigstore")));
    Artifact artifact = Artifact.ofDigest(digest);
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
        boolean good = f.getFileName().toString().equals("npm-attestations.intoto.sigstore");
        boolean allVerified = true;
        for (JsonNode attestation : attestations(f)) {
          String declared = attestation.path("predicateType").asText();
          VerificationResult result = verify(attestation.get("bundle"), artifact, PUBLISH.equals(declared));
          // The response's unsigned predicateType must agree with the signed statement's: a bundle
          // that verifies under another label is still a failed npm attestation.
          allVerified &= result.verified() && result.verifiedBundle().orElseThrow().statement()
              .map(InTotoStatement::predicateType).orElse("").equals(declared);
        }
        assertEquals(good, allVerified, f.getFileName().toString());
      }));
    }
  }

  private static Digest subjectDigest(List<JsonNode> attestations) throws IOException {
    for (JsonNode attestation : attestations) {
      if (!PUBLISH.equals(attestation.path("predicateType").asText())) {
        byte[] payload = java.util.Base64.getDecoder().decode(attestation.at("/bundle/dsseEnvelope/payload").asText());
        try {
          InTotoStatement statement = InTotoStatement.parse(InTotoStatement.PAYLOAD_TYPE, payload);
          return statement.subjects().get(0).digests().stream()
              .filter(d -> d.algorithm().equals("sha512")).findFirst().orElseThrow();
        } catch (dev.hekate.core.result.VerificationException e) {
          throw new AssertionError(e.getMessage());
        }
      }
    }
    throw new AssertionError("no provenance");
  }

  private VerificationResult verify(JsonNode bundle, Artifact artifact, boolean publish) throws IOException {
    return verifier.verify(Json.mapper().writeValueAsBytes(bundle), artifact, publish ? PUBLISH_POLICY : PROVENANCE_POLICY);
  }

  private static void assertVerified(VerificationResult result) {
    assertTrue(result.verified(), String.valueOf(result.firstFailure()));
  }

  private static JsonNode read(Path file) throws IOException {
    return Json.mapper().readTree(Files.readAllBytes(file));
  }

  private static List<JsonNode> attestations(Path file) throws IOException {
    JsonNode root = read(file);
    List<JsonNode> list = new java.util.ArrayList<>();
    root.path("attestations").forEach(list::add);
    assertFalse(list.isEmpty(), "no attestations in " + file);
    return list;
  }
}
