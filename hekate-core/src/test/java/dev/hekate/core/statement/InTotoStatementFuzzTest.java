package dev.hekate.core.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;

/**
 * Fuzz harness for {@link InTotoStatement#parse}: the fuzzed bytes are an in-toto DSSE payload.
 * Either a statement of a known type with 1 to {@link Limits#MAX_STATEMENT_SUBJECTS} subjects,
 * or {@link VerificationException} naming {@link CheckId#STATEMENT_FORMAT}; nothing else escapes.
 * Seeds and crashes found: {@code InTotoStatementFuzzTestInputs/}.
 */
class InTotoStatementFuzzTest {

  @FuzzTest
  void statement(byte[] input) {
    InTotoStatement statement;
    try {
      statement = InTotoStatement.parse(InTotoStatement.PAYLOAD_TYPE, input);
    } catch (VerificationException e) {
      assertEquals(CheckId.STATEMENT_FORMAT, e.check());
      return;
    }
    assertTrue(statement.type().equals(InTotoStatement.STATEMENT_V01)
        || statement.type().equals(InTotoStatement.STATEMENT_V1));
    assertTrue(!statement.subjects().isEmpty() && statement.subjects().size() <= Limits.MAX_STATEMENT_SUBJECTS);
    assertTrue(!statement.predicateType().isEmpty());
    // The cached parse that npm's selection reuses agrees with a fresh one.
    assertEquals(statement, InTotoStatement.Parse.of(InTotoStatement.PAYLOAD_TYPE, input).valid().orElseThrow());
  }
}
