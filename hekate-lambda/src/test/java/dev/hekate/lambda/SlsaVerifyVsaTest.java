package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.slsa.ArtifactVerifier;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.vsa.Dsse;
import dev.hekate.core.vsa.KeyIds;
import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.core.vsa.SigningException;
import dev.hekate.core.vsa.VsaCheck;
import dev.hekate.core.vsa.VsaIssuer;
import dev.hekate.core.vsa.VsaSigner;
import dev.hekate.lambda.log.JsonLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/slsa/verify} on a deployment that signs: a decision carries its signed summary
 * ({@code vsa}), checked here with the JDK's ECDSA and the deployment's public key over a PAE the
 * project writes ({@link Signatures#pae}), and by the project's own checker ({@link VsaCheck}) with
 * that key pinned; "could not look" and faults inside Hekate carry none; a
 * deployment without a signer answers as before; a signer that fails is {@code signing_unavailable}.
 * Real slsa-github-generator provenance, as {@link SlsaVerifyApiTest}.
 */
class SlsaVerifyVsaTest {
  private static final JsonLog QUIET = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
  private static final Instant NOW = Instant.parse("2026-12-07T01:02:03.456Z");
  private static final URI VERIFIER = URI.create("https://hekate.example/");
  private static final LocalKeySigner SIGNER = LocalKeySigner.generate();
  private static final ArtifactVerifier ARTIFACTS = new ArtifactVerifier(EmbeddedTrust.publicGoodTrustedRoot());

  private static VsaIssuer issuer(VsaSigner signer) {
    return ClientWiring.vsaIssuer(Settings.defaults(), signer, VERIFIER, "1.0");
  }

  /** {@link SlsaVerifyApiTest#service}'s service, signing with {@code issuer} when given. */
  private static ApiHandler handler(Optional<VsaIssuer> issuer) {
    return new ApiHandler(SlsaVerifyApiTest.service(() -> ARTIFACTS, issuer), QUIET, MetricsFlush.OFF,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static final ApiHandler SIGNING = handler(Optional.of(issuer(SIGNER)));
  /** What the real provenance's signed statement names the artifact (the request calls it binary-linux-amd64). */
  private static final String SIGNED_NAME = "gha_generic-binary-linux-amd64-workflow_dispatch";

  private static APIGatewayV2HTTPResponse send(ApiHandler handler, ObjectNode body) {
    return handler.handleRequest(SlsaVerifyApiTest.post("application/json", Json.write(body), false), null);
  }

  private static JsonNode answer(APIGatewayV2HTTPResponse response) throws Exception {
    assertEquals(200, response.getStatusCode(), response.getBody());
    return Json.mapper().readTree(response.getBody());
  }

  /** The statement {@code envelope} signs, after its one signature verified with {@code key}. */
  static JsonNode signedStatement(JsonNode envelope, PublicKey key) throws Exception {
    assertEquals(Dsse.IN_TOTO, envelope.path("payloadType").asText());
    assertEquals(1, envelope.path("signatures").size());
    JsonNode signature = envelope.path("signatures").get(0);
    assertEquals(KeyIds.of(key), signature.path("keyid").asText());
    byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initVerify(key);
    ecdsa.update(Signatures.pae(Dsse.IN_TOTO, payload));
    assertTrue(ecdsa.verify(Base64.getDecoder().decode(signature.path("sig").asText())), "the signature verifies");
    return Json.mapper().readTree(payload);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aVerifiedRequestCarriesASignedPassedSummaryOfItsArtifacts() throws Exception {
    ObjectNode body = SlsaVerifyApiTest.branchBuild();
    Path file = SlsaVerifyApiTest.generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl");
    // The provenance as base64: its digest in the summary is that of the file's bytes.
    body.put("provenance", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
    JsonNode result = answer(send(SIGNING, body));
    assertTrue(result.path("verified").asBoolean(), result.toString());

    JsonNode statement = signedStatement(result.path("vsa"), SIGNER.publicKey());
    assertEquals("https://in-toto.io/Statement/v1", statement.path("_type").asText());
    assertEquals("https://slsa.dev/verification_summary/v1", statement.path("predicateType").asText());
    ObjectNode subject = Json.newObject();
    subject.put("name", SIGNED_NAME);
    subject.putObject("digest").put("sha256", body.path("artifacts").get(0).path("sha256").asText());
    assertEquals(List.of(subject), List.copyOf(Json.mapper().convertValue(statement.path("subject"),
        new com.fasterxml.jackson.core.type.TypeReference<List<ObjectNode>>() {})));
    JsonNode predicate = statement.path("predicate");
    assertEquals(VERIFIER.toString(), predicate.path("verifier").path("id").asText());
    assertEquals("1.0", predicate.path("verifier").path("version").path("hekate").asText());
    assertEquals("2026-12-07T01:02:03Z", predicate.path("timeVerified").asText());
    assertEquals("git+https://" + SlsaVerifyApiTest.SOURCE, predicate.path("resourceUri").asText());
    VsaIssuer issuer = issuer(SIGNER);
    assertEquals(issuer.policy().uri().toString(), predicate.path("policy").path("uri").asText());
    assertEquals(issuer.policy().sha256(), predicate.path("policy").path("digest").path("sha256").asText());
    assertEquals(sha256(Files.readAllBytes(file)),
        predicate.path("inputAttestations").get(0).path("digest").path("sha256").asText());
    assertEquals("PASSED", predicate.path("verificationResult").asText());
    assertEquals("[\"SLSA_BUILD_LEVEL_3\"]", predicate.path("verifiedLevels").toString());
    assertEquals("1.0", predicate.path("slsaVersion").asText());
    JsonNode companion = predicate.path("hekateVerdict");
    assertEquals("VERIFIED", companion.path("status").asText());
    assertEquals(result.path("checks"), companion.path("checks"), "the checks the answer gives");
    assertEquals(result.path("builderId"), companion.path("builderId"));

    VsaCheck.Accepted accepted = checked(result.path("vsa"), SIGNED_NAME,
        body.path("artifacts").get(0).path("sha256").asText(), "git+https://" + SlsaVerifyApiTest.SOURCE,
        List.of("SLSA_BUILD_LEVEL_3"));
    assertTrue(accepted.passed());
    assertEquals(Optional.of("VERIFIED"), accepted.hekateStatus());
  }

  /** What the project's own checker ({@code hekate network verify-vsa}'s) accepts of {@code envelope}, pinning the deployment's key. */
  private static VsaCheck.Accepted checked(JsonNode envelope, String name, String sha256, String resourceUri,
      List<String> levels) {
    VsaCheck.Outcome outcome = VsaCheck.check(Json.write(envelope).getBytes(StandardCharsets.UTF_8),
        List.of(new VsaCheck.PinnedKey(SIGNER.keyId(), SIGNER.publicKey())),
        new VsaCheck.Expectation(VERIFIER, name, "sha256", sha256, resourceUri, NOW, Duration.ofMinutes(1), levels));
    assertEquals(Optional.empty(), outcome.reason(), outcome.message());
    return outcome.accepted().orElseThrow();
  }

  /**
   * What is signed is what was verified: a subject is named as the signed statement names it, never
   * by the caller's {@code name}, and the resource is the verified repository — a {@code resourceUri}
   * of the caller's is refused, or anyone's provenance could vouch for another's resource.
   */
  @Test
  void theCallerNamesNeitherTheSubjectNorTheResource() throws Exception {
    ObjectNode body = SlsaVerifyApiTest.branchBuild();
    String sha = body.path("artifacts").get(0).path("sha256").asText();
    body.putArray("artifacts").addObject().put("name", "victim-release.tar.gz")
        .put("sha256", sha.toUpperCase(java.util.Locale.ROOT));
    JsonNode statement = signedStatement(answer(send(SIGNING, body)).path("vsa"), SIGNER.publicKey());
    assertEquals(SIGNED_NAME, statement.path("subject").get(0).path("name").asText());
    assertEquals(sha, statement.path("subject").get(0).path("digest").path("sha256").asText());
    assertEquals("git+https://" + SlsaVerifyApiTest.SOURCE, statement.path("predicate").path("resourceUri").asText());

    body.put("resourceUri", "git+https://github.com/victim/repo");
    APIGatewayV2HTTPResponse response = send(SIGNING, body);
    assertEquals(400, response.getStatusCode(), response.getBody());
    assertEquals("unknown_field", Json.mapper().readTree(response.getBody()).path("error").asText());
  }

  /**
   * The caller chose the provenance and the digests: a FAILED or MISSING answer says nothing about
   * an artifact a signature should carry (else anyone could have a FAILED summary signed for anyone's
   * digest). Answered, unsigned.
   */
  @Test
  void anAnswerNotVerifiedIsUnsigned() throws Exception {
    ObjectNode failed = SlsaVerifyApiTest.branchBuild();
    failed.put("sourceUri", "github.com/slsa-framework/example-packageA");
    JsonNode result = answer(send(SIGNING, failed));
    assertFalse(result.path("verified").asBoolean());
    assertEquals("slsa.source FAILED", SlsaVerifyApiTest.firstProblem(result));
    assertFalse(result.has("vsa"), result.toString());

    Path dir = dev.hekate.testdata.RealData.require("slsa_github_generator/gha_generic-v2.0.0");
    ObjectNode missing = SlsaVerifyApiTest.branchBuild();
    missing.put("provenance", Base64.getEncoder().encodeToString(
        Files.readAllBytes(dir.resolve("binary-linux-amd64-workflow_dispatch.intoto.jsonl"))));
    missing.remove("builderId");
    missing.putArray("artifacts").addObject().put("sha256", SlsaVerifyApiTest.sha256(dir.resolve("binary-linux-amd64")));
    JsonNode unlogged = answer(send(SIGNING, missing));
    assertEquals("slsa.provenance MISSING", SlsaVerifyApiTest.firstProblem(unlogged));
    assertFalse(unlogged.has("vsa"), unlogged.toString());
  }

  @Test
  void withoutASignerTheAnswerIsUnsigned() throws Exception {
    JsonNode result = answer(send(handler(Optional.empty()), SlsaVerifyApiTest.branchBuild()));
    assertTrue(result.path("verified").asBoolean());
    assertFalse(result.has("vsa"), result.toString());
  }

  @Test
  void aSignerThatFailsIsSigningUnavailableWithRetryAfter() throws Exception {
    VsaSigner failing = new VsaSigner() {
      @Override
      public String keyId() {
        return SIGNER.keyId();
      }

      @Override
      public PublicKey publicKey() {
        return SIGNER.publicKey();
      }

      @Override
      public byte[] sign(byte[] message) throws SigningException {
        throw new SigningException("the key service is down");
      }
    };
    APIGatewayV2HTTPResponse response = send(handler(Optional.of(issuer(failing))), SlsaVerifyApiTest.branchBuild());
    assertEquals(503, response.getStatusCode(), response.getBody());
    JsonNode body = Json.mapper().readTree(response.getBody());
    assertEquals("signing_unavailable", body.path("error").asText());
    assertFalse(body.has("verified"), "no unsigned result where a signed one is due");
    assertFalse(response.getBody().contains("key service"), "the signer's message is for the log");
    assertTrue(response.getHeaders().containsKey("Retry-After"), response.getHeaders().toString());
  }

  @Test
  void aFaultInsideHekateIsAnInternalErrorWithoutSummary() throws Exception {
    VerdictService broken = SlsaVerifyApiTest.service(() -> {
      throw new IllegalStateException("a bug");
    }, Optional.of(issuer(SIGNER)));
    PrintStream err = System.err;
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    try {
      APIGatewayV2HTTPResponse response = send(new ApiHandler(broken, QUIET), SlsaVerifyApiTest.branchBuild());
      assertEquals(500, response.getStatusCode(), response.getBody());
      assertEquals("internal_error", Json.mapper().readTree(response.getBody()).path("error").asText());
      assertFalse(response.getBody().contains("\"vsa\""), response.getBody());
    } finally {
      System.setErr(err);
    }
  }
}
