package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.BundleVersion;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeRekor;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.SlsaGenerator;
import dev.hekate.testdata.Tamper;
import dev.hekate.testdata.TlogKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate verify-artifact --rekor-url} on raw DSSE provenance (slsa-github-generator before
 * v2.1.0) minted by the in-process fake Sigstore, its entry served by a loopback fake Rekor v1.
 * Asserts exit codes, check ids and outcomes, and which requests reached the log.
 */
class VerifyArtifactCommandRekorTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String SAN =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml"
          + "@refs/tags/v1.9.0";
  private static final String REPO = "https://github.com/o/r";
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final String REF = "refs/tags/v1.0.0";
  private static final byte[] ARTIFACT = "the released binary\n".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path temp;

  private FakeRekor rekor;

  @BeforeEach
  void startRekor() {
    rekor = FakeRekor.start();
  }

  @AfterEach
  void stopRekor() {
    rekor.close();
  }

  /** Generic-generator provenance for {@link #ARTIFACT}, logged as intoto 0.0.1, signed at {@code time}. */
  private static FakeBundle provenance(Instant time, Tamper... tampers) {
    return SlsaGenerator.genericProvenance(SIGSTORE, SAN, REPO, REF, COMMIT, "binary", ARTIFACT).signingTime(time)
        .version(BundleVersion.V0_2).tlogKind(TlogKind.INTOTO_001).tamper(tampers).build();
  }

  private static FakeBundle provenance(Tamper... tampers) {
    return provenance(SIGSTORE.now(), tampers);
  }

  private List<String> args(FakeBundle bundle, boolean online) throws IOException {
    Path envelope = temp.resolve("binary.intoto.jsonl");
    Files.write(envelope, bundle.rawDsseEnvelope().orElseThrow());
    Path artifact = temp.resolve("binary");
    Files.write(artifact, ARTIFACT);
    Path root = temp.resolve("trusted_root.json");
    Files.write(root, bundle.trustedRootJson());
    List<String> args = new ArrayList<>(List.of("verify-artifact", "--json", "--provenance", envelope.toString(),
        "--source-uri", "github.com/o/r", "--source-tag", "v1.0.0", "--trusted-root", root.toString()));
    if (online) {
      args.addAll(List.of("--rekor-url", rekor.baseUrl().toString()));
    }
    args.add(artifact.toString());
    return args;
  }

  private CliRun verify(FakeBundle bundle) throws IOException {
    return CliRun.of(args(bundle, true).toArray(String[]::new));
  }

  /** Through the command itself, with the Rekor client's configuration changed. */
  private CliRun verify(FakeBundle bundle, UnaryOperator<dev.hekate.core.rekor.RekorConfig> tuning) throws IOException {
    List<String> args = args(bundle, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = VerifyArtifactCommand.run(args.subList(1, args.size()).toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), tuning);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The first check that neither passed nor was skipped, as {@code id OUTCOME}, or "". */
  private static String firstProblem(CliRun run) throws IOException {
    for (JsonNode check : run.jsonLines().get(0).path("checks")) {
      String outcome = check.path("outcome").asText();
      if (!outcome.equals("PASSED") && !outcome.equals("WARNING") && !outcome.equals("NOT_RUN")) {
        return check.path("id").asText() + " " + outcome;
      }
    }
    return "";
  }

  private long entryRequests() {
    return rekor.requests().stream().filter(r -> r.startsWith("GET ")).count();
  }

  @Test
  void theEnvelopeVerifiesWithItsEntry() throws IOException {
    FakeBundle bundle = provenance();
    String uuid = rekor.publish(bundle);
    CliRun run = verify(bundle);
    assertEquals(0, run.exit(), run::toString);
    assertEquals("", firstProblem(run), run::toString);
    JsonNode result = run.jsonLines().get(0);
    assertTrue(result.path("verified").asBoolean());
    List<String> ids = new ArrayList<>();
    result.path("checks").forEach(c -> ids.add(c.path("id").asText()));
    // Every check of a bundle ran on the envelope with its entry, then the provenance's.
    assertTrue(ids.containsAll(List.of("tlog.entry_body", "tlog.set", "tlog.inclusion_proof", "tlog.checkpoint",
        "certificate.chain", "certificate.sct", "certificate.validity", "dsse.signature", "slsa.builder",
        "slsa.source", "slsa.subject", "slsa.tag")), ids::toString);
    // Asked by the envelope's own hash, then for the one entry listed.
    assertEquals(List.of("POST /api/v1/index/retrieve {\"hash\":\"" + FakeRekor.envelopeKey(bundle) + "\"}",
        "GET /api/v1/log/entries/" + uuid), rekor.requests());
  }

  @Test
  void withoutRekorUrlNothingIsLookedUp() throws IOException {
    FakeBundle bundle = provenance();
    rekor.publish(bundle);
    CliRun run = CliRun.of(args(bundle, false).toArray(String[]::new));
    assertEquals(1, run.exit(), run::toString);
    assertEquals("slsa.provenance MISSING", firstProblem(run));
    assertEquals(List.of(), rekor.requests());
  }

  @Test
  void anEntryOfAnotherEnvelopeIsSkipped() throws IOException {
    FakeBundle bundle = provenance();
    // The same statement signed again a minute later: another envelope, another certificate.
    FakeBundle other = provenance(SIGSTORE.now().plusSeconds(60));
    String uuid = rekor.add(other);
    rekor.index(FakeRekor.artifactKey(ARTIFACT), uuid);
    CliRun run = verify(bundle);
    assertEquals(1, run.exit(), run::toString);
    assertEquals("slsa.provenance MISSING", firstProblem(run));
    // By the envelope's hash (nothing), then by the artifact's: one entry fetched, not this envelope's.
    assertEquals(3, rekor.requests().size(), rekor.requests()::toString);
    assertTrue(rekor.requests().get(1).contains(FakeRekor.artifactKey(ARTIFACT)));
    assertTrue(run.err().contains("none of this envelope"), run::toString);
  }

  @Test
  void noEntryAtAllIsMissing() throws IOException {
    CliRun run = verify(provenance());
    assertEquals(1, run.exit(), run::toString);
    assertEquals("slsa.provenance MISSING", firstProblem(run));
    assertEquals(0, entryRequests());
  }

  @Test
  void aBadSignedEntryTimestampFails() throws IOException {
    FakeBundle bundle = provenance(Tamper.SET_SIGNATURE);
    rekor.publish(bundle);
    CliRun run = verify(bundle);
    assertEquals(1, run.exit(), run::toString);
    assertEquals("tlog.set FAILED", firstProblem(run));
  }

  @Test
  void anEntryOfALogTheTrustedRootDoesNotTrustFails() throws IOException {
    // Logged, SET and checkpoint signed, by a log with another key.
    FakeBundle bundle = provenance(Tamper.UNKNOWN_LOG);
    rekor.publish(bundle);
    CliRun run = verify(bundle);
    assertEquals(1, run.exit(), run::toString);
    assertEquals("tlog.key FAILED", firstProblem(run));
  }

  @Test
  void aBrokenInclusionProofFails() throws IOException {
    FakeBundle bundle = provenance(Tamper.INCLUSION_PROOF_HASH);
    rekor.publish(bundle);
    CliRun run = verify(bundle);
    assertEquals(1, run.exit(), run::toString);
    assertEquals("tlog.inclusion_proof FAILED", firstProblem(run));
  }

  @Test
  void aCertificateExpiredAtTheIntegratedTimeFails() throws IOException {
    FakeBundle bundle = provenance(Tamper.CERT_EXPIRED_AT_LOG_TIME);
    rekor.publish(bundle);
    CliRun run = verify(bundle);
    assertEquals(1, run.exit(), run::toString);
    assertEquals("certificate.validity FAILED", firstProblem(run));
  }

  @Test
  void aServerErrorIsAnError() throws IOException {
    FakeBundle bundle = provenance();
    rekor.publish(bundle);
    rekor.failWith(500);
    CliRun run = verify(bundle);
    assertEquals(3, run.exit(), run::toString);
    assertEquals("slsa.provenance ERROR", firstProblem(run));
    assertFalse(run.jsonLines().get(0).path("verified").asBoolean());
    assertEquals(3, rekor.requests().size(), "retried as the HTTP policy says");
  }

  @Test
  void aListedEntryTheLogDoesNotHaveIsAnError() throws IOException {
    FakeBundle bundle = provenance();
    rekor.index(FakeRekor.envelopeKey(bundle), "362f8ecba72f4326" + "ab".repeat(32));
    CliRun run = verify(bundle);
    assertEquals(3, run.exit(), run::toString);
    assertEquals("slsa.provenance ERROR", firstProblem(run));
  }

  @Test
  void aClosedConnectionIsAnError() throws IOException {
    FakeBundle bundle = provenance();
    rekor.publish(bundle);
    rekor.closeConnections(true);
    CliRun run = verify(bundle);
    assertEquals(3, run.exit(), run::toString);
    assertEquals("slsa.provenance ERROR", firstProblem(run));
  }

  @Test
  void aLogSlowerThanTheTimeoutIsAnError() throws IOException {
    FakeBundle bundle = provenance();
    rekor.publish(bundle);
    rekor.delay(Duration.ofSeconds(3));
    CliRun run = verify(bundle, config -> config.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500),
        Duration.ofSeconds(1)).withMaxAttempts(1));
    assertEquals(3, run.exit(), run::toString);
    assertEquals("slsa.provenance ERROR", firstProblem(run));
    assertTrue(run.err().contains("timed out"), run::toString);
  }

  @Test
  void anOversizedAnswerIsAnError() throws IOException {
    FakeBundle bundle = provenance();
    rekor.publish(bundle);
    StringBuilder huge = new StringBuilder("[");
    while (huge.length() < (1 << 20) + 10) {
      huge.append("\"").append("0".repeat(64)).append("\",");
    }
    huge.append("\"").append("0".repeat(64)).append("\"]");
    rekor.searchAnswer(huge.toString().getBytes(StandardCharsets.UTF_8));
    CliRun run = verify(bundle);
    assertEquals(3, run.exit(), run::toString);
    assertEquals("slsa.provenance ERROR", firstProblem(run));
    assertEquals(0, entryRequests());
  }

  @Test
  void idsThatAreNotHexAreRefusedWithoutARequest() throws IOException {
    FakeBundle bundle = provenance();
    String uuid = rekor.publish(bundle);
    for (String hostile : List.of("../../../../etc/passwd", "..%2f..%2fadmin", uuid + "/../x", uuid.toUpperCase(),
        "https://attacker.test/" + uuid, uuid + "?x=1", "")) {
      rekor.searchAnswer(("[\"" + uuid + "\",\"" + hostile.replace("\"", "") + "\"]").getBytes(StandardCharsets.UTF_8));
      CliRun run = verify(bundle);
      assertEquals(3, run.exit(), hostile + ": " + run);
      assertEquals("slsa.provenance ERROR", firstProblem(run), hostile);
    }
    assertEquals(0, entryRequests(), rekor.requests()::toString);
  }

  @Test
  void aSearchAnswerThatIsNotAListIsAnError() throws IOException {
    FakeBundle bundle = provenance();
    rekor.publish(bundle);
    for (String answer : List.of("{}", "[1,2]", "not json", "{\"" + "a".repeat(64) + "\":{}}")) {
      rekor.searchAnswer(answer.getBytes(StandardCharsets.UTF_8));
      CliRun run = verify(bundle);
      assertEquals(3, run.exit(), answer + ": " + run);
    }
    assertEquals(0, entryRequests());
  }

  /**
   * Anyone may log entries under a digest: 33 others listed before this envelope's own push it past
   * the 32 examined. Bounded (32 fetches), and not "no entry": Hekate could not look at them all,
   * so it is an ERROR (exit 3), never MISSING.
   */
  @Test
  void aFloodOfEntriesIsBounded() throws IOException {
    FakeBundle bundle = provenance();
    // 33 other envelopes for the same artifact listed first; this envelope's entry 34th.
    List<String> uuids = new ArrayList<>();
    for (int i = 1; i <= 33; i++) {
      uuids.add(rekor.add(provenance(SIGSTORE.now().plusSeconds(60L * i))));
    }
    uuids.add(rekor.add(bundle));
    rekor.index(FakeRekor.artifactKey(ARTIFACT), uuids.toArray(String[]::new));
    CliRun run = verify(bundle);
    assertEquals(3, run.exit(), run::toString);
    assertEquals("slsa.provenance ERROR", firstProblem(run));
    assertEquals(32, entryRequests());
    assertTrue(run.err().contains("listed 34"), run::toString);
    assertTrue(run.err().contains("may be among the rest"), run::toString);
  }

  @Test
  void aBadRekorUrlIsAUsageError() throws IOException {
    List<String> args = args(provenance(), false);
    args.add(args.size() - 1, "--rekor-url");
    args.add(args.size() - 1, "ftp://rekor.test/");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(2, run.exit(), run::toString);
  }
}
