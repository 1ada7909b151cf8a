package dev.hekate.core.statement;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import java.util.Optional;

/**
 * The statement stage of a DSSE bundle, after its signature verified: {@code statement.format}
 * (the payload is an in-toto statement Hekate reads) and {@code statement.subject} (the artifact's
 * digest is one of its subjects).
 */
public final class StatementVerifier {
  private StatementVerifier() {}

  /**
   * @param parsed the payload as the caller already parsed it (to choose the artifact, say); used
   *     only if it was made from this envelope's own payload type and bytes
   */
  public static InTotoStatement verify(Content.DsseEnvelope dsse, Artifact artifact,
      Optional<InTotoStatement.Parse> parsed, Checks checks) throws Checks.Stop {
    InTotoStatement statement = checks.run(CheckId.STATEMENT_FORMAT, "", () -> parsed.isPresent()
        ? parsed.get().reuseFor(dsse.payloadType(), dsse.payload()).statement()
        : InTotoStatement.parse(dsse.payloadType(), dsse.payload()));
    checks.run(CheckId.STATEMENT_SUBJECT, "", () -> {
      if (artifact.digests().stream().noneMatch(statement::hasSubjectDigest)) {
        throw VerificationException.mismatch(CheckId.STATEMENT_SUBJECT, "the artifact is not a subject of the statement",
            artifact.digests(), statement.subjects().stream().flatMap(s -> s.digests().stream()).toList());
      }
    });
    return statement;
  }
}
