package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.lambda.http.Responses;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.testdata.RealData;
import dev.hekate.testdata.registry.ExpectedOutcome;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.RealNpmCases;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real npm case of ../shared/realdata, served by a loopback registry as registry.npmjs.org
 * would serve it, through the handler with the embedded public-good trust material: 200 and the
 * status MANIFEST.md gives, the verdict cached for long unless MISSING.
 */
class ApiHandlerRealCasesTest {

  @TestFactory
  Stream<DynamicTest> everyRealCaseComesBackAsTheManifestSays() {
    RealData.require();
    JsonLog quiet = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
    return RealNpmCases.allCases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " → " + c.expected(), () -> {
      try (FakeRegistry registry = FakeRegistry.start()) {
        registry.publish(c);
        // Download the tarball when one was recorded (slsa-verifier's unit cases have none: 404).
        Settings settings = ApiHandlerTest.settings(registry.baseUrl())
            .withFetchTarball(c.tarball().isPresent() || c.servedTarball().isPresent());
        ApiHandler handler = new ApiHandler(HekateRuntime.create(settings, TrustMaterial::embedded,
            () -> arn -> "", quiet, Clock.systemUTC()), quiet);
        String target = "/v1/npm/" + c.packageName() + "@" + c.version();
        APIGatewayV2HTTPResponse response = handler.handleRequest(Events.get(target), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode verdict = Json.mapper().readTree(response.getBody());
        assertEquals(c.expected().name(), verdict.path("status").asText(), c.description() + "\n" + response.getBody());
        assertEquals(c.packageName(), verdict.path("package").asText());
        assertEquals(c.version(), verdict.path("version").asText());
        if (c.expected() == ExpectedOutcome.FAILED) {
          assertFalse(verdict.path("checks").toString().isEmpty());
        }
        assertEquals(c.expected() == ExpectedOutcome.MISSING ? Responses.CACHE_SHORT : Responses.CACHE_IMMUTABLE,
            response.getHeaders().get("Cache-Control"));
      }
    }));
  }
}
