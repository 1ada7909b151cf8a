package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.LockfileWriter;
import dev.hekate.testdata.registry.NpmAttack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hekate verify-lockfile} end to end: lockfiles written by {@link LockfileWriter} (as npm
 * writes them after installing from the loopback registry) over packages the fake Sigstore minted.
 */
class VerifyLockfileCommandTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private FakeRegistry registry;

  @BeforeEach
  void start() throws IOException {
    registry = FakeRegistry.start();
    Files.write(dir.resolve("trusted_root.json"), SIGSTORE.trustedRootJson());
    Files.write(dir.resolve("npm_keys.json"), SIGSTORE.npmKeysJson());
    GeneratedNpm.publishVerified(registry, SIGSTORE, "left", "1.0.0", BundleGeneration.V03_DSSE);
    GeneratedNpm.publishVerified(registry, SIGSTORE, "@scope/right", "2.0.0", BundleGeneration.V02_INTOTO_PROOF);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private List<String> args(String... more) {
    List<String> args = new ArrayList<>(List.of("verify-lockfile", "--registry", registry.baseUrl().toString(),
        "--trusted-root", dir.resolve("trusted_root.json").toString(), "--npm-keys", dir.resolve("npm_keys.json").toString()));
    args.addAll(List.of(more));
    return args;
  }

  private CliRun run(String... more) {
    return CliRun.of(args(more).toArray(String[]::new));
  }

  private Path lockfile(String... names) throws IOException {
    Path file = dir.resolve("package-lock.json");
    Files.writeString(file, LockfileWriter.packageLock(registry, List.of(names)));
    return file;
  }

  /** The lockfile with one entry's field replaced. */
  private Path edited(Path file, String entry, String field, String value) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    ((ObjectNode) root.path("packages").path(entry)).put(field, value);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return file;
  }

  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  @Test
  void aLockfileOfVerifiedPackagesPasses() throws IOException {
    Path file = lockfile("left", "@scope/right");
    CliRun run = run(file.toString());
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("Verified 2 package version(s)"), run.out());
    assertTrue(run.out().matches("(?s).*VERIFIED\\s+2\\s+0.*"), run.out());
  }

  @Test
  void aLockfilePinningAnotherTarballFailsAtItsLine() throws IOException {
    Path file = edited(lockfile("left", "@scope/right"), "node_modules/left", "integrity",
        "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]));
    CliRun run = run("--json", file.toString());
    assertEquals(1, run.exit(), run.toString());
    List<JsonNode> lines = run.jsonLines();
    JsonNode left = lines.stream().filter(l -> l.path("package").asText().equals("left")).findFirst().orElseThrow();
    assertEquals("VERIFIED", left.path("status").asText(), "the registry's own version verifies");
    assertTrue(left.path("findings").toString().contains("lockfile_integrity_mismatch"), left.toString());
    assertTrue(left.at("/lockfile/fails").asBoolean());
    assertEquals(lineOf(file, "\"node_modules/left\""), left.at("/lockfile/line").asInt());
    JsonNode right = lines.stream().filter(l -> l.path("package").asText().equals("@scope/right")).findFirst().orElseThrow();
    assertFalse(right.at("/lockfile/fails").asBoolean(), right.toString());
    JsonNode summary = lines.get(lines.size() - 1).path("summary");
    assertEquals(2, summary.path("versions").asInt());
    assertEquals(1, summary.path("failing").asInt());
    assertEquals(1, summary.path("exitStatus").asInt());
  }

  /**
   * The same registry host, another tarball path (a different package's tarball, or a path the
   * registry does not serve for this version): the lockfile would install something else than the
   * version the registry vouches for. Found through the loopback registry, at the entry's line.
   */
  @Test
  void aResolvedUrlOnTheRegistryButAtAnotherPathFails() throws IOException {
    Path file = lockfile("left", "@scope/right");
    String other = registry.tarballUrl("@scope/right", "2.0.0");
    edited(file, "node_modules/left", "resolved", other);
    CliRun run = run("--json", file.toString());
    assertEquals(1, run.exit(), run.toString());
    List<JsonNode> lines = run.jsonLines();
    JsonNode left = lines.stream().filter(l -> l.path("package").asText().equals("left")).findFirst().orElseThrow();
    assertTrue(left.path("findings").toString().contains("lockfile_resolved_mismatch"), left.toString());
    assertTrue(left.path("findings").toString().contains(other), left.toString());
    assertTrue(left.at("/lockfile/fails").asBoolean());
    assertEquals(lineOf(file, "\"node_modules/left\""), left.at("/lockfile/line").asInt());
    JsonNode right = lines.stream().filter(l -> l.path("package").asText().equals("@scope/right")).findFirst().orElseThrow();
    assertFalse(right.at("/lockfile/fails").asBoolean(), right.toString());
  }

  @Test
  void anAttackedVersionAndAVersionTheRegistryLacksFail() throws IOException {
    NpmAttack.REGISTRY_INTEGRITY_DIFFERS.publish(registry, SIGSTORE, "victim");
    Path file = edited(lockfile("left", "victim"), "node_modules/left", "version", "9.9.9");
    CliRun run = run(file.toString());
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.out().contains("FAILED   victim@"), run.out());
    assertTrue(run.out().contains("NOT FOUND left@9.9.9"), run.out());
  }

  @Test
  void aRegistryThatCannotBeReadIsExitThreeNeverAFailure() throws IOException {
    Path file = lockfile("left", "@scope/right");
    registry.setDown(true);
    CliRun run = run("--json", file.toString());
    assertEquals(3, run.exit(), run.toString());
    List<JsonNode> lines = run.jsonLines();
    assertEquals("ERROR", lines.get(0).path("status").asText(), lines.get(0).toString());
    assertFalse(lines.get(0).at("/lockfile/fails").asBoolean());
  }

  @Test
  void listMakesNoRequest() throws IOException {
    Path file = lockfile("left", "@scope/right");
    registry.clearRequests();
    CliRun run = run("--list", file.toString());
    assertEquals(0, run.exit(), run.toString());
    assertEquals("@scope/right@2.0.0\nleft@1.0.0\n", run.out());
    assertEquals(0, registry.requestCount());
  }

  @Test
  void sarifLocatesEachResultAtItsLockfileLine() throws IOException {
    Path file = edited(lockfile("left", "@scope/right"), "node_modules/@scope/right", "integrity",
        "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]));
    Path sarif = dir.resolve("out.sarif");
    CliRun run = run("--sarif", sarif.toString(), file.toString());
    assertEquals(1, run.exit(), run.toString());
    JsonNode log = JSON.readTree(sarif.toFile());
    assertEquals("2.1.0", log.path("version").asText());
    List<JsonNode> errors = new ArrayList<>();
    log.at("/runs/0/results").forEach(r -> {
      if (r.path("level").asText().equals("error")) {
        errors.add(r);
      }
    });
    assertEquals(1, errors.size(), errors.toString());
    assertEquals("lockfile_integrity_mismatch", errors.get(0).path("ruleId").asText());
    assertEquals(lineOf(file, "\"node_modules/@scope/right\""),
        errors.get(0).at("/locations/0/physicalLocation/region/startLine").asInt());
  }

  @Test
  void theSarifTheCommandWritesIsValidSarif210() throws IOException {
    NpmAttack.NO_ATTESTATIONS.publish(registry, SIGSTORE, "bare");
    Path file = edited(lockfile("left", "@scope/right", "bare"), "node_modules/left", "integrity",
        "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]));
    Path sarif = dir.resolve("out.sarif");
    CliRun run = run("--sarif", sarif.toString(), file.toString());
    assertEquals(1, run.exit(), run.toString());
    com.networknt.schema.Schema schema = dev.hekate.cli.lockfile.SarifSchema.load();
    assertEquals(List.of(), schema.validate(Files.readString(sarif), com.networknt.schema.InputFormat.JSON).stream()
        .map(Object::toString).toList());
    assertTrue(Files.readString(sarif).contains("\"ruleId\" : \"missing\"") || Files.readString(sarif).contains("\"ruleId\":\"missing\""));
  }

  @Test
  void aPolicyBesideTheLockfileDecidesWhatFails() throws IOException {
    NpmAttack.NO_ATTESTATIONS.publish(registry, SIGSTORE, "bare");
    Path file = lockfile("left", "bare");
    CliRun strict = run(file.toString());
    assertEquals(1, strict.exit(), "without a policy a version without provenance fails, as verify-npm: " + strict);

    Files.writeString(dir.resolve(".hekate.yaml"), "failOn:\n  missing: false\n");
    CliRun relaxed = run(file.toString());
    assertEquals(0, relaxed.exit(), relaxed.toString());
    assertTrue(relaxed.out().matches("(?s).*MISSING\\s+1\\s+0.*"), relaxed.out());

    Files.writeString(dir.resolve(".hekate.yaml"), "failOn:\n  missing: false\nsources:\n  left: [github.com/someone/else]\n");
    CliRun wrongSource = run("--json", file.toString());
    assertEquals(1, wrongSource.exit(), wrongSource.toString());
    JsonNode left = wrongSource.jsonLines().stream().filter(l -> l.path("package").asText().equals("left"))
        .findFirst().orElseThrow();
    assertEquals("policy_source", left.at("/lockfile/violations/0/rule").asText(), left.toString());
    assertEquals("VERIFIED", left.path("status").asText());
  }

  @Test
  void aPolicyThatCannotBeReadStopsTheRunBeforeAnyRequest() throws IOException {
    Path file = lockfile("left");
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"failon\": {\"missing\": false}}");
    registry.clearRequests();
    CliRun run = run("--policy", policy.toString(), file.toString());
    assertEquals(2, run.exit(), run.toString());
    assertTrue(run.err().contains("the policy is refused") && run.err().contains("failon"), run.err());
    assertEquals(0, registry.requestCount());

    Files.writeString(dir.resolve("hekate.json"), "{}");
    Files.writeString(dir.resolve(".hekate.yaml"), "{}");
    CliRun ambiguous = run(file.toString());
    assertEquals(2, ambiguous.exit(), ambiguous.toString());
    assertEquals(0, registry.requestCount());
  }

  @Test
  void theLockfilesOfTheCurrentDirectoryAreFoundAndAShrinkwrapWins() throws IOException {
    Path project = Files.createDirectory(dir.resolve("project"));
    Files.writeString(project.resolve("npm-shrinkwrap.json"), LockfileWriter.packageLock(registry, List.of("left")));
    Files.writeString(project.resolve("package-lock.json"), "{ this would be refused");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = VerifyLockfileCommand.run(new String[] {"--list"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), project);
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    assertEquals("left@1.0.0\n", out.toString(StandardCharsets.UTF_8));

    Path empty = Files.createDirectory(dir.resolve("empty"));
    exit = VerifyLockfileCommand.run(new String[0], new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), empty);
    assertEquals(2, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no lockfile in"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anotherHostIsRefusedUnlessSkipped() throws IOException {
    Path file = edited(lockfile("left", "@scope/right"), "node_modules/left", "resolved",
        "https://evil.example/left/-/left-1.0.0.tgz");
    registry.clearRequests();
    CliRun refused = run(file.toString());
    assertEquals(2, refused.exit(), refused.toString());
    assertTrue(refused.err().contains("left@1.0.0 is installed from evil.example"), refused.err());
    assertEquals(0, registry.requestCount(), "refused before any request");

    CliRun skipped = run("--skip-other-hosts", file.toString());
    assertEquals(0, skipped.exit(), skipped.toString());
    assertTrue(skipped.out().contains("installed from another host (evil.example) 1"), skipped.out());
    assertTrue(skipped.out().contains("Verified 1 package version(s)"), skipped.out());
  }

  /** Malformed lockfiles: a clear error, exit 2, and not one request. */
  @TestFactory
  Stream<DynamicTest> malformedLockfilesAreRefusedBeforeAnyRequest() throws IOException {
    String good = LockfileWriter.packageLock(registry, List.of("left", "@scope/right"));
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("truncated", good.substring(0, good.length() / 2));
    cases.put("unknown version", good.replace("\"lockfileVersion\" : 3", "\"lockfileVersion\" : 99"));
    cases.put("duplicate key", good.replace("\"lockfileVersion\" : 3,", "\"lockfileVersion\" : 3, \"lockfileVersion\" : 3,"));
    cases.put("a name that would steer the request", good.replace("node_modules/left\"", "node_modules/../../evil\""));
    cases.put("not a lockfile", "hello\n");
    cases.put("pnpm duplicate key", "lockfileVersion: '9.0'\nlockfileVersion: '9.0'\n");
    cases.put("pnpm 5", "lockfileVersion: 5.4\npackages: {}\n");
    cases.put("yarn classic repeated entry", "# yarn lockfile v1\n\nleft@^1.0.0:\n  version \"1.0.0\"\n\n"
        + "left@^1.0.0:\n  version \"1.0.0\"\n");
    cases.put("berry 2", "__metadata:\n  version: 2\n\n\"left@npm:^1.0.0\":\n  version: 1.0.0\n"
        + "  resolution: \"left@npm:1.0.0\"\n");
    cases.put("empty", "");
    return cases.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
      assertFalse(c.getValue().equals(good), "the case must change the lockfile");
      Path file = dir.resolve("bad-" + c.getKey().replace(' ', '-') + ".json");
      Files.writeString(file, c.getValue());
      registry.clearRequests();
      CliRun run = run(file.toString());
      assertEquals(2, run.exit(), run.toString());
      assertTrue(run.err().startsWith("hekate verify-lockfile: " + file), run.err());
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
      assertEquals(0, registry.requestCount(), c.getKey());
    }));
  }

  @Test
  void aFiftyMegabyteLockfileIsRefusedUnread() throws IOException {
    Path file = dir.resolve("package-lock.json");
    Files.writeString(file, "{\"lockfileVersion\": 3, \"packages\": {\"\": {}}, \"pad\": \"");
    try (RandomAccessFile big = new RandomAccessFile(file.toFile(), "rw")) {
      big.setLength(50L * 1024 * 1024);
    }
    registry.clearRequests();
    CliRun run = run(file.toString());
    assertEquals(2, run.exit(), run.toString());
    assertTrue(run.err().contains("over the limit"), run.err());
    assertEquals(0, registry.requestCount());
  }
}
