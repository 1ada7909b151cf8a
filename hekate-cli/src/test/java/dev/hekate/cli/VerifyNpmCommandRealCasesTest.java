package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.RealData;
import dev.hekate.testdata.registry.ExpectedOutcome;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.RealNpmCase;
import dev.hekate.testdata.registry.RealNpmCases;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real npm case of ../shared/realdata, served by a loopback registry exactly as
 * registry.npmjs.org would serve it, through {@code hekate verify-npm --registry}: each reaches
 * the outcome MANIFEST.md gives.
 */
class VerifyNpmCommandRealCasesTest {

  @TestFactory
  Stream<DynamicTest> everyRealCaseReachesItsOutcome() {
    RealData.require();
    return RealNpmCases.allCases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " → " + c.expected(), () -> {
      try (FakeRegistry registry = FakeRegistry.start()) {
        registry.publish(c);
        List<String> args = new ArrayList<>(List.of("verify-npm", "--registry", registry.baseUrl().toString(), "--json"));
        if (c.tarball().isPresent() || c.servedTarball().isPresent()) {
          args.add("--tarball");
        }
        args.add(c.packageName() + "@" + c.version());
        CliRun run = CliRun.of(args.toArray(String[]::new));
        List<JsonNode> verdicts = run.jsonLines();
        assertEquals(1, verdicts.size(), run.toString());
        JsonNode verdict = verdicts.get(0);
        assertEquals(c.expected().name(), verdict.path("status").asText(), c.description() + "\n" + run);
        assertEquals(c.expected() == ExpectedOutcome.VERIFIED ? 0 : 1, run.exit(), run.toString());
        assertEquals(c.packageName(), verdict.path("package").asText());
        if (c.expected() == ExpectedOutcome.VERIFIED) {
          assertTrue(verdict.at("/evidence/sourceRepository").asText().startsWith("https://github.com/"), run.toString());
          assertFalse(verdict.at("/evidence/transparencyLog").isEmpty(), run.toString());
        }
        if (c.expected() == ExpectedOutcome.FAILED) {
          assertFalse(CliRun.firstFailure(verdict).isEmpty(), run.toString());
        }
        assertEveryFailureHasItsKind(verdict, run);
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> theFailingCheckNamesWhatWasTampered() {
    RealData.require();
    // MANIFEST.md's reasons, as check ids: an edited payload fails its DSSE signature.
    return RealNpmCases.allCases().stream()
        .filter(c -> c.id().contains("invalidsig") || c.id().contains("TAMPERED") || c.id().contains("MIXED"))
        .map(c -> DynamicTest.dynamicTest(c.id(), () -> {
          try (FakeRegistry registry = FakeRegistry.start()) {
            registry.publish(c);
            CliRun run = CliRun.of("verify-npm", "--registry", registry.baseUrl().toString(), "--json", "--tarball",
                c.packageName() + "@" + c.version());
            JsonNode verdict = run.jsonLines().get(0);
            String expected = c.id().contains("invalidsig") ? "dsse.signature"
                : c.id().contains("TAMPERED") ? "npm.tarball" : "npm.subject";
            assertEquals(expected, CliRun.firstFailure(verdict), run.toString());
            assertEquals(expected.equals("dsse.signature") ? "invalid" : "mismatch",
                firstFailed(verdict).path("kind").asText(), run.toString());
            if (c.id().contains("invalidsig")) {
              String attestation = c.id().contains("invalidsigpub") ? "publish" : "provenance";
              JsonNode failed = firstFailed(verdict);
              assertEquals(attestation, failed.path("attestation").asText(), run.toString());
            }
          }
        }));
  }

  /** Every FAILED check says its kind, a mismatch gives both values, and no other outcome has a kind. */
  private static void assertEveryFailureHasItsKind(JsonNode verdict, CliRun run) {
    for (JsonNode check : verdict.path("checks")) {
      boolean failed = check.path("outcome").asText().equals("FAILED");
      assertEquals(failed, check.has("kind"), check + "\n" + run);
      if (check.path("kind").asText().equals("mismatch")) {
        assertTrue(check.has("expected") && check.has("actual"), check + "\n" + run);
      }
      assertFalse(check.path("outcome").asText().equals("ERROR"), "a real case hit an internal error: " + check);
    }
  }

  private static JsonNode firstFailed(JsonNode verdict) {
    for (JsonNode check : verdict.path("checks")) {
      if (check.path("outcome").asText().equals("FAILED")) {
        return check;
      }
    }
    throw new AssertionError("no failed check");
  }
}
