package dev.hekate.core.signature;

import static dev.hekate.core.result.StageChecks.assertStops;
import static dev.hekate.core.result.StageChecks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ContentVerifier}, the content stage: a message signature's digest is the artifact's
 * ({@code artifact.digest}) and its signature verifies over the artifact ({@code message.signature});
 * a DSSE envelope's signature verifies over the PAE ({@code dsse.signature}), then the statement
 * stage runs (its own checks: {@code StatementVerifierTest}).
 */
class ContentVerifierTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "content verifier test artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER = "another artifact\n".getBytes(StandardCharsets.UTF_8);

  private static Optional<InTotoStatement> verify(FakeBundle bundle, byte[] artifact, Checks checks) throws Exception {
    SigningKey key = new SigningKey.Certificate(bundle.certificate().orElseThrow());
    return ContentVerifier.verify(BundleParser.parse(bundle.json()).content(), key, Artifact.ofBytes(artifact),
        Optional.empty(), checks);
  }

  private static FakeBundle message(Tamper... tampers) {
    return SIGSTORE.bundle().messageSignature(ARTIFACT).tamper(tampers).build();
  }

  private static FakeBundle dsse(Tamper... tampers) {
    return SIGSTORE.bundle().inTotoStatementFor("artifact", ARTIFACT, "https://slsa.dev/provenance/v1", "{}")
        .tamper(tampers).build();
  }

  @Test
  void aMessageSignatureOverTheArtifactPasses() throws Exception {
    Checks checks = new Checks();

    assertEquals(Optional.empty(), verify(message(), ARTIFACT, checks));
    assertEquals(List.of(CheckId.ARTIFACT_DIGEST, CheckId.MESSAGE_SIGNATURE), passed(checks));
  }

  @Test
  void aDsseEnvelopeOverAStatementAboutTheArtifactPassesAndGivesTheStatement() throws Exception {
    Checks checks = new Checks();

    Optional<InTotoStatement> statement = verify(dsse(), ARTIFACT, checks);

    assertEquals("https://slsa.dev/provenance/v1", statement.orElseThrow().predicateType());
    assertEquals(List.of(CheckId.DSSE_SIGNATURE, CheckId.STATEMENT_FORMAT, CheckId.STATEMENT_SUBJECT), passed(checks));
  }

  @Test
  void aMessageDigestOfAnotherArtifactIsAMismatch() {
    assertStops(CheckId.ARTIFACT_DIGEST, FailureKind.MISMATCH, checks -> verify(message(), OTHER, checks));
    assertStops(CheckId.ARTIFACT_DIGEST, FailureKind.MISMATCH,
        checks -> verify(message(Tamper.MESSAGE_DIGEST), ARTIFACT, checks));
  }

  @Test
  void aMessageSignatureThatDoesNotVerifyIsInvalid() {
    assertStops(CheckId.MESSAGE_SIGNATURE, FailureKind.INVALID,
        checks -> verify(message(Tamper.SIGNATURE), ARTIFACT, checks));
  }

  @Test
  void aDsseSignatureThatDoesNotVerifyIsInvalid() {
    assertStops(CheckId.DSSE_SIGNATURE, FailureKind.INVALID, checks -> verify(dsse(Tamper.SIGNATURE), ARTIFACT, checks));
    assertStops(CheckId.DSSE_SIGNATURE, FailureKind.INVALID, checks -> verify(dsse(Tamper.DSSE_PAYLOAD), ARTIFACT, checks));
  }
}
