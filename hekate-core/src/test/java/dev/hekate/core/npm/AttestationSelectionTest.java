package dev.hekate.core.npm;

import static dev.hekate.core.npm.NpmStageFixture.PACKAGE;
import static dev.hekate.core.npm.NpmStageFixture.SIGSTORE;
import static dev.hekate.core.npm.NpmStageFixture.assertFailed;
import static dev.hekate.core.npm.NpmStageFixture.input;
import static dev.hekate.core.npm.NpmStageFixture.passed;
import static dev.hekate.core.npm.NpmStageFixture.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.Outcome;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import dev.hekate.testdata.Hostile;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AttestationSelection}, {@code npm.attestations}: the publish attestation and the
 * provenance are chosen by predicate type; no response is MISSING; a malformed, ambiguous or
 * mislabelled response is INVALID; after verification each label is the type its statement signs.
 */
class AttestationSelectionTest {
  private static Optional<AttestationSelection.Selected> select(byte[] response, VerdictBuilder verdict) {
    return AttestationSelection.select(Optional.of(response), verdict);
  }

  private static byte[] relabelled(int index, String predicateType) throws Exception {
    JsonNode root = Json.mapper().readTree(PACKAGE.attestations());
    ((ObjectNode) root.get("attestations").get(index)).put("predicateType", predicateType);
    return Json.mapper().writeValueAsBytes(root);
  }

  @Test
  void theHonestResponseSelectsBothByTypeAndConfirmsThemOnceVerified() throws Exception {
    VerdictBuilder verdict = new VerdictBuilder(input());

    AttestationSelection.Selected selected = select(PACKAGE.attestations(), verdict).orElseThrow();
    assertEquals(Predicates.NPM_PUBLISH, selected.publish().orElseThrow().declaredType());
    assertEquals(Predicates.SLSA_V1, selected.provenance().orElseThrow().declaredType());
    assertEquals(List.of(), passed(verdict));

    AttestationSelection.confirm(selected, Optional.of(NpmStageFixture.publish()),
        Optional.of(NpmStageFixture.provenance()), verdict);

    assertEquals(List.of(CheckId.NPM_ATTESTATIONS), passed(verdict));
  }

  @Test
  void noResponseIsMissingNotAFailure() {
    VerdictBuilder verdict = new VerdictBuilder(input());

    assertEquals(Optional.empty(), AttestationSelection.select(Optional.empty(), verdict));

    CheckResult result = recorded(verdict).get(0);
    assertEquals(CheckId.NPM_ATTESTATIONS, result.id());
    assertEquals(Outcome.MISSING, result.outcome());
  }

  @Test
  void anAttestationHekateDoesNotKnowIsAFindingAndIsLeftOut() {
    FakeBundle unknown = SIGSTORE.bundle()
        .inTotoStatementFor("artifact", PACKAGE.tarball(), "https://example.test/attestation/v1", "{}").build();
    VerdictBuilder verdict = new VerdictBuilder(input());

    AttestationSelection.Selected selected = select(
        FakeSigstore.npmAttestationsResponse(PACKAGE.publish(), unknown, PACKAGE.provenance()), verdict).orElseThrow();

    assertTrue(selected.publish().isPresent() && selected.provenance().isPresent());
    assertEquals(List.of(FindingType.UNKNOWN_ATTESTATION),
        verdict.build(Evidence.none()).findings().stream().map(Finding::type).toList());
  }

  @Test
  void aMalformedAmbiguousOrMislabelledResponseIsInvalid() throws Exception {
    List<byte[]> refused = List.of(
        "not json".getBytes(StandardCharsets.UTF_8),
        FakeSigstore.npmAttestationsResponse(PACKAGE.publish(), PACKAGE.publish(), PACKAGE.provenance()),
        relabelled(1, Predicates.NPM_PUBLISH),
        "{\"attestations\":[]}".getBytes(StandardCharsets.UTF_8));
    for (byte[] response : refused) {
      VerdictBuilder verdict = new VerdictBuilder(input());

      assertEquals(Optional.empty(), select(response, verdict));
      assertFailed(verdict, CheckId.NPM_ATTESTATIONS, FailureKind.INVALID);
    }
  }

  @Test
  void aProvenanceWithoutAPublishAttestationIsInvalid() {
    VerdictBuilder verdict = new VerdictBuilder(input());
    AttestationSelection.Selected selected =
        select(FakeSigstore.npmAttestationsResponse(PACKAGE.provenance()), verdict).orElseThrow();

    AttestationSelection.confirm(selected, Optional.empty(), Optional.empty(), verdict);

    assertFailed(verdict, CheckId.NPM_ATTESTATIONS, FailureKind.INVALID);
  }

  @Test
  void aLabelThatIsNotTheVerifiedStatementsTypeIsAMismatch() throws Exception {
    VerdictBuilder verdict = new VerdictBuilder(input());
    AttestationSelection.Selected honest = select(PACKAGE.attestations(), verdict).orElseThrow();
    AttestationSelection.Attestation provenance = honest.provenance().orElseThrow();
    AttestationSelection.Selected mislabelled = new AttestationSelection.Selected(honest.publish(), Optional.of(
        new AttestationSelection.Attestation(Predicates.SLSA_V02, provenance.bundle(), provenance.payload())));

    AttestationSelection.confirm(mislabelled, Optional.of(NpmStageFixture.publish()),
        Optional.of(NpmStageFixture.provenance()), verdict);

    CheckResult failure = assertFailed(verdict, CheckId.NPM_ATTESTATIONS, FailureKind.MISMATCH);
    assertEquals(Optional.of(Predicates.SLSA_V1), failure.expected());
    assertEquals(Optional.of(Predicates.SLSA_V02), failure.actual());
  }

  /**
   * The attestations response is unsigned until its bundles verify: a hostile value of about 4 MiB
   * ({@link Hostile}) as its predicate type, media type, payload type or payload ends selection in
   * linear time, with a selection or {@code npm.attestations} INVALID — never an error.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#strings")
  void aHostileValueInTheResponseEndsSelectionInLinearTime(Hostile.Value value) {
    for (String field : List.of("predicateType", "mediaType", "payloadType", "payload")) {
      ObjectNode entry = Json.newObject().put("predicateType", field.equals("predicateType") ? value.text() : Predicates.SLSA_V1);
      ObjectNode bundle = entry.putObject("bundle").put("mediaType", field.equals("mediaType") ? value.text() : "x");
      bundle.putObject("dsseEnvelope")
          .put("payloadType", field.equals("payloadType") ? value.text() : "application/vnd.in-toto+json")
          .put("payload", field.equals("payload") ? value.text() : "e30=");
      ObjectNode root = Json.newObject();
      root.putArray("attestations").add(entry);
      byte[] response = Json.write(root).getBytes(StandardCharsets.UTF_8);
      assertSelectedOrInvalid(response, field + ": " + value);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#documents")
  void aHostileResponseEndsSelectionInLinearTime(Hostile.Document document) {
    assertSelectedOrInvalid(document.json(), document.toString());
  }

  private static void assertSelectedOrInvalid(byte[] response, String what) {
    VerdictBuilder verdict = new VerdictBuilder(input());
    Optional<AttestationSelection.Selected> selected =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> select(response, verdict), what);
    if (selected.isEmpty()) {
      assertFailed(verdict, CheckId.NPM_ATTESTATIONS, FailureKind.INVALID);
    }
    assertTrue(recorded(verdict).stream().noneMatch(r -> r.outcome() == Outcome.ERROR), what);
  }
}
