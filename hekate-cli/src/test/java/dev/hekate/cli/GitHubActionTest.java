package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Action (action.yml) and the workflows, read as data: what a schema validator
 * (scripts/lint-actions) cannot see — inputs reaching scripts only through {@code env:}, actions
 * pinned by commit, outputs that some step writes, the release assets the action downloads — and
 * the conformance job in ci.yml. No network, no GitHub: only the files in the repository.
 */
class GitHubActionTest {

  private static final Path ROOT = Path.of("..");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern SHA_PINNED = Pattern.compile("[^@\\s]+@[0-9a-f]{40}");
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern INPUT_REFERENCE = Pattern.compile("\\binputs\\.([A-Za-z0-9_-]+)");
  private static final Pattern STEP_OUTPUT =
      Pattern.compile("^\\s*steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)\\s*$");
  private static final Pattern USES_LINE = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(\\S+)(.*)$");

  private static final JsonNode ACTION = yaml(ROOT.resolve("action.yml"));
  private static final JsonNode CI = yaml(ROOT.resolve(".github/workflows/ci.yml"));

  @Test
  void actionIsComposite() {
    assertEquals("composite", ACTION.path("runs").path("using").asText());
    assertTrue(ACTION.path("runs").path("steps").isArray());
  }

  @Test
  void everyInputReferencedIsDeclaredAndEveryDeclaredInputIsUsed() throws IOException {
    Set<String> declared = names(ACTION.path("inputs"));
    Set<String> referenced = new TreeSet<>();
    // Expressions are ${{ … }}, or the whole of an if: condition, where the braces are optional.
    List<String> texts = new ArrayList<>(expressions(Files.readString(ROOT.resolve("action.yml"))));
    steps(ACTION).forEach(step -> texts.add(step.path("if").asText("")));
    for (String expression : texts) {
      Matcher input = INPUT_REFERENCE.matcher(expression);
      while (input.find()) {
        referenced.add(input.group(1));
      }
    }
    assertEquals(new TreeSet<>(declared), referenced);
    for (String name : declared) {
      assertTrue(ACTION.path("inputs").path(name).hasNonNull("description"), name);
      assertTrue(ACTION.path("inputs").path(name).has("default"), name);
    }
  }

  @Test
  void noExpressionInsideAnyRunScript() {
    // Inputs, event fields and step outputs reach scripts through env: only. An expression
    // inside run: is pasted into the script before the shell sees it: script injection.
    for (Document document : documents()) {
      for (JsonNode step : steps(document.root())) {
        String script = step.path("run").asText("");
        assertFalse(script.contains("${{"), document.name() + ": " + step.path("name").asText(script));
      }
    }
  }

  @Test
  void everyUsesIsPinnedByCommitWithItsTagInAComment() throws IOException {
    int count = 0;
    for (Document document : documents()) {
      for (String line : Files.readAllLines(document.path())) {
        Matcher uses = USES_LINE.matcher(line);
        if (!uses.matches() || uses.group(1).startsWith("./")) {
          continue;
        }
        count++;
        assertTrue(SHA_PINNED.matcher(uses.group(1)).matches(), document.name() + ": " + line);
        assertTrue(uses.group(2).matches("\\s*#\\s*v\\d.*"), document.name() + ": no tag comment: " + line);
      }
    }
    assertTrue(count >= 5, "uses: lines found: " + count);
  }

  @Test
  void everyOutputIsWrittenByAStepOfTheAction() {
    JsonNode outputs = ACTION.path("outputs");
    assertEquals(Set.of("status", "exit-code", "sarif-file"), names(outputs));
    for (String name : names(outputs)) {
      Matcher output = STEP_OUTPUT.matcher(expressions(outputs.path(name).path("value").asText()).getFirst());
      assertTrue(output.matches(), name);
      JsonNode step = step(ACTION, output.group(1));
      assertTrue(step.path("run").asText().contains(output.group(2) + "="), name + " is never written");
    }
  }

  @Test
  void verifyStepRunsVerifyLockfileWithSarifAndDoesNotStopTheUpload() {
    String script = step(ACTION, "verify").path("run").asText();
    assertTrue(script.contains("java -jar \"$HEKATE_JAR\""), script);
    assertTrue(script.contains("verify-lockfile"), script);
    assertTrue(script.contains("--sarif \"$HEKATE_SARIF\""), script);
    // Its own status must not end the job before the report is uploaded.
    assertTrue(script.strip().endsWith("exit 0"), script);
  }

  @Test
  void sarifIsUploadedEvenWhenVerificationFails() {
    JsonNode upload = stepUsing(ACTION, "github/codeql-action/upload-sarif@");
    String condition = upload.path("if").asText();
    assertTrue(condition.startsWith("always()"), condition);
    assertTrue(condition.contains("inputs.upload-sarif == 'true'"), condition);
    assertTrue(upload.path("with").path("sarif_file").asText().contains("steps.verify.outputs.sarif-file"));
  }

  @Test
  void lastStepFailsWithTheVerifyExitCode() {
    List<JsonNode> steps = steps(ACTION);
    JsonNode last = steps.getLast();
    assertTrue(last.path("if").asText().startsWith("always()"));
    assertTrue(last.path("env").path("EXIT_CODE").asText().contains("steps.verify.outputs.exit-code"));
    assertTrue(last.path("run").asText().contains("exit \"$EXIT_CODE\""));
  }

  @Test
  void jarIsTheReleasedOneAndIsCheckedBeforeItRuns() throws IOException {
    List<JsonNode> steps = steps(ACTION);
    JsonNode jar = step(ACTION, "jar");
    assertTrue(steps.indexOf(jar) < steps.indexOf(step(ACTION, "verify")));
    String script = jar.path("run").asText();
    assertTrue(script.contains("--pattern hekate.jar --pattern hekate.jar.sha256"), script);
    assertTrue(script.contains("sha256sum --check --strict hekate.jar.sha256"), script);
    assertTrue(script.contains("gh attestation verify hekate.jar"), script);
    assertTrue(script.contains("--signer-workflow \"$repo/.github/workflows/release.yml\""), script);

    // What the release workflow builds, attests and attaches is what the action fetches.
    Path releasePath = ROOT.resolve(".github/workflows/release.yml");
    JsonNode release = yaml(releasePath);
    assertEquals("v*", release.path("on").path("push").path("tags").get(0).asText());
    assertTrue(Files.readString(ROOT.resolve("hekate-cli/pom.xml")).contains("<finalName>hekate</finalName>"));
    assertEquals("dist/hekate.jar",
        stepUsing(release, "actions/attest-build-provenance@").path("with").path("subject-path").asText());
    String published = String.join("\n", steps(release).stream().map(s -> s.path("run").asText("")).toList());
    assertTrue(published.contains("cp hekate-cli/target/hekate.jar dist/hekate.jar"), published);
    assertTrue(published.contains("sha256sum hekate.jar > hekate.jar.sha256"), published);
    assertTrue(published.contains("dist/hekate.jar dist/hekate.jar.sha256"), published);
    JsonNode permissions = release.path("jobs").path("release").path("permissions");
    assertEquals("write", permissions.path("id-token").asText());
    assertEquals("write", permissions.path("attestations").asText());
  }

  @Test
  void ciRunsTheConformanceSuiteAgainstTheLauncherWithoutSigning() {
    assertTrue(CI.path("jobs").isObject() && !CI.path("jobs").isEmpty());
    List<JsonNode> jobs = new ArrayList<>();
    CI.path("jobs").forEach(jobs::add);
    JsonNode job = jobs.stream()
        .filter(j -> steps(j).stream().anyMatch(s -> s.path("uses").asText().startsWith("sigstore/sigstore-conformance@")))
        .findFirst().orElseThrow(() -> new AssertionError("no job uses sigstore/sigstore-conformance"));
    JsonNode suite = stepUsing(job, "sigstore/sigstore-conformance@");
    assertTrue(SHA_PINNED.matcher(suite.path("uses").asText()).matches());
    assertEquals("true", suite.path("with").path("skip-signing").asText());

    // The entrypoint is ${{ github.workspace }}/<checkout path>/<file>: a file of this repository.
    String checkoutPath = stepUsing(job, "actions/checkout@").path("with").path("path").asText("");
    String entrypoint = suite.path("with").path("entrypoint").asText();
    String prefix = "${{ github.workspace }}/" + (checkoutPath.isEmpty() ? "" : checkoutPath + "/");
    assertTrue(entrypoint.startsWith(prefix), entrypoint);
    Path client = ROOT.resolve(entrypoint.substring(prefix.length()));
    assertTrue(Files.isRegularFile(client) && Files.isExecutable(client), client.toString());
  }

  @Test
  void docsListEveryInputAndOutput() throws IOException {
    String docs = Files.readString(ROOT.resolve("docs/github-action.md"));
    for (String name : names(ACTION.path("inputs"))) {
      assertTrue(docs.contains("| `" + name + "` |"), "input " + name);
    }
    for (String name : names(ACTION.path("outputs"))) {
      assertTrue(docs.contains("| `" + name + "` |"), "output " + name);
    }
    assertTrue(Files.readString(ROOT.resolve("README.md")).contains("docs/github-action.md"));
  }

  /** A YAML file of the repository, parsed. */
  private record Document(Path path, JsonNode root) {
    String name() {
      return ROOT.relativize(path).toString();
    }
  }

  private static List<Document> documents() {
    List<Document> documents = new ArrayList<>();
    documents.add(new Document(ROOT.resolve("action.yml"), ACTION));
    try (Stream<Path> workflows = Files.list(ROOT.resolve(".github/workflows"))) {
      workflows.filter(p -> p.toString().endsWith(".yml")).sorted()
          .forEach(p -> documents.add(new Document(p, yaml(p))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(documents.size() >= 3, "action.yml, ci.yml and release.yml");
    return documents;
  }

  /** The steps of a composite action, of one workflow job, or of every job of a workflow. */
  private static List<JsonNode> steps(JsonNode root) {
    List<JsonNode> steps = new ArrayList<>();
    if (root.has("runs")) {
      root.path("runs").path("steps").forEach(steps::add);
    } else if (root.has("jobs")) {
      root.path("jobs").forEach(job -> job.path("steps").forEach(steps::add));
    } else {
      root.path("steps").forEach(steps::add);
    }
    return steps;
  }

  private static JsonNode step(JsonNode root, String id) {
    return steps(root).stream().filter(s -> id.equals(s.path("id").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no step with id " + id));
  }

  private static JsonNode stepUsing(JsonNode root, String usesPrefix) {
    return steps(root).stream().filter(s -> s.path("uses").asText().startsWith(usesPrefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no step uses " + usesPrefix));
  }

  private static List<String> expressions(String text) {
    List<String> found = new ArrayList<>();
    Matcher expression = EXPRESSION.matcher(text);
    while (expression.find()) {
      found.add(expression.group(1));
    }
    return found;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new HashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode yaml(Path path) {
    try {
      JsonNode root = YAML.readTree(path.toFile());
      assertTrue(root != null && root.isObject(), path + " is not a YAML mapping");
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(path.toString(), e);
    }
  }
}
