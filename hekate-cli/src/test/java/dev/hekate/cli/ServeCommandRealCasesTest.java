package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.lambda.RawHttp;
import dev.hekate.testdata.RealData;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.RealNpmCases;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real npm case of ../shared/realdata through {@code hekate serve} on loopback, with a
 * loopback registry serving it as registry.npmjs.org would and the embedded public-good trust
 * material: 200 and the status MANIFEST.md gives, with its package and version.
 */
class ServeCommandRealCasesTest {

  @TestFactory
  Stream<DynamicTest> everyRealCaseComesBackAsTheManifestSays() {
    RealData.require();
    return RealNpmCases.allCases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " → " + c.expected(), () -> {
      try (FakeRegistry registry = FakeRegistry.start()) {
        registry.publish(c);
        List<String> options = new ArrayList<>(List.of("--no-github", "--registry", registry.baseUrl().toString()));
        if (c.tarball().isPresent() || c.servedTarball().isPresent()) {
          options.add("--tarball");
        }
        try (Serve serve = Serve.start(options.toArray(String[]::new))) {
          RawHttp.Reply reply = RawHttp.send(serve.port(), "GET", "/v1/npm/" + c.packageName() + "@" + c.version());
          assertEquals(200, reply.status(), reply.body());
          JsonNode verdict = Json.mapper().readTree(reply.body());
          assertEquals(c.expected().name(), verdict.path("status").asText(), c.description() + "\n" + reply.body());
          assertEquals(c.packageName(), verdict.path("package").asText());
          assertEquals(c.version(), verdict.path("version").asText());
        }
      }
    }));
  }
}
