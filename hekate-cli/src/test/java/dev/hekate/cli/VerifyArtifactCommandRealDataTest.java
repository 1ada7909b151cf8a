package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.testdata.RealData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate verify-artifact} on real slsa-github-generator provenance
 * ({@code shared/realdata/slsa_github_generator/}, MANIFEST section 5), with slsa-verifier's
 * expectations from {@code Test_runVerifyGHAArtifactPath}. Asserts exit codes and check ids.
 */
class VerifyArtifactCommandRealDataTest {
  private static final String SOURCE = "github.com/slsa-framework/example-package";
  private static final String GENERATOR = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/";
  private static final String TRW = "https://github.com/slsa-framework/example-trw/.github/workflows/builder_high-perms_slsa3.yml";

  @TempDir
  Path temp;

  private static Path generic(String file) {
    return RealData.require("slsa_github_generator/gha_generic-v2.1.0/" + file);
  }

  private static CliRun verify(Path provenance, List<String> flags, Path... artifacts) {
    List<String> args = new ArrayList<>(List.of("verify-artifact", "--json", "--provenance", provenance.toString()));
    args.addAll(flags);
    for (Path artifact : artifacts) {
      args.add(artifact.toString());
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The id of the first check that neither passed nor was skipped, or "". */
  private static String firstProblem(CliRun run) throws IOException {
    JsonNode result = run.jsonLines().get(0);
    for (JsonNode check : result.path("checks")) {
      String outcome = check.path("outcome").asText();
      if (!outcome.equals("PASSED") && !outcome.equals("WARNING") && !outcome.equals("NOT_RUN")) {
        return check.path("id").asText() + " " + outcome;
      }
    }
    return "";
  }

  private static void assertNotVerified(CliRun run, String problem) throws IOException {
    assertEquals(1, run.exit(), run::toString);
    assertEquals(problem, firstProblem(run), run::toString);
  }

  @Test
  void genericBundleOfABranchBuildVerifies() throws IOException {
    CliRun run = verify(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
        List.of("--source-uri", SOURCE, "--source-branch", "main", "--builder-id", GENERATOR + "generator_generic_slsa3.yml"),
        generic("binary-linux-amd64"));
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.jsonLines().get(0).path("verified").asBoolean(), run::toString);
    assertEquals("", firstProblem(run));
  }

  @Test
  void genericBundleOfATagMatchesTheVersionedTagAndTheExactTag() {
    Path provenance = generic("binary-linux-amd64-push-v13.0.30.intoto.jsonl");
    for (String versioned : List.of("v13", "v13.0", "v13.0.30")) {
      CliRun run = verify(provenance, List.of("--source-uri", SOURCE, "--source-versioned-tag", versioned,
          "--builder-id", GENERATOR + "generator_generic_slsa3.yml@v2.1.0"), generic("binary-linux-amd64"));
      assertEquals(0, run.exit(), versioned + ": " + run);
    }
    CliRun exact = verify(provenance, List.of("--source-uri", SOURCE, "--source-tag", "v13.0.30"),
        generic("binary-linux-amd64"));
    assertEquals(0, exact.exit(), exact::toString);
  }

  @Test
  void wrongSourceFails() throws IOException {
    for (String source : List.of("github.com/slsa-framework/example-packageA", "github.com/Aslsa-framework/example-package")) {
      assertNotVerified(verify(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
          List.of("--source-uri", source), generic("binary-linux-amd64")), "slsa.source FAILED");
    }
  }

  @Test
  void wrongBranchFails() throws IOException {
    assertNotVerified(verify(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
        List.of("--source-uri", SOURCE, "--source-branch", "master"), generic("binary-linux-amd64")), "slsa.branch FAILED");
  }

  @Test
  void wrongTagsFail() throws IOException {
    Path tagged = generic("binary-linux-amd64-push-v13.0.30.intoto.jsonl");
    assertNotVerified(verify(tagged, List.of("--source-uri", SOURCE, "--source-tag", "v13.0.29"),
        generic("binary-linux-amd64")), "slsa.tag FAILED");
    assertNotVerified(verify(tagged, List.of("--source-uri", SOURCE, "--source-tag", "v13"),
        generic("binary-linux-amd64")), "slsa.tag FAILED");
    for (String versioned : List.of("v13.1", "v12.9", "v2", "v13.0.31")) {
      assertNotVerified(verify(tagged, List.of("--source-uri", SOURCE, "--source-versioned-tag", versioned),
          generic("binary-linux-amd64")), "slsa.tag FAILED");
    }
    // A tag asked of a branch build.
    assertNotVerified(verify(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
        List.of("--source-uri", SOURCE, "--source-tag", "v1.2.3"), generic("binary-linux-amd64")), "slsa.tag FAILED");
  }

  @Test
  void untrustedOrOtherBuilderFails() throws IOException {
    Path provenance = generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl");
    for (String builder : List.of(GENERATOR + "not-trusted.yml", GENERATOR + "builder_go_slsa3.yml",
        GENERATOR + "generator_generic_slsa3.yml@v2.0.0")) {
      assertNotVerified(verify(provenance, List.of("--source-uri", SOURCE, "--builder-id", builder),
          generic("binary-linux-amd64")), "slsa.builder FAILED");
    }
  }

  @Test
  void artifactThatIsNotASubjectFails() throws IOException {
    Path other = RealData.require("slsa_github_generator/gha_maven-v2.1.0/binary-linux-amd64-push-v14");
    assertNotVerified(verify(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
        List.of("--source-uri", SOURCE), other), "statement.subject FAILED");
    // The first artifact is a subject, the second is not.
    assertNotVerified(verify(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl"),
        List.of("--source-uri", SOURCE), generic("binary-linux-amd64"), other), "slsa.subject FAILED");
  }

  @Test
  void tamperedProvenanceFails() throws IOException {
    ObjectNode bundle = (ObjectNode) Json.mapper().readTree(
        Files.readAllBytes(generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl")));
    ObjectNode envelope = (ObjectNode) bundle.path("dsseEnvelope");
    // Point the statement at another repository without re-signing it.
    String statement = new String(Base64.getDecoder().decode(envelope.path("payload").asText()), StandardCharsets.UTF_8)
        .replace("slsa-framework/example-package", "slsa-framework/example-packagf");
    envelope.put("payload", Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8)));
    Path tampered = temp.resolve("tampered.intoto.jsonl");
    Files.writeString(tampered, Json.write(bundle));
    CliRun run = verify(tampered, List.of("--source-uri", "github.com/slsa-framework/example-packagf"),
        generic("binary-linux-amd64"));
    assertEquals(1, run.exit(), run::toString);
    assertEquals("dsse.signature FAILED", firstProblem(run), run::toString);
  }

  @Test
  void delegatorNeedsTheBuilderIdOfItsReusableWorkflow() throws IOException {
    Path dir = RealData.require("slsa_github_generator/gha_delegator-v2.1.0");
    Path provenance = dir.resolve("binary-linux-amd64-workflow_dispatch.build.slsa");
    Path artifact = dir.resolve("binary-linux-amd64-workflow_dispatch");
    CliRun withId = verify(provenance, List.of("--source-uri", SOURCE, "--source-branch", "main", "--builder-id", TRW),
        artifact);
    assertEquals(0, withId.exit(), withId::toString);
    assertTrue(withId.err().contains(TRW + "@refs/tags/v2.1.0"), withId::toString);
    assertNotVerified(verify(provenance, List.of("--source-uri", SOURCE), artifact), "slsa.builder FAILED");
    assertNotVerified(verify(provenance, List.of("--source-uri", SOURCE, "--builder-id", TRW + "@v1.10.0"), artifact),
        "slsa.builder FAILED");
  }

  @Test
  void mavenBuilderIsTrustedWithoutABuilderId() throws IOException {
    Path dir = RealData.require("slsa_github_generator/gha_maven-v2.1.0");
    CliRun run = verify(dir.resolve("binary-linux-amd64-push-v14.2.build.slsa"),
        List.of("--source-uri", SOURCE, "--source-versioned-tag", "v14"), dir.resolve("binary-linux-amd64-push-v14.2"));
    assertEquals(0, run.exit(), run::toString);
    assertNotVerified(verify(dir.resolve("binary-linux-amd64-push-v14.2.build.slsa"),
        List.of("--source-uri", SOURCE, "--source-versioned-tag", "v14.2.3"), dir.resolve("binary-linux-amd64-push-v14.2")),
        "slsa.tag FAILED");
  }

  @Test
  void rawDsseEnvelopeIsNotVerifiedOffline() throws IOException {
    Path dir = RealData.require("slsa_github_generator/gha_generic-v2.0.0");
    CliRun run = verify(dir.resolve("binary-linux-amd64-workflow_dispatch.intoto.jsonl"), List.of("--source-uri", SOURCE),
        dir.resolve("binary-linux-amd64"));
    assertNotVerified(run, "slsa.provenance MISSING");
    assertTrue(run.err().contains("Rekor"), run::toString);
  }

  @Test
  void printProvenancePrintsTheVerifiedStatement() {
    CliRun run = CliRun.of("verify-artifact", "--print-provenance", "--provenance",
        generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl").toString(), "--source-uri", SOURCE,
        generic("binary-linux-amd64").toString());
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().contains("\"predicateType\""), run::toString);
  }

  @Test
  void usageErrorsExitTwo() {
    String provenance = generic("binary-linux-amd64-workflow_dispatch.intoto.jsonl").toString();
    String artifact = generic("binary-linux-amd64").toString();
    assertEquals(0, CliRun.of("verify-artifact", "--help").exit());
    assertEquals(2, CliRun.of("verify-artifact", "--provenance", provenance, artifact).exit());
    assertEquals(2, CliRun.of("verify-artifact", "--source-uri", SOURCE, artifact).exit());
    assertEquals(2, CliRun.of("verify-artifact", "--provenance", provenance, "--source-uri", SOURCE).exit());
    assertEquals(2, CliRun.of("verify-artifact", "--provenance", provenance, "--source-uri", SOURCE,
        "--source-tag", "v1", "--source-versioned-tag", "v1", artifact).exit());
    assertEquals(2, CliRun.of("verify-artifact", "--provenance", provenance + ".absent", "--source-uri", SOURCE,
        artifact).exit());
    assertEquals(2, CliRun.of("verify-artifact", "--provenance", provenance, "--source-uri", SOURCE,
        artifact + ".absent").exit());
    assertEquals(2, CliRun.of("verify-artifact", "--provenance", provenance, "--source-uri", SOURCE,
        "--rekor-url", "ftp://rekor.sigstore.dev", artifact).exit());
    assertEquals(2, CliRun.of("verify-artifact", "--provenance", provenance, "--source-uri", SOURCE,
        "--rekor-url", "https://user:secret@rekor.sigstore.dev", artifact).exit());
  }
}
