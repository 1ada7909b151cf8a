package dev.hekate.lambda.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz harness for {@link RequestParser}: the fuzzed bytes are read as UTF-8 text
 * {@code METHOD PATH[?QUERY]}. Every request ends as a {@link Route} — nothing is thrown — and a
 * refusal's message is printable ASCII (input is never echoed unescaped). A verify route's package
 * spec, written back into a path, parses to the same spec. Seeds and crashes found:
 * {@code RequestParserFuzzTestInputs/}.
 */
class RequestParserFuzzTest {

  @FuzzTest
  void request(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int space = text.indexOf(' ');
    String method = space < 0 ? text : text.substring(0, space);
    String target = space < 0 ? "" : text.substring(space + 1);
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);

    Route route = RequestParser.parse(method, path, query);
    assertNotNull(route);
    switch (route) {
      case Route.Rejected rejected -> assertTrue(rejected.message().chars().allMatch(c -> c >= 0x20 && c < 0x7f),
          rejected.message());
      case Route.Verify verify -> assertEquals(route,
          RequestParser.parse("GET", RequestParser.NPM_PREFIX + verify.spec(), ""));
      case Route.Health health -> assertEquals(RequestParser.HEALTH, path);
      case Route.Verifier verifier -> assertEquals(RequestParser.VERIFIER, path);
      case Route.SlsaPost post -> assertEquals("POST " + RequestParser.SLSA_VERIFY, method + " " + path);
      case Route.SlsaVerify verify -> throw new AssertionError("the request line alone never holds a body");
      case Route.InTotoPost post -> assertEquals("POST " + RequestParser.INTOTO_VERIFY, method + " " + path);
      case Route.InTotoVerify verify -> throw new AssertionError("the request line alone never holds a body");
      // A summary's spec, written back with its suffix and format, names the same summary.
      case Route.Summary summary -> assertEquals(route, RequestParser.parse("GET", RequestParser.NPM_PREFIX
          + summary.spec() + RequestParser.SUMMARY_SUFFIX, summary.bundle() ? "format=bundle" : ""));
      // A history's name, encoded as the API's links encode it, names the same history.
      case Route.History history -> assertEquals(route, RequestParser.parse("GET",
          (history.format() == Route.Format.HTML ? RequestParser.UI_PREFIX : RequestParser.NPM_PREFIX)
              + HistoryLinks.encodedName(history.name())
              + (history.format() == Route.Format.HTML ? "" : RequestParser.HISTORY_SUFFIX), ""));
    }
  }
}
