package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.NpmAttack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify-npm --trust-exclude} against the trust-downgrade attacks of hekate-testdata: an
 * exception naming the version turns the regression into an excepted downgrade, one naming
 * anything else changes nothing, a malformed one is a usage error.
 */
class VerifyNpmCommandTrustExcludeTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final List<NpmAttack> DOWNGRADES =
      List.of(NpmAttack.TRUSTED_PUBLISHING_DROPPED, NpmAttack.NEW_MAJOR_WITHOUT_PROVENANCE);

  @TempDir
  static Path trust;
  private static FakeRegistry registry;
  private static final List<NpmAttack.AttackedPackage> attacked = new ArrayList<>();

  @BeforeAll
  static void publish() throws IOException {
    registry = FakeRegistry.start();
    for (NpmAttack attack : DOWNGRADES) {
      attacked.add(attack.publish(registry, SIGSTORE, "victim-" + attack.ordinal()));
    }
    Files.write(trust.resolve("trusted_root.json"), SIGSTORE.trustedRootJson());
    Files.write(trust.resolve("npm_keys.json"), SIGSTORE.npmKeysJson());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  private static CliRun verify(String spec, String... excludes) {
    List<String> args = new ArrayList<>(List.of("verify-npm", "--registry", registry.baseUrl().toString(), "--json",
        "--trusted-root", trust.resolve("trusted_root.json").toString(),
        "--npm-keys", trust.resolve("npm_keys.json").toString()));
    for (String exclude : excludes) {
      args.addAll(List.of("--trust-exclude", exclude));
    }
    args.add(spec);
    return CliRun.of(args.toArray(String[]::new));
  }

  private static List<String> findingTypes(JsonNode verdict) {
    List<String> types = new ArrayList<>();
    verdict.path("findings").forEach(f -> types.add(f.path("type").asText()));
    return types;
  }

  private static String trustHistory(JsonNode verdict) {
    for (JsonNode check : verdict.path("checks")) {
      if (check.path("id").asText().equals("trust.history")) {
        return check.path("outcome").asText();
      }
    }
    throw new AssertionError("no trust.history in " + verdict);
  }

  @Test
  void anExceptionNamingTheVersionOrThePackageIsNotARegression() throws IOException {
    for (NpmAttack.AttackedPackage victim : attacked) {
      String spec = victim.name() + "@" + victim.version();
      CliRun without = verify(spec);
      JsonNode regressed = without.jsonLines().get(0);
      assertTrue(regressed.path("regression").asBoolean(), without.toString());
      assertEquals("WARNING", trustHistory(regressed));
      assertTrue(findingTypes(regressed).contains("trust_downgrade"), regressed.toString());

      for (String entry : List.of(spec, victim.name())) {
        CliRun with = verify(spec, "unrelated", entry);
        JsonNode excepted = with.jsonLines().get(0);
        assertFalse(excepted.path("regression").asBoolean(), with.toString());
        assertEquals("PASSED", trustHistory(excepted));
        assertTrue(findingTypes(excepted).contains("trust_downgrade_excepted"), excepted.toString());
        assertFalse(findingTypes(excepted).contains("trust_downgrade"), excepted.toString());
        assertFalse(findingTypes(excepted).contains("provenance_regression"), excepted.toString());
        assertEquals(regressed.path("status").asText(), excepted.path("status").asText());
        assertEquals(without.exit(), with.exit(), "the status, not the regression, decides verify-npm's exit");
      }
    }
  }

  @Test
  void anExceptionMatchingNoDowngradeChangesNothing() throws IOException {
    for (NpmAttack.AttackedPackage victim : attacked) {
      String spec = victim.name() + "@" + victim.version();
      CliRun without = verify(spec);
      CliRun other = verify(spec, victim.name() + "@1.0.0", victim.name() + "x", "victim", "@" + "scope/" + victim.name());
      assertEquals(without.exit(), other.exit());
      JsonNode a = without.jsonLines().get(0);
      JsonNode b = other.jsonLines().get(0);
      assertEquals(a.path("regression"), b.path("regression"));
      assertEquals(findingTypes(a), findingTypes(b));
      assertEquals(trustHistory(a), trustHistory(b));
    }
  }

  @Test
  void aMalformedExceptionExitsTwoBeforeAskingTheRegistry() {
    int before = registry.requestCount();
    String spec = attacked.get(0).name() + "@" + attacked.get(0).version();
    for (String bad : List.of("", "foo@", "foo@^1.0.0", "foo@latest", "../foo", "foo,bar", " @scope/")) {
      CliRun run = verify(spec, bad);
      assertEquals(2, run.exit(), bad + ": " + run);
    }
    assertEquals(2, CliRun.of("verify-npm", spec, "--trust-exclude").exit());
    assertEquals(before, registry.requestCount());
  }
}
