package dev.hekate.core.statement;

import static dev.hekate.core.result.StageChecks.assertStops;
import static dev.hekate.core.result.StageChecks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.FailureKind;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link StatementVerifier}, the statement stage of a DSSE bundle: the payload is an in-toto
 * statement ({@code statement.format}) and the artifact's digest is one of its subjects
 * ({@code statement.subject}).
 */
class StatementVerifierTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "statement verifier test artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final String SLSA = "https://slsa.dev/provenance/v1";

  private static Content.DsseEnvelope envelope(FakeBundle bundle) throws Exception {
    return (Content.DsseEnvelope) BundleParser.parse(bundle.json()).content();
  }

  private static InTotoStatement verify(FakeBundle bundle, byte[] artifact, Checks checks) throws Exception {
    return StatementVerifier.verify(envelope(bundle), Artifact.ofBytes(artifact), Optional.empty(), checks);
  }

  @Test
  void aStatementWhoseSubjectIsTheArtifactPasses() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().inTotoStatementFor("artifact", ARTIFACT, SLSA, "{}").build();
    Checks checks = new Checks();

    InTotoStatement statement = verify(bundle, ARTIFACT, checks);

    assertEquals(SLSA, statement.predicateType());
    assertEquals(List.of(CheckId.STATEMENT_FORMAT, CheckId.STATEMENT_SUBJECT), passed(checks));
  }

  @Test
  void aPayloadThatIsNotAStatementIsInvalid() {
    FakeBundle notAStatement = SIGSTORE.bundle()
        .dsse(InTotoStatement.PAYLOAD_TYPE, "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8)).build();

    assertStops(CheckId.STATEMENT_FORMAT, FailureKind.INVALID, checks -> verify(notAStatement, ARTIFACT, checks));
  }

  @Test
  void aStatementAboutAnotherArtifactIsASubjectMismatch() {
    FakeBundle bundle = SIGSTORE.bundle().inTotoStatementFor("artifact", ARTIFACT, SLSA, "{}").build();
    byte[] other = "another artifact\n".getBytes(StandardCharsets.UTF_8);

    assertStops(CheckId.STATEMENT_SUBJECT, FailureKind.MISMATCH, checks -> verify(bundle, other, checks));
  }
}
