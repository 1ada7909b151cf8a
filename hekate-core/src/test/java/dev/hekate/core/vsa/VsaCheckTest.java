package dev.hekate.core.vsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each rule of a summary check, broken on its own by a minted summary, refused for that reason. */
class VsaCheckTest {
  private static final LocalKeySigner KEY = LocalKeySigner.generate();
  private static final List<VsaCheck.PinnedKey> PINNED = List.of(new VsaCheck.PinnedKey(KEY.keyId(), KEY.publicKey()));
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final String PURL = "pkg:npm/%40scope/name@1.0.0";
  private static final String SHA512 = "ab".repeat(64);
  private static final VsaCheck.Expectation EXPECTED = new VsaCheck.Expectation(URI.create("https://peer.test/"),
      PURL, SHA512, NOW, Duration.ofDays(1), List.of("SLSA_BUILD_LEVEL_2"));

  private static ObjectNode statement() {
    ObjectNode s = Json.newObject();
    s.put("_type", VerificationSummary.STATEMENT_TYPE);
    ObjectNode subject = s.putArray("subject").addObject();
    subject.put("name", PURL);
    subject.putObject("digest").put("sha512", SHA512);
    s.put("predicateType", VerificationSummary.PREDICATE_TYPE);
    ObjectNode p = s.putObject("predicate");
    p.putObject("verifier").put("id", "https://peer.test/");
    p.put("timeVerified", NOW.minus(Duration.ofHours(1)).toString());
    p.put("resourceUri", PURL);
    p.put("verificationResult", "PASSED");
    p.putArray("verifiedLevels").add("SLSA_BUILD_LEVEL_2").add("HEKATE_NPM_PUBLISH_ATTESTED");
    p.putObject("hekateVerdict").put("status", "VERIFIED");
    return s;
  }

  private static VsaCheck.Outcome check(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode s = statement();
    edit.accept(s);
    return VsaCheck.check(Json.write(Dsse.sign(s, KEY)).getBytes(StandardCharsets.UTF_8), PINNED, EXPECTED);
  }

  private static Optional<VsaCheck.Reason> reason(Consumer<ObjectNode> edit) throws Exception {
    return check(edit).reason();
  }

  @Test
  void anHonestSummaryIsAcceptedAsDsseAndAsABundle() throws Exception {
    VsaCheck.Outcome ok = check(s -> { });
    assertTrue(ok.accepted().orElseThrow().passed(), ok::toString);
    assertEquals(Optional.of("VERIFIED"), ok.accepted().get().hekateStatus());
    ObjectNode bundle = Dsse.bundle(Dsse.sign(statement(), KEY), KEY.keyId());
    assertTrue(VsaCheck.check(Json.write(bundle).getBytes(StandardCharsets.UTF_8), PINNED, EXPECTED).accepted()
        .isPresent());
    VsaCheck.Outcome failed = check(s -> ((ObjectNode) s.path("predicate")).put("verificationResult", "FAILED")
        .putArray("verifiedLevels").add("FAILED"));
    assertTrue(failed.accepted().isPresent() && !failed.accepted().get().passed(),
        "a FAILED summary is an answer, with no level required");
  }

  @Test
  void eachBrokenRuleIsItsOwnReason() throws Exception {
    assertEquals(Optional.of(VsaCheck.Reason.WRONG_PREDICATE), reason(s -> s.put("predicateType",
        "https://slsa.dev/provenance/v1")));
    assertEquals(Optional.of(VsaCheck.Reason.WRONG_PREDICATE), reason(s -> s.put("_type",
        "https://in-toto.io/Statement/v0.1")));
    assertEquals(Optional.of(VsaCheck.Reason.VERIFIER_MISMATCH), reason(s -> ((ObjectNode) s.at("/predicate/verifier"))
        .put("id", "https://another.test/")));
    assertEquals(Optional.of(VsaCheck.Reason.SUBJECT_MISMATCH), reason(s -> ((ObjectNode) s.at("/subject/0/digest"))
        .put("sha512", "cd".repeat(64))));
    assertEquals(Optional.of(VsaCheck.Reason.SUBJECT_MISMATCH), reason(s -> ((ObjectNode) s.at("/subject/0"))
        .put("name", "pkg:npm/%40scope/name@1.0.1")));
    assertEquals(Optional.of(VsaCheck.Reason.SUBJECT_MISMATCH), reason(s -> ((ObjectNode) s.path("predicate"))
        .put("resourceUri", "pkg:npm/other@1.0.0")));
    assertEquals(Optional.of(VsaCheck.Reason.STALE), reason(s -> ((ObjectNode) s.path("predicate"))
        .put("timeVerified", NOW.minus(Duration.ofDays(2)).toString())));
    assertEquals(Optional.of(VsaCheck.Reason.STALE), reason(s -> ((ObjectNode) s.path("predicate"))
        .put("timeVerified", NOW.plus(Duration.ofHours(1)).toString())));
    assertEquals(Optional.of(VsaCheck.Reason.LEVEL_MISSING), reason(s -> ((ObjectNode) s.path("predicate"))
        .putArray("verifiedLevels").add("SLSA_BUILD_LEVEL_1")));
    assertEquals(Optional.of(VsaCheck.Reason.MALFORMED), reason(s -> ((ObjectNode) s.path("predicate"))
        .put("verificationResult", "MAYBE")));
    assertEquals(Optional.of(VsaCheck.Reason.MALFORMED), reason(s -> ((ObjectNode) s.path("predicate"))
        .put("timeVerified", "yesterday")));
  }

  @Test
  void onlyAPinnedKeyAndAnUntouchedEnvelopeAreTrusted() throws Exception {
    ObjectNode envelope = Dsse.sign(statement(), KEY);
    LocalKeySigner stranger = LocalKeySigner.generate();
    byte[] foreign = Json.write(Dsse.sign(statement(), stranger)).getBytes(StandardCharsets.UTF_8);
    assertEquals(Optional.of(VsaCheck.Reason.UNKNOWN_KEY), VsaCheck.check(foreign, PINNED, EXPECTED).reason());

    ObjectNode edited = envelope.deepCopy();
    ObjectNode other = statement();
    ((ObjectNode) other.path("predicate")).put("verificationResult", "FAILED");
    edited.put("payload", Base64.getEncoder().encodeToString(Json.write(other).getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.of(VsaCheck.Reason.BAD_SIGNATURE),
        VsaCheck.check(Json.write(edited).getBytes(StandardCharsets.UTF_8), PINNED, EXPECTED).reason(),
        "an edited statement under the pinned key's id");

    // A stranger's signature naming the pinned key's id is no better.
    ObjectNode impostor = Dsse.sign(statement(), stranger);
    ((ObjectNode) impostor.at("/signatures/0")).put("keyid", KEY.keyId());
    assertEquals(Optional.of(VsaCheck.Reason.BAD_SIGNATURE),
        VsaCheck.check(Json.write(impostor).getBytes(StandardCharsets.UTF_8), PINNED, EXPECTED).reason());

    ObjectNode retyped = envelope.deepCopy().put("payloadType", "application/json");
    assertEquals(Optional.of(VsaCheck.Reason.MALFORMED),
        VsaCheck.check(Json.write(retyped).getBytes(StandardCharsets.UTF_8), PINNED, EXPECTED).reason());
    assertEquals(Optional.of(VsaCheck.Reason.MALFORMED),
        VsaCheck.check("not json".getBytes(StandardCharsets.UTF_8), PINNED, EXPECTED).reason());
    assertEquals(Optional.of(VsaCheck.Reason.MALFORMED),
        VsaCheck.check(new byte[VsaCheck.MAX_ENVELOPE_BYTES + 1], PINNED, EXPECTED).reason());
  }

  @Test
  void aPeerMessageIsPrintable() throws Exception {
    ObjectNode envelope = Dsse.sign(statement(), LocalKeySigner.generate());
    ((ObjectNode) envelope.at("/signatures/0")).put("keyid", "\u001b[2Kowned\u0007");
    VsaCheck.Outcome outcome = VsaCheck.check(Json.write(envelope).getBytes(StandardCharsets.UTF_8), PINNED, EXPECTED);
    assertTrue(outcome.message().chars().noneMatch(c -> c < 0x20), outcome.message());
  }

  @Test
  void aPeersFilePinsP256KeysAndRefusesWhatIsAmbiguous() {
    String pem = KEY.publicKeyPem().replace("\n", "\\n");
    String ok = "{\"peers\":[{\"id\":\"https://a/\",\"url\":\"http://127.0.0.1:8080\",\"keys\":[{\"publicKeyPem\":\""
        + pem + "\",\"keyId\":\"" + KEY.keyId() + "\"}]}]}";
    Peers.Peer peer = Peers.parse(ok.getBytes(StandardCharsets.UTF_8)).get(0);
    assertEquals("http://127.0.0.1:8080/", peer.url().toString());
    assertEquals(KEY.keyId(), peer.keys().get(0).keyId());
    assertThrows(IllegalArgumentException.class, () -> Peers.parse(ok.replace(KEY.keyId(), "00")
        .getBytes(StandardCharsets.UTF_8)), "a keyId that is not the key's");
    String twice = "{\"peers\":[" + ok.substring(10, ok.length() - 2) + "," + ok.substring(10, ok.length() - 2) + "]}";
    assertThrows(IllegalArgumentException.class, () -> Peers.parse(twice.getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class, () -> Peers.parse("{\"peers\":[]}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class, () -> Peers.parse(ok.replace("http://127.0.0.1:8080", "file:///etc")
        .getBytes(StandardCharsets.UTF_8)));
  }
}
