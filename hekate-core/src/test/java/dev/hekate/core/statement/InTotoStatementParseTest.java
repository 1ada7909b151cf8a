package dev.hekate.core.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link InTotoStatement.Parse}: reused only for the same payload type and bytes, failures kept as thrown. */
class InTotoStatementParseTest {
  private static final String STATEMENT = """
      {"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha512":"%s"}}],
       "predicateType":"https://example.com/p","predicate":{}}""";

  private static byte[] statement(String hex) {
    return STATEMENT.formatted(hex).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theSameBytesReuseTheParse() throws Exception {
    InTotoStatement.Parse parse = InTotoStatement.Parse.of(InTotoStatement.PAYLOAD_TYPE, statement("ab"));

    assertSame(parse, parse.reuseFor(InTotoStatement.PAYLOAD_TYPE, statement("ab")));
    assertEquals(InTotoStatement.parse(InTotoStatement.PAYLOAD_TYPE, statement("ab")), parse.statement());
  }

  @Test
  void otherBytesOrAnotherTypeAreParsedAfresh() throws Exception {
    InTotoStatement.Parse parse = InTotoStatement.Parse.of(InTotoStatement.PAYLOAD_TYPE, statement("ab"));

    InTotoStatement.Parse other = parse.reuseFor(InTotoStatement.PAYLOAD_TYPE, statement("cd"));
    assertNotSame(parse, other);
    assertEquals("cd", dev.hekate.core.encoding.Encoding.toHex(other.statement().subjects().get(0).digests().get(0).value()));

    InTotoStatement.Parse wrongType = parse.reuseFor("application/json", statement("ab"));
    assertTrue(wrongType.valid().isEmpty());
    VerificationException e = assertThrows(VerificationException.class, wrongType::statement);
    assertEquals(CheckId.STATEMENT_FORMAT, e.check());
  }

  @Test
  void aMalformedPayloadFailsAsParseDoes() {
    byte[] malformed = "{\"_type\":1}".getBytes(StandardCharsets.UTF_8);
    VerificationException direct = assertThrows(VerificationException.class,
        () -> InTotoStatement.parse(InTotoStatement.PAYLOAD_TYPE, malformed));

    InTotoStatement.Parse parse = InTotoStatement.Parse.of(InTotoStatement.PAYLOAD_TYPE, malformed);

    assertTrue(parse.valid().isEmpty());
    VerificationException kept = assertThrows(VerificationException.class, parse::statement);
    assertEquals(direct.getMessage(), kept.getMessage());
    assertEquals(direct.check(), kept.check());
  }

  @Test
  void laterChangesToTheCallersArrayDoNotLeakIn() throws Exception {
    byte[] payload = statement("ab");
    InTotoStatement.Parse parse = InTotoStatement.Parse.of(InTotoStatement.PAYLOAD_TYPE, payload);
    payload[payload.length - 3] = ' ';

    assertNotSame(parse, parse.reuseFor(InTotoStatement.PAYLOAD_TYPE, payload));
  }
}
