package dev.hekate.core.vsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed summary is checked by implementations other than Hekate's: the JDK's ECDSA over a
 * pre-authentication encoding written here from the DSSE specification, and OpenSSL's command line.
 */
class DsseSigningTest {
  @TempDir
  Path dir;

  private static ObjectNode statement() {
    ObjectNode s = Json.newObject();
    s.put("_type", VerificationSummary.STATEMENT_TYPE);
    s.putArray("subject").addObject().put("name", "pkg:npm/x@1.0.0").putObject("digest").put("sha512", "ab");
    s.put("predicateType", VerificationSummary.PREDICATE_TYPE);
    s.putObject("predicate").put("verificationResult", "PASSED");
    return s;
  }

  /** DSSE v1's PAE, from the specification: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
  private static byte[] pae(String type, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(("DSSEv1 " + t.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(t);
    out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static boolean jdkVerifies(PublicKey key, JsonNode envelope) throws Exception {
    byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(key);
    verifier.update(pae(envelope.path("payloadType").asText(), payload));
    return verifier.verify(Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText()));
  }

  @Test
  void theEnvelopeVerifiesWithTheJdksEcdsaAndNotOnceTouched() throws Exception {
    LocalKeySigner signer = LocalKeySigner.generate();
    ObjectNode envelope = Dsse.sign(statement(), signer);
    assertEquals("application/vnd.in-toto+json", envelope.path("payloadType").asText());
    assertEquals(1, envelope.path("signatures").size());
    assertEquals(signer.keyId(), envelope.at("/signatures/0/keyid").asText());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signer.publicKey().getEncoded())),
        signer.keyId(), "the key id is the SHA-256 of the SPKI");
    assertEquals(statement(), Json.mapper().readTree(Base64.getDecoder().decode(envelope.path("payload").asText())));
    assertTrue(jdkVerifies(signer.publicKey(), envelope));

    ObjectNode edited = envelope.deepCopy();
    edited.put("payload", Base64.getEncoder().encodeToString(Json.write(statement().put("_type", "x"))
        .getBytes(StandardCharsets.UTF_8)));
    assertFalse(jdkVerifies(signer.publicKey(), edited), "an edited statement does not verify");
    ObjectNode retyped = envelope.deepCopy().put("payloadType", "application/json");
    assertFalse(jdkVerifies(signer.publicKey(), retyped), "the payload type is signed too");
    assertFalse(jdkVerifies(LocalKeySigner.generate().publicKey(), envelope), "another key does not verify it");
  }

  @Test
  void openSslVerifiesTheSignatureOverThePreAuthenticationEncoding() throws Exception {
    Assumptions.assumeTrue(onPath("openssl"), "openssl is not installed: the JDK check above stands alone");
    LocalKeySigner signer = LocalKeySigner.generate();
    ObjectNode envelope = Dsse.sign(statement(), signer);
    Path key = Files.writeString(dir.resolve("key.pem"), signer.publicKeyPem());
    Path sig = Files.write(dir.resolve("sig.der"), Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText()));
    Path data = Files.write(dir.resolve("pae.bin"), pae(Dsse.IN_TOTO,
        Base64.getDecoder().decode(envelope.path("payload").asText())));
    assertEquals(0, openssl("dgst", "-sha256", "-verify", key.toString(), "-signature", sig.toString(), data.toString()));
    Files.write(data, pae(Dsse.IN_TOTO, "{}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, openssl("dgst", "-sha256", "-verify", key.toString(), "-signature", sig.toString(),
        data.toString()), "OpenSSL refuses another payload");
  }

  private static boolean onPath(String tool) {
    for (String part : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!part.isEmpty() && Files.isExecutable(Path.of(part, tool))) {
        return true;
      }
    }
    return false;
  }

  private int openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("openssl.txt").toFile()).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return p.exitValue();
  }

  @Test
  void theBundleCarriesTheEnvelopeAndAPublicKeyHint() throws Exception {
    LocalKeySigner signer = LocalKeySigner.generate();
    ObjectNode envelope = Dsse.sign(statement(), signer);
    ObjectNode bundle = Dsse.bundle(envelope, signer.keyId());
    assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.path("mediaType").asText());
    assertEquals(signer.keyId(), bundle.at("/verificationMaterial/publicKey/hint").asText());
    assertEquals(0, bundle.at("/verificationMaterial/tlogEntries").size());
    assertEquals(envelope, bundle.path("dsseEnvelope"));
    assertTrue(jdkVerifies(signer.publicKey(), bundle.path("dsseEnvelope")));
  }

  @Test
  void aKeyFileRoundTripsAndOnlyAP256PrivateKeyIsAccepted() throws Exception {
    LocalKeySigner signer = LocalKeySigner.generate();
    LocalKeySigner again = LocalKeySigner.fromPem(signer.privateKeyPem());
    assertEquals(signer.keyId(), again.keyId(), "the public key is derived from the private one");
    assertTrue(jdkVerifies(signer.publicKey(), Dsse.sign(statement(), again)));

    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    String p384Pem = LocalKeySigner.pem("PRIVATE KEY", p384.generateKeyPair().getPrivate().getEncoded());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalKeySigner.fromPem(p384Pem)).getMessage()
        .contains("P-256"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String rsaPem = LocalKeySigner.pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());
    assertThrows(IllegalArgumentException.class, () -> LocalKeySigner.fromPem(rsaPem));
    assertThrows(IllegalArgumentException.class, () -> LocalKeySigner.fromPem(signer.privateKeyPem()
        + signer.privateKeyPem()), "two keys in one file are ambiguous");
    assertThrows(IllegalArgumentException.class, () -> LocalKeySigner.fromPem(signer.publicKeyPem()));
    assertThrows(IllegalArgumentException.class, () -> LocalKeySigner.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n"
        + "-----END PRIVATE KEY-----\n"));
  }
}
