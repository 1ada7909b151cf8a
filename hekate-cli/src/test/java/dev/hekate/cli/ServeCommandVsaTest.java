package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate serve} signs its verdicts: {@code /v1/verifier} publishes the key and policy,
 * {@code /v1/npm/{spec}/vsa} answers a DSSE envelope (or a bundle) whose signature the JDK verifies
 * with the published key, over loopback HTTP with a loopback registry.
 */
class ServeCommandVsaTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private record Got(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(body);
    }
  }

  private static Got get(Serve serve, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    return new Got(r.statusCode(), r.body(), r.headers());
  }

  private Path key(String permissions) throws Exception {
    Path file = dir.resolve("key-" + permissions + ".pem");
    Files.writeString(file, LocalKeySigner.generate().privateKeyPem());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  private Serve serve(FakeRegistry registry, String... more) throws Exception {
    Path root = dir.resolve("trusted_root.json");
    Path keys = dir.resolve("npm_keys.json");
    Files.write(root, SIGSTORE.trustedRootJson());
    Files.write(keys, SIGSTORE.npmKeysJson());
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--registry",
        registry.baseUrl().toString(), "--no-github", "--no-store", "--trusted-root", root.toString(), "--npm-keys",
        keys.toString()));
    args.addAll(java.util.List.of(more));
    return Serve.start(args.toArray(String[]::new));
  }

  private static boolean verifies(PublicKey key, JsonNode envelope) throws Exception {
    byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
    byte[] type = envelope.path("payloadType").asText().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream pae = new ByteArrayOutputStream();
    pae.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    pae.writeBytes(type);
    pae.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    pae.writeBytes(payload);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initVerify(key);
    s.update(pae.toByteArray());
    return s.verify(Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText()));
  }

  private static PublicKey pem(String text) throws Exception {
    String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  @Test
  void theSummaryVerifiesWithThePublishedKeyAndNamesTheTarball() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedPackage pkg = GeneratedNpm.publishVerified(registry, SIGSTORE, "signed-pkg", "1.0.0",
          BundleGeneration.V03_DSSE);
      try (Serve serve = serve(registry, "--signing-key", key("rw-------").toString(), "--verifier-id",
          "https://hekate.test/")) {
        Got verifier = get(serve, "/v1/verifier");
        assertEquals(200, verifier.status(), verifier.body());
        JsonNode document = verifier.json();
        assertEquals("https://hekate.test/", document.path("id").asText());
        PublicKey published = pem(document.at("/keys/0/publicKeyPem").asText());
        String keyId = document.at("/keys/0/keyId").asText();
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(published.getEncoded())),
            keyId);
        String policy = document.at("/policy/document").asText();
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(policy.getBytes(StandardCharsets.UTF_8))), document.at("/policy/digest/sha256").asText());
        assertTrue(policy.contains("npm.integrity") && policy.contains(registry.baseUrl().toString()), policy);

        Got dsse = get(serve, "/v1/npm/signed-pkg@1.0.0/vsa");
        assertEquals(200, dsse.status(), dsse.body());
        assertTrue(dsse.headers().firstValue("Cache-Control").orElse("").contains("max-age"), dsse.headers()::toString);
        JsonNode envelope = dsse.json();
        assertEquals(keyId, envelope.at("/signatures/0/keyid").asText());
        assertTrue(verifies(published, envelope), "the JDK verifies the summary with the published key");
        JsonNode statement = Json.mapper().readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(pkg.tarball())),
            statement.at("/subject/0/digest/sha512").asText());
        assertEquals("https://hekate.test/", statement.at("/predicate/verifier/id").asText());
        assertEquals("PASSED", statement.at("/predicate/verificationResult").asText());
        assertEquals(document.at("/policy/digest/sha256").asText(),
            statement.at("/predicate/policy/digest/sha256").asText());

        Got bundle = get(serve, "/v1/npm/signed-pkg@1.0.0/vsa?format=bundle");
        assertEquals(200, bundle.status(), bundle.body());
        assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.json().path("mediaType").asText());
        assertEquals(keyId, bundle.json().at("/verificationMaterial/publicKey/hint").asText());
        assertTrue(verifies(published, bundle.json().path("dsseEnvelope")));

        Got bad = get(serve, "/v1/npm/signed-pkg@1.0.0/vsa?format=xml");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("invalid_path", bad.json().path("error").asText());
      }
    }
  }

  @Test
  void anErrorIsNeverSignedAndAnUnsignedDeploymentSaysSo() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedNpm.publishVerified(registry, SIGSTORE, "down-pkg", "1.0.0", BundleGeneration.V03_DSSE);
      registry.setStatus("/-/npm/v1/attestations/", 503);
      try (Serve serve = serve(registry, "--signing-key", key("rw-------").toString())) {
        Got error = get(serve, "/v1/npm/down-pkg@1.0.0/vsa");
        assertEquals(502, error.status(), error.body());
        assertEquals("ERROR", error.json().path("status").asText(), "the ERROR verdict itself, unsigned");
        assertTrue(error.json().path("signatures").isMissingNode());
      }
      try (Serve serve = serve(registry, "--no-sign")) {
        for (String path : java.util.List.of("/v1/verifier", "/v1/npm/down-pkg@1.0.0/vsa")) {
          Got unsigned = get(serve, path);
          assertEquals(404, unsigned.status(), unsigned.body());
          assertEquals("vsa_unavailable", unsigned.json().path("error").asText());
        }
      }
    }
  }

  @Test
  void aKeyOthersCanReadOrThatIsNotP256IsRefusedAtStart() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      UsageException open = assertThrows(UsageException.class,
          () -> serve(registry, "--signing-key", key("rw-r--r--").toString()));
      assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
      Path notAKey = dir.resolve("not-a-key.pem");
      Files.writeString(notAKey, "hello\n");
      Files.setPosixFilePermissions(notAKey, PosixFilePermissions.fromString("rw-------"));
      UsageException garbage = assertThrows(UsageException.class,
          () -> serve(registry, "--signing-key", notAKey.toString()));
      assertTrue(garbage.getMessage().contains("unusable"), garbage.getMessage());
      assertThrows(UsageException.class, () -> serve(registry, "--no-sign", "--verifier-id", "https://x/"));
      assertThrows(UsageException.class, () -> serve(registry, "--verifier-id", "not a uri"));
      assertEquals(0, registry.requestCount());
    }
  }

  @Test
  void aRetiredKeyIsPublishedWithItsEnd() throws Exception {
    LocalKeySigner old = LocalKeySigner.generate();
    Path oldPem = dir.resolve("old.pub");
    Files.writeString(oldPem, old.publicKeyPem());
    try (FakeRegistry registry = FakeRegistry.start();
        Serve serve = serve(registry, "--signing-key", key("rw-------").toString(), "--retired-key",
            oldPem + "@2026-12-01T00:00:00Z")) {
      JsonNode keys = get(serve, "/v1/verifier").json().path("keys");
      assertEquals(2, keys.size(), keys::toString);
      assertEquals("current", keys.get(0).path("status").asText());
      assertTrue(keys.get(0).path("validUntil").isMissingNode());
      assertEquals("retired", keys.get(1).path("status").asText());
      assertEquals(old.keyId(), keys.get(1).path("keyId").asText());
      assertEquals("2026-12-01T00:00:00Z", keys.get(1).path("validUntil").asText());
      assertThrows(UsageException.class, () -> serve(registry, "--retired-key", oldPem.toString()));
      assertThrows(UsageException.class, () -> serve(registry, "--retired-key", oldPem + "@yesterday"));
    }
  }

  @Test
  void theDefaultKeyIsMadeOnceWithModeSixHundred() throws Exception {
    Path state = dir.resolve("state");
    Path file = state.resolve("hekate").resolve(SigningOptions.KEY_FILE_NAME);
    LocalKeySigner first = SigningOptions.readOrMake(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first.keyId(), SigningOptions.readOrMake(file).keyId(), "made once, then read");
    try (PrintStream ignored = new PrintStream(new ByteArrayOutputStream())) {
      assertEquals(first.keyId(), SigningOptions.read(file).keyId());
    }
  }
}
