package dev.hekate.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sanity of the fake services and of the bundles they mint, checked with the JDK and by hand. */
class FakeSigstoreTest {

  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "artifact\n".getBytes(StandardCharsets.UTF_8);

  private static JsonNode entry(FakeBundle b) {
    return Checks.json(b.json()).at("/verificationMaterial/tlogEntries/0");
  }

  @Test
  void sameInputsGiveIdenticalBytes() {
    assertArrayEquals(SIGSTORE.bundle().messageSignature(ARTIFACT).withTimestamp(true).build().json(),
        SIGSTORE.bundle().messageSignature(ARTIFACT).withTimestamp(true).build().json());
    assertArrayEquals(SIGSTORE.trustedRootJson(), FakeSigstore.builder().build().trustedRootJson());
    assertNotEquals(Checks.utf8(SIGSTORE.bundle().messageSignature(ARTIFACT).build().json()),
        Checks.utf8(SIGSTORE.bundle().messageSignature("other".getBytes(StandardCharsets.UTF_8)).build().json()));
  }

  @Test
  void trustedRootListsTheTrustedServices() {
    JsonNode root = Checks.json(SIGSTORE.trustedRootJson());
    assertEquals("application/vnd.dev.sigstore.trustedroot+json;version=0.1", root.get("mediaType").asText());
    JsonNode v1 = root.at("/tlogs/0");
    JsonNode v2 = root.at("/tlogs/1");
    byte[] v1Key = Checks.b64(v1.at("/publicKey/rawBytes").asText());
    byte[] v2Key = Checks.b64(v2.at("/publicKey/rawBytes").asText());
    assertArrayEquals(Checks.sha256(v1Key), Checks.b64(v1.at("/logId/keyId").asText()));
    assertEquals("PKIX_ECDSA_P256_SHA_256", v1.at("/publicKey/keyDetails").asText());
    assertEquals("PKIX_ED25519", v2.at("/publicKey/keyDetails").asText());
    byte[] c2spId = Checks.sha256("log2025-1.rekor.hekate.test".getBytes(StandardCharsets.UTF_8),
        new byte[] {'\n', 1}, Arrays.copyOfRange(v2Key, 12, 44));
    assertArrayEquals(c2spId, Checks.b64(v2.at("/logId/keyId").asText()));
    assertEquals("https://log2025-1.rekor.hekate.test", v2.get("baseUrl").asText());
    assertTrue(v1.at("/publicKey/validFor/start").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertTrue(v1.at("/publicKey/validFor/end").isMissingNode(), "open-ended by default");

    JsonNode chain = root.at("/certificateAuthorities/0/certChain/certificates");
    X509Certificate intermediate = Checks.cert(Checks.b64(chain.get(0).get("rawBytes").asText()));
    X509Certificate caRoot = Checks.cert(Checks.b64(chain.get(1).get("rawBytes").asText()));
    assertEquals(caRoot.getSubjectX500Principal(), caRoot.getIssuerX500Principal());
    assertEquals(caRoot.getSubjectX500Principal(), intermediate.getIssuerX500Principal());
    assertEquals("hekate-fake-fulcio", root.at("/certificateAuthorities/0/subject/commonName").asText());
    byte[] ctKey = Checks.b64(root.at("/ctlogs/0/publicKey/rawBytes").asText());
    assertArrayEquals(Checks.sha256(ctKey), Checks.b64(root.at("/ctlogs/0/logId/keyId").asText()));
    X509Certificate tsaLeaf = Checks.cert(Checks.b64(
        root.at("/timestampAuthorities/0/certChain/certificates/0/rawBytes").asText()));
    assertTrue(tsaLeaf.getCriticalExtensionOIDs().contains("2.5.29.37"), "TSA EKU is critical");
  }

  @Test
  void setOfGeneratedEntryVerifiesWithTheJdk() {
    JsonNode e = entry(SIGSTORE.bundle().build());
    String payload = "{\"body\":\"" + e.get("canonicalizedBody").asText() + "\",\"integratedTime\":"
        + e.get("integratedTime").asText() + ",\"logID\":\"" + Bytes.hex(Checks.b64(e.at("/logId/keyId").asText()))
        + "\",\"logIndex\":" + e.get("logIndex").asText() + "}";
    assertTrue(Checks.verify(SIGSTORE.rekorV1().publicKey(), payload.getBytes(StandardCharsets.UTF_8),
        Checks.b64(e.at("/inclusionPromise/signedEntryTimestamp").asText())));
  }

  @Test
  void checkpointsVerifyWithTheJdkAndProofsRecomputeToThem() {
    for (TlogKind kind : List.of(TlogKind.HASHEDREKORD_001, TlogKind.HASHEDREKORD_002)) {
      FakeLog log = kind.rekorV2() ? SIGSTORE.rekorV2() : SIGSTORE.rekorV1();
      JsonNode e = entry(SIGSTORE.bundle().tlogKind(kind).build());
      JsonNode proof = e.get("inclusionProof");
      Checks.Note note = Checks.parseNote(proof.at("/checkpoint/envelope").asText());
      Checks.NoteSignature sig = note.signatures().get(0);
      assertEquals(log.keyName(), sig.name());
      assertEquals(log.origin(), note.origin());
      byte[] expectedHint = kind.rekorV2()
          ? Arrays.copyOf(log.logId(), 4) : Arrays.copyOf(Checks.sha256(log.publicKey().getEncoded()), 4);
      assertArrayEquals(expectedHint, sig.hint());
      assertTrue(Checks.verify(log.publicKey(), note.text().getBytes(StandardCharsets.UTF_8), sig.signature()), kind.name());

      List<byte[]> hashes = new ArrayList<>();
      proof.get("hashes").forEach(h -> hashes.add(Checks.b64(h.asText())));
      byte[] leaf = Checks.sha256(new byte[] {0}, Checks.b64(e.get("canonicalizedBody").asText()));
      byte[] computed = Checks.rootFromProof(proof.get("logIndex").asLong(), proof.get("treeSize").asLong(), leaf, hashes);
      assertArrayEquals(Checks.b64(proof.get("rootHash").asText()), computed);
      assertArrayEquals(note.rootHash(), computed);
      assertEquals(note.treeSize(), proof.get("treeSize").asLong());
    }
  }

  @Test
  void rekorV1EntriesLookLikeProductionOnes() {
    JsonNode e = entry(SIGSTORE.bundle().build());
    long global = e.get("logIndex").asLong();
    long local = e.at("/inclusionProof/logIndex").asLong();
    assertEquals(SIGSTORE.rekorV1().shardOffset(), global - local, "global vs shard-local index");
    Checks.Note note = Checks.parseNote(e.at("/inclusionProof/checkpoint/envelope").asText());
    assertTrue(note.origin().startsWith("rekor.hekate.test - "));
    assertTrue(note.lines().get(3).startsWith("Timestamp: "));
    assertTrue(e.at("/inclusionProof/hashes").size() > 10);
  }

  @Test
  void rekorV2EntriesHaveNoIntegratedTimeButATimestamp() {
    FakeBundle b = SIGSTORE.bundle().tlogKind(TlogKind.HASHEDREKORD_002).build();
    JsonNode e = entry(b);
    assertFalse(e.has("integratedTime"));
    assertFalse(e.has("inclusionPromise"));
    assertEquals(e.get("logIndex").asLong(), e.at("/inclusionProof/logIndex").asLong());
    assertTrue(b.timestampTime().isPresent());
    assertTrue(b.integratedTime().isEmpty());
    assertEquals(1, Checks.json(b.json()).at("/verificationMaterial/timestampVerificationData/rfc3161Timestamps").size());
  }

  @Test
  void leafCertificateLooksLikeFulcio() throws Exception {
    FakeBundle b = SIGSTORE.bundle().messageSignature(ARTIFACT).build();
    X509Certificate leaf = b.certificate().orElseThrow();
    assertEquals(Duration.ofMinutes(10), Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()));
    assertEquals(0, leaf.getSubjectX500Principal().getEncoded().length - 2, "empty subject");
    assertTrue(leaf.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.17", "2.5.29.15")));
    assertTrue(leaf.getKeyUsage()[0], "digitalSignature");
    assertEquals(List.of("1.3.6.1.5.5.7.3.3"), leaf.getExtendedKeyUsage());
    Iterator<List<?>> san = leaf.getSubjectAlternativeNames().iterator();
    List<?> first = san.next();
    assertEquals(6, first.get(0), "URI SAN");
    assertEquals(FakeBundleBuilder.DEFAULT_IDENTITY, first.get(1));
    assertEquals(FakeBundleBuilder.GITHUB_ISSUER, Checks.utf8(
        ASN1OctetString.getInstance(leaf.getExtensionValue("1.3.6.1.4.1.57264.1.1")).getOctets()));
    assertEquals(FakeBundleBuilder.GITHUB_ISSUER, utf8Extension(leaf, 8));
    GithubExtensions ext = GithubExtensions.forWorkflow(FakeBundleBuilder.DEFAULT_IDENTITY, utf8Extension(leaf, 10));
    Map<Integer, String> expected = ext.byOidSuffix();
    assertEquals(14, expected.size());
    expected.forEach((suffix, value) -> assertEquals(value, utf8Extension(leaf, suffix), "1.3.6.1.4.1.57264.1." + suffix));
    assertEquals("refs/heads/main", utf8Extension(leaf, 14));
    List<String> oids = new ArrayList<>(leaf.getNonCriticalExtensionOIDs());
    assertTrue(oids.contains(Checks.SCT_OID));
    assertTrue(Checks.chains(leaf, List.of(SIGSTORE.ca().intermediateCertificate()), SIGSTORE.ca().rootCertificate(),
        b.signingTime()));
    Checks.Sct sct = Checks.scts(leaf).orElseThrow().get(0);
    assertArrayEquals(SIGSTORE.ctLog().logId(), sct.logId());
    assertTrue(Checks.verifySct(leaf, sct, SIGSTORE.ca().intermediateCertificate().getPublicKey(),
        SIGSTORE.ctLog().publicKey()));
  }

  private static String utf8Extension(X509Certificate cert, int suffix) {
    byte[] value = cert.getExtensionValue("1.3.6.1.4.1.57264.1." + suffix);
    ASN1Primitive inner;
    try {
      inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(value).getOctets());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return ASN1UTF8String.getInstance(inner).getString();
  }

  @Test
  void emailIdentityBecomesAnRfc822SanWithoutGithubExtensions() throws Exception {
    X509Certificate leaf = SIGSTORE.bundle().identity("dev@hekate.test", "https://accounts.google.com").build()
        .certificate().orElseThrow();
    List<?> san = leaf.getSubjectAlternativeNames().iterator().next();
    assertEquals(1, san.get(0));
    assertEquals("dev@hekate.test", san.get(1));
    assertEquals(null, leaf.getExtensionValue("1.3.6.1.4.1.57264.1.9"));
  }

  @Test
  void npmPublishAttestationHasTheRegistryShape() {
    byte[] tarball = "tgz".getBytes(StandardCharsets.UTF_8);
    FakeBundle b = SIGSTORE.bundle().npmPublishAttestation("@scope/pkg", "1.2.3", tarball).build();
    JsonNode json = Checks.json(b.json());
    String keyId = SIGSTORE.npmKey().keyId();
    assertEquals("application/vnd.dev.sigstore.bundle+json;version=0.2", json.get("mediaType").asText());
    assertEquals(keyId, json.at("/verificationMaterial/publicKey/hint").asText());
    assertEquals(keyId, json.at("/dsseEnvelope/signatures/0/keyid").asText());
    assertEquals("dsse", entry(b).at("/kindVersion/kind").asText());
    JsonNode statement = Checks.json(b.dssePayload().orElseThrow());
    assertEquals("https://in-toto.io/Statement/v0.1", statement.get("_type").asText());
    assertEquals("pkg:npm/%40scope/pkg@1.2.3", statement.at("/subject/0/name").asText());
    assertEquals(Bytes.hex(Bytes.sha512(tarball)), statement.at("/subject/0/digest/sha512").asText());
    assertEquals("https://github.com/npm/attestation/tree/main/specs/publish/v0.1", b.predicateType().orElseThrow());
    assertTrue(b.certificate().isEmpty());
    assertTrue(keyId.startsWith("SHA256:") && !keyId.endsWith("="));
  }

  @Test
  void npmProvenanceDescribesTheSigningWorkflow() {
    FakeBundle b = SIGSTORE.bundle().npmProvenance("pkg", "1.0.0", "tgz".getBytes(StandardCharsets.UTF_8)).build();
    JsonNode statement = Checks.json(b.dssePayload().orElseThrow());
    assertEquals("https://slsa.dev/provenance/v1", statement.get("predicateType").asText());
    assertEquals("https://github.com/hekate-test/fixture",
        statement.at("/predicate/buildDefinition/externalParameters/workflow/repository").asText());
    assertEquals(".github/workflows/release.yml",
        statement.at("/predicate/buildDefinition/externalParameters/workflow/path").asText());
    assertEquals("https://github.com/actions/runner/github-hosted",
        statement.at("/predicate/runDetails/builder/id").asText());
    JsonNode response = Checks.json(FakeSigstore.npmAttestationsResponse(
        SIGSTORE.bundle().npmPublishAttestation("pkg", "1.0.0", "tgz".getBytes(StandardCharsets.UTF_8)).build(), b));
    assertEquals("https://github.com/npm/attestation/tree/main/specs/publish/v0.1",
        response.at("/attestations/0/predicateType").asText());
    assertEquals("https://slsa.dev/provenance/v1", response.at("/attestations/1/predicateType").asText());
  }

  @Test
  void impossibleCombinationsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> SIGSTORE.bundle().tlogKind(TlogKind.HASHEDREKORD_002).tamper(Tamper.SET_SIGNATURE).build());
    assertThrows(IllegalArgumentException.class, () -> SIGSTORE.bundle().tamper(Tamper.ROOT_IN_CHAIN).build());
    assertThrows(IllegalArgumentException.class,
        () -> SIGSTORE.bundle().signedWithNpmKey().tamper(Tamper.UNTRUSTED_CA).build());
    assertThrows(IllegalArgumentException.class, () -> SIGSTORE.bundle().tamper(Tamper.NPM_KEY_OUTSIDE_VALIDITY).build());
    assertThrows(IllegalArgumentException.class,
        () -> SIGSTORE.bundle().dsse("text/plain", ARTIFACT).tamper(Tamper.MESSAGE_DIGEST).build());
    assertThrows(IllegalArgumentException.class,
        () -> SIGSTORE.bundle().dsse("text/plain", ARTIFACT).tamper(Tamper.ARTIFACT).build());
    assertThrows(IllegalArgumentException.class,
        () -> SIGSTORE.bundle().dsse("text/plain", ARTIFACT).tlogKind(TlogKind.HASHEDREKORD_001).build());
    assertThrows(IllegalArgumentException.class, () -> SIGSTORE.bundle().tlogKind(TlogKind.INTOTO_002).build());
    assertThrows(IllegalArgumentException.class,
        () -> SIGSTORE.bundle().withInclusionProof(false).tamper(Tamper.ROOT_HASH).build());
    assertThrows(IllegalArgumentException.class,
        () -> SIGSTORE.bundle().withTimestamp(false).tamper(Tamper.TSA_IMPRINT).build());
    assertThrows(IllegalArgumentException.class, () -> SIGSTORE.bundle().logPosition(3, 3));
  }

  @Test
  void clockAndValidityWindowsAreConfigurable() {
    Instant now = Instant.parse("2024-03-01T09:30:00Z");
    Instant start = Instant.parse("2023-01-01T00:00:00Z");
    Instant end = Instant.parse("2030-01-01T00:00:00Z");
    FakeSigstore custom = FakeSigstore.builder().now(now)
        .caValidity(Validity.between(start, end))
        .rekorV1Validity(Validity.between(start, Instant.parse("2024-06-01T00:00:00Z")))
        .npmKeyValidity(Validity.from(start))
        .build();
    JsonNode root = Checks.json(custom.trustedRootJson());
    assertEquals("2023-01-01T00:00:00Z", root.at("/tlogs/0/publicKey/validFor/start").asText());
    assertEquals("2024-06-01T00:00:00Z", root.at("/tlogs/0/publicKey/validFor/end").asText());
    assertEquals("2030-01-01T00:00:00Z", root.at("/certificateAuthorities/0/validFor/end").asText());
    assertEquals(end, custom.ca().rootCertificate().getNotAfter().toInstant());
    assertEquals("2023-01-01T00:00:00.000Z", Checks.json(custom.npmKeysJson()).at("/keys/1/publicKey/validFor/start").asText());

    FakeBundle b = custom.bundle().build();
    assertEquals(now, b.certificate().orElseThrow().getNotBefore().toInstant());
    assertEquals(now.plusSeconds(2), b.integratedTime().orElseThrow());
    Instant later = Instant.parse("2024-04-01T00:00:00Z");
    assertEquals(later, custom.bundle().signingTime(later).build().signingTime());
    assertEquals(Set.of(), MiniVerifier.failures(b));
  }

  @Test
  void npmKeyOutsideValidityEndsTheKeyBeforeTheLogTime() {
    FakeBundle b = SIGSTORE.bundle().npmPublishAttestation("pkg", "1.0.0", ARTIFACT)
        .tamper(Tamper.NPM_KEY_OUTSIDE_VALIDITY).build();
    JsonNode keys = Checks.json(b.npmKeysJson());
    Instant end = Instant.parse(keys.at("/keys/1/publicKey/validFor/end").asText());
    assertTrue(end.isBefore(b.integratedTime().orElseThrow()));
    assertArrayEquals(SIGSTORE.trustedRootJson(), b.trustedRootJson());
  }

  @Test
  void logPositionCanBeChosen() {
    JsonNode e = entry(SIGSTORE.bundle().logPosition(0, 1).build());
    assertEquals(0, e.at("/inclusionProof/hashes").size());
    assertEquals("1", e.at("/inclusionProof/treeSize").asText());
    assertEquals(Set.of(), MiniVerifier.failures(SIGSTORE.bundle().logPosition(6, 7).build()));
  }

  @Test
  void rawDsseHasNoArtifact() {
    FakeBundle b = SIGSTORE.bundle().dsse("text/plain", ARTIFACT).build();
    assertFalse(b.hasArtifact());
    assertThrows(IllegalStateException.class, b::artifact);
    assertEquals(Set.of(), MiniVerifier.failures(b));
  }

  @Test
  void writeToLaysOutAConformanceStyleCase(@TempDir Path dir) throws Exception {
    FakeBundle b = SIGSTORE.bundle().messageSignature(ARTIFACT).build();
    b.writeTo(dir);
    assertArrayEquals(b.json(), Files.readAllBytes(dir.resolve("bundle.sigstore.json")));
    assertArrayEquals(ARTIFACT, Files.readAllBytes(dir.resolve("artifact")));
    assertEquals(FakeBundleBuilder.DEFAULT_IDENTITY, Files.readString(dir.resolve("identity")));
    assertTrue(Files.exists(dir.resolve("trusted_root.json")));
    Path keyDir = dir.resolve("npm");
    SIGSTORE.bundle().signedWithNpmKey().build().writeTo(keyDir);
    assertEquals(SIGSTORE.npmKey().publicKeyPem(), Files.readString(keyDir.resolve("key.pub")));
  }

  // --- shapes compared with the real files ----------------------------------------------------

  /** Every JSON path (array elements collapsed to [], the optional validFor/end left out) in {@code node}. */
  private static Set<String> paths(JsonNode node, String prefix, Set<String> out) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(f -> {
        if (!f.equals("end")) {
          out.add(prefix + "/" + f);
        }
        paths(node.get(f), prefix + "/" + f, out);
      });
    } else if (node.isArray()) {
      node.forEach(e -> paths(e, prefix + "[]", out));
    }
    return out;
  }

  @Test
  void trustedRootHasTheFieldsOfTheProductionOne() {
    JsonNode real = Checks.json(RealData.require("trust_roots/public-good-tuf-seeds/trusted_root.json"));
    Set<String> ours = paths(Checks.json(SIGSTORE.trustedRootJson()), "", new TreeSet<>());
    Set<String> theirs = paths(real, "", new TreeSet<>());
    assertEquals(theirs, ours);
  }

  @Test
  void npmKeysJsonHasTheFieldsOfTheRealOne() {
    JsonNode real = Checks.json(RealData.require("trust_roots/public-good-tuf-seeds/registry.npmjs.org__keys.json"));
    assertEquals(paths(real, "", new TreeSet<>()), paths(Checks.json(SIGSTORE.npmKeysJson()), "", new TreeSet<>()));
  }
}
