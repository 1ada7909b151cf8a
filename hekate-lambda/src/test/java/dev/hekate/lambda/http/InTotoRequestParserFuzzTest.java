package dev.hekate.lambda.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Fuzz harness for {@link InTotoRequestParser}: the fuzzed bytes are a {@code POST
 * /v1/in-toto/verify} body, passed as text and as API Gateway's base64. Every body ends as a
 * {@link Route.InTotoVerify} or a {@link Route.Rejected} — nothing is thrown, so no body becomes a
 * 500 — a refusal's message is printable ASCII (the body is never echoed), and every artifact path
 * taken is one {@link InTotoRequestParser#safePath} allows.
 */
class InTotoRequestParserFuzzTest {

  @FuzzTest
  void body(byte[] input) {
    check(InTotoRequestParser.parse("application/json", new String(input, StandardCharsets.UTF_8), false));
    check(InTotoRequestParser.parse("application/json", Base64.getEncoder().encodeToString(input), true));
  }

  private static void check(Route route) {
    assertNotNull(route);
    assertTrue(route instanceof Route.InTotoVerify || route instanceof Route.Rejected, route.toString());
    if (route instanceof Route.Rejected rejected) {
      assertTrue(rejected.message().chars().allMatch(c -> c >= 0x20 && c < 0x7f), rejected.message());
    }
    if (route instanceof Route.InTotoVerify verify) {
      assertTrue(verify.artifacts().keySet().stream().allMatch(InTotoRequestParser::safePath), "an unsafe path");
      assertTrue(verify.keys().size() + (verify.unsupported().isPresent() ? 1 : 0) > 0, "no key");
    }
  }
}
