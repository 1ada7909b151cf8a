package dev.hekate.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.FaultyKeys;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.ResultJson;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bundle orchestrator's contract, as a caller sees it: the stages run in the specification's
 * order and a verified result has every planned check PASSED; the first check that does not pass
 * stops the pipeline, leaving the rest NOT_RUN; a failure says its kind; and an exception inside a
 * check is Hekate's fault — ERROR, never FAILED. The per-defect catalogue is {@link TamperTest}.
 */
class BundleVerifierTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "bundle verifier test artifact\n".getBytes(StandardCharsets.UTF_8);

  private static VerificationResult verify(FakeBundle bundle, Policy policy) throws Exception {
    return new BundleVerifier(TrustedRootParser.parse(bundle.trustedRootJson()))
        .verify(bundle.json(), Artifact.ofBytes(bundle.artifact()), policy);
  }

  private static Policy identity(FakeBundle bundle) {
    return Policy.identity(IdentityPolicy.exact(bundle.expectedIdentity(), bundle.expectedIssuer()));
  }

  private static List<CheckId> ids(VerificationResult result) {
    return result.checks().stream().map(CheckResult::id).toList();
  }

  @Test
  void aKeylessDsseBundleRunsEveryStageInTheSpecificationsOrder() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().inTotoStatementFor("artifact", ARTIFACT, "https://slsa.dev/provenance/v1", "{}")
        .build();

    VerificationResult result = verify(bundle, identity(bundle));

    assertTrue(result.verified(), String.valueOf(result.firstFailure()));
    assertEquals(List.of(CheckId.BUNDLE_FORMAT, CheckId.BUNDLE_MEDIA_TYPE, CheckId.BUNDLE_TLOG_ENTRIES,
        CheckId.BUNDLE_VERIFICATION_MATERIAL, CheckId.DSSE_SIGNATURE, CheckId.STATEMENT_FORMAT, CheckId.STATEMENT_SUBJECT,
        CheckId.TLOG_KEY, CheckId.TLOG_ENTRY_BODY, CheckId.TLOG_SET, CheckId.TLOG_INCLUSION_PROOF, CheckId.TLOG_CHECKPOINT,
        CheckId.TIMESTAMP_THRESHOLD, CheckId.CERTIFICATE_VALIDITY, CheckId.CERTIFICATE_CHAIN, CheckId.CERTIFICATE_SCT,
        CheckId.IDENTITY_SAN, CheckId.IDENTITY_ISSUER), ids(result));
    assertTrue(result.checks().stream().allMatch(c -> c.outcome() == Outcome.PASSED));
    assertTrue(result.verifiedBundle().orElseThrow().statement().isPresent());
  }

  @Test
  void theFirstFailureStopsThePipelineAndTheRestIsNotRun() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tamper(Tamper.SIGNATURE).build();

    VerificationResult result = verify(bundle, identity(bundle));

    assertFalse(result.verified());
    CheckResult failure = result.firstFailure().orElseThrow();
    assertEquals(CheckId.MESSAGE_SIGNATURE, failure.id());
    assertEquals(Optional.of(FailureKind.INVALID), failure.kind());
    int at = result.checks().indexOf(failure);
    assertTrue(result.checks().subList(0, at).stream().allMatch(c -> c.outcome() == Outcome.PASSED));
    List<CheckResult> after = result.checks().subList(at + 1, result.checks().size());
    assertFalse(after.isEmpty());
    assertTrue(after.stream().allMatch(c -> c.outcome() == Outcome.NOT_RUN), after.toString());
    assertTrue(result.internalError().isEmpty());
  }

  @Test
  void aDisagreementIsAMismatchWithBothValues() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).build();
    byte[] other = "another artifact\n".getBytes(StandardCharsets.UTF_8);

    VerificationResult result = new BundleVerifier(TrustedRootParser.parse(bundle.trustedRootJson()))
        .verify(bundle.json(), Artifact.ofBytes(other), identity(bundle));

    CheckResult failure = result.firstFailure().orElseThrow();
    assertEquals(CheckId.ARTIFACT_DIGEST, failure.id());
    assertEquals(Optional.of(FailureKind.MISMATCH), failure.kind());
    assertTrue(failure.expected().isPresent() && failure.actual().isPresent());
    assertEquals("mismatch", ResultJson.check(failure).path("kind").asText());
  }

  @Test
  void anExceptionInsideACheckIsAnErrorNotAFailure() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().npmPublishAttestation("@hekate/example", "1.2.3", ARTIFACT).build();
    TrustedKeys keys = FaultyKeys.withThrowingKey(TrustedKeys.parse(bundle.npmKeysJson()), TrustedKeys.NPM_ATTESTATIONS);

    VerificationResult result = verify(bundle, Policy.trustedKeys(keys, TrustedKeys.NPM_ATTESTATIONS));

    assertFalse(result.verified());
    assertTrue(result.firstFailure().isEmpty(), "a Hekate fault must not read as bad evidence: " + result.checks());
    CheckResult error = result.internalError().orElseThrow();
    assertEquals(CheckId.DSSE_SIGNATURE, error.id());
    assertTrue(error.kind().isEmpty());
    assertInstanceOf(FaultyKeys.SimulatedBug.class, error.cause().orElseThrow());
    assertEquals("ERROR", ResultJson.check(error).path("outcome").asText());
    assertFalse(ResultJson.check(error).toString().contains("simulated bug"), "the cause stays in the log");
  }

  @Test
  void theSameBundleWithAHonestKeyVerifies() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().npmPublishAttestation("@hekate/example", "1.2.3", ARTIFACT).build();

    VerificationResult result = verify(bundle,
        Policy.trustedKeys(TrustedKeys.parse(bundle.npmKeysJson()), TrustedKeys.NPM_ATTESTATIONS));

    assertTrue(result.verified(), String.valueOf(result.firstFailure()));
    assertTrue(ids(result).contains(CheckId.PUBLIC_KEY));
  }
}
