package dev.hekate.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The fake's formulas checked against real recorded Sigstore data: key hints, log ids, SET and
 * checkpoint signing input, SCT signing input, npm key ids, and Rekor body encodings byte for byte.
 * Skipped when ../shared/realdata is absent.
 */
class RealDataFormatsTest {

  private static final String CONFORMANCE = "sigstore_conformance/test/assets/bundle-verify/";
  private static final String PRODUCTION_ROOT = "trust_roots/public-good-tuf-seeds/trusted_root.json";

  private static JsonNode conformanceBundle(String name) {
    return Checks.json(RealData.require(CONFORMANCE + name + "/bundle.sigstore.json"));
  }

  private static JsonNode tlogWithId(JsonNode trustedRoot, String logIdB64) {
    for (JsonNode t : trustedRoot.get("tlogs")) {
      if (t.at("/logId/keyId").asText().equals(logIdB64)) {
        return t;
      }
    }
    throw new AssertionError("log " + logIdB64 + " not in trusted root");
  }

  @Test
  void rekorV2LogIdAndCheckpointKeyHintFollowC2spFormula() {
    JsonNode bundle = conformanceBundle("rekor2-happy-path");
    JsonNode root = Checks.json(RealData.require(CONFORMANCE + "rekor2-happy-path/trusted_root.json"));
    JsonNode entry = bundle.at("/verificationMaterial/tlogEntries/0");
    String logId = entry.at("/logId/keyId").asText();
    byte[] spki = Checks.b64(tlogWithId(root, logId).at("/publicKey/rawBytes").asText());
    Checks.Note note = Checks.parseNote(entry.at("/inclusionProof/checkpoint/envelope").asText());
    Checks.NoteSignature sig = note.signatures().get(0);

    byte[] keyId = FakeLog.ed25519NoteKeyId(sig.name(), Arrays.copyOfRange(spki, 12, 44));

    assertArrayEquals(Checks.b64(logId), keyId, "Rekor v2 log id = C2SP key id");
    assertArrayEquals(Arrays.copyOf(keyId, 4), sig.hint(), "checkpoint key hint = key id[0:4]");
    assertEquals(note.origin(), sig.name(), "Rekor v2 signs under its origin");
    assertTrue(Checks.verify(Checks.publicKey(spki), note.text().getBytes(StandardCharsets.UTF_8), sig.signature()),
        "Ed25519 signature over the note text (up to, not including, the blank line)");
  }

  @Test
  void productionRekorV2LogIdFollowsTheSameFormula() {
    JsonNode root = Checks.json(RealData.require(PRODUCTION_ROOT));
    JsonNode log = null;
    for (JsonNode t : root.get("tlogs")) {
      if (t.at("/publicKey/keyDetails").asText().equals("PKIX_ED25519")) {
        log = t;
      }
    }
    String host = log.get("baseUrl").asText().replace("https://", "");
    byte[] spki = Checks.b64(log.at("/publicKey/rawBytes").asText());
    assertArrayEquals(Checks.b64(log.at("/logId/keyId").asText()),
        FakeLog.ed25519NoteKeyId(host, Arrays.copyOfRange(spki, 12, 44)));
  }

  @Test
  void rekorV1CheckpointHintAndSignatureMatchProductionKey() {
    JsonNode bundle = conformanceBundle("happy-path-v0.2");
    JsonNode root = Checks.json(RealData.require(PRODUCTION_ROOT));
    JsonNode entry = bundle.at("/verificationMaterial/tlogEntries/0");
    byte[] spki = Checks.b64(tlogWithId(root, entry.at("/logId/keyId").asText()).at("/publicKey/rawBytes").asText());
    Checks.Note note = Checks.parseNote(entry.at("/inclusionProof/checkpoint/envelope").asText());
    Checks.NoteSignature sig = note.signatures().get(0);

    assertArrayEquals(FakeLog.ecdsaNoteKeyHint(spki), sig.hint(), "v1 hint = SHA-256(DER SPKI)[0:4]");
    assertArrayEquals(Checks.sha256(spki), Checks.b64(entry.at("/logId/keyId").asText()), "v1 log id = SHA-256(SPKI)");
    // Surprise: the v1 origin is "<host> - <tree id>" but the key name is just "<host>".
    assertTrue(note.origin().startsWith(sig.name() + " - "), note.origin());
    assertTrue(note.lines().get(3).startsWith("Timestamp: "), "v1 checkpoints carry a Timestamp line");
    assertTrue(Checks.verify(Checks.publicKey(spki), note.text().getBytes(StandardCharsets.UTF_8), sig.signature()),
        "ECDSA signature over the note text, Timestamp line included");
  }

  @Test
  void setOfRealEntryVerifiesOverCanonicalPayload() {
    JsonNode bundle = conformanceBundle("happy-path-v0.2");
    JsonNode root = Checks.json(RealData.require(PRODUCTION_ROOT));
    JsonNode entry = bundle.at("/verificationMaterial/tlogEntries/0");
    byte[] spki = Checks.b64(tlogWithId(root, entry.at("/logId/keyId").asText()).at("/publicKey/rawBytes").asText());
    byte[] payload = FakeLog.setPayload(
        entry.get("canonicalizedBody").asText(),
        entry.get("integratedTime").asLong(),
        Bytes.hex(Checks.b64(entry.at("/logId/keyId").asText())),
        entry.get("logIndex").asLong());
    assertTrue(Checks.verify(Checks.publicKey(spki), payload,
        Checks.b64(entry.at("/inclusionPromise/signedEntryTimestamp").asText())));
    // The SET covers the global logIndex, which differs from the shard-local proof index.
    assertTrue(entry.get("logIndex").asLong() != entry.at("/inclusionProof/logIndex").asLong());
  }

  @Test
  void sctOfRealLeafVerifiesOverPrecertificateTbs() {
    JsonNode bundle = conformanceBundle("happy-path-v0.3");
    JsonNode root = Checks.json(RealData.require(PRODUCTION_ROOT));
    X509Certificate leaf = Checks.cert(Checks.b64(bundle.at("/verificationMaterial/certificate/rawBytes").asText()));
    Checks.Sct sct = Checks.scts(leaf).orElseThrow().get(0);
    JsonNode ctlog = null;
    for (JsonNode c : root.get("ctlogs")) {
      if (Arrays.equals(Checks.b64(c.at("/logId/keyId").asText()), sct.logId())) {
        ctlog = c;
      }
    }
    JsonNode ca = root.get("certificateAuthorities").get(1);
    X509Certificate intermediate = Checks.cert(Checks.b64(ca.at("/certChain/certificates/0/rawBytes").asText()));
    assertTrue(Checks.verifySct(leaf, sct, intermediate.getPublicKey(),
        Checks.publicKey(Checks.b64(ctlog.at("/publicKey/rawBytes").asText()))));
  }

  @Test
  void npmKeyIdOfRealRegistryKey() throws Exception {
    Path pem = RealData.require("trust_roots/npm-registry-keys/npm-registry-key-DhQ8wR5A.pem");
    ECPublicKey key = (ECPublicKey) Checks.publicKey(Checks.pemToDer(Files.readString(pem)));
    assertEquals("SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U", FakeNpmKey.keyIdOf(key));
  }

  // --- Rekor bodies, byte for byte -----------------------------------------------------------

  private static byte[] body(JsonNode bundle) {
    return Checks.b64(bundle.at("/verificationMaterial/tlogEntries/0/canonicalizedBody").asText());
  }

  private static byte[] leafDer(JsonNode bundle) {
    JsonNode vm = bundle.get("verificationMaterial");
    return Checks.b64(vm.has("certificate")
        ? vm.at("/certificate/rawBytes").asText()
        : vm.at("/x509CertificateChain/certificates/0/rawBytes").asText());
  }

  private static RekorBodies.Verifier certVerifier(JsonNode bundle) {
    return new RekorBodies.Verifier(leafDer(bundle), true, "PKIX_ECDSA_P256_SHA_256");
  }

  private static RekorBodies.Envelope envelope(JsonNode bundle) {
    JsonNode env = bundle.get("dsseEnvelope");
    JsonNode sig = env.at("/signatures/0");
    return new RekorBodies.Envelope(env.get("payloadType").asText(), Checks.b64(env.get("payload").asText()),
        Checks.b64(sig.get("sig").asText()), sig.path("keyid").asText(""));
  }

  @Test
  void hashedRekord001MatchesRealBody() {
    JsonNode b = conformanceBundle("happy-path-v0.2");
    byte[] made = RekorBodies.hashedRekord001(Checks.b64(b.at("/messageSignature/messageDigest/digest").asText()),
        "SHA-256", Checks.b64(b.at("/messageSignature/signature").asText()), certVerifier(b));
    assertEquals(Checks.utf8(body(b)), Checks.utf8(made));
  }

  @Test
  void hashedRekord002MatchesRealBody() {
    JsonNode b = conformanceBundle("rekor2-happy-path");
    byte[] made = RekorBodies.hashedRekord002(Checks.b64(b.at("/messageSignature/messageDigest/digest").asText()),
        "SHA-256", Checks.b64(b.at("/messageSignature/signature").asText()), certVerifier(b));
    assertEquals(Checks.utf8(body(b)), Checks.utf8(made));
  }

  @Test
  void hashedRekord002OverDsseUsesPaeDigest() {
    JsonNode b = conformanceBundle("rekor2-dsse-happy-path");
    RekorBodies.Envelope env = envelope(b);
    byte[] made = RekorBodies.hashedRekord002(Checks.sha256(RekorBodies.pae(env.payloadType(), env.payload())),
        "SHA-256", env.signature(), certVerifier(b));
    assertEquals(Checks.utf8(body(b)), Checks.utf8(made));
  }

  @Test
  void dsse001MatchesRealBodyWithoutKeyId() {
    JsonNode b = conformanceBundle("happy-path-intoto-in-dsse-v3");
    assertEquals(Checks.utf8(body(b)), Checks.utf8(RekorBodies.dsse001(envelope(b), certVerifier(b))));
  }

  @Test
  void dsse001MatchesRealNpmPublishBodyWithKeyId() throws Exception {
    JsonNode b = Checks.json(RealData.require(
        "npm_attestations/sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-publish.sigstore.json"));
    Path pem = RealData.require("trust_roots/npm-registry-keys/npm-registry-key-DhQ8wR5A.pem");
    RekorBodies.Verifier key = new RekorBodies.Verifier(Checks.pemToDer(Files.readString(pem)), false,
        "PKIX_ECDSA_P256_SHA_256");
    assertEquals(Checks.utf8(body(b)), Checks.utf8(RekorBodies.dsse001(envelope(b), key)));
  }

  @Test
  void intoto002MatchesRealNpmProvenanceBody() {
    // sigstore-js wraps the PEM at 64 columns like the fake; the body keeps whatever PEM the client
    // sent (the conformance intoto cases carry an unwrapped one), and "hash" covers it.
    JsonNode response = Checks.json(RealData.require("npm_attestations/slsa-verifier-cli/gundam-visor-cli-v1-tag.tgz.json"));
    JsonNode b = response.at("/attestations/1/bundle");
    assertEquals(Checks.utf8(body(b)), Checks.utf8(RekorBodies.intoto002(envelope(b), certVerifier(b))));
  }

  @Test
  void dsse002MatchesRealBody() {
    JsonNode b = Checks.json(RealData.require(
        "sigstore_bundles/sigstore-java/bundles/bundle.dsse.rekor-v2.bad-entry-type.sigstore"));
    assertEquals(Checks.utf8(body(b)), Checks.utf8(RekorBodies.dsse002(envelope(b), certVerifier(b))));
  }
}
