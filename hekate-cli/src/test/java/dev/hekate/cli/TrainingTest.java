package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.GithubExtensions;
import dev.hekate.testdata.TlogKind;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The start-up cache's training run ({@link Training}): its shipped fixtures answer as expected,
 * and they are what the generator below makes. To regenerate them (after a change to the fake
 * Sigstore or to the bundle formats):
 *
 * <pre>
 * mvn -B -o verify -pl hekate-cli -am -Dtest=TrainingTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dhekate.training.regenerate=true
 * </pre>
 */
class TrainingTest {
  private static final Path SOURCE = Path.of("src/main/resources/dev/hekate/cli/training");
  private static final List<BundleGeneration> GENERATIONS =
      List.of(BundleGeneration.V01_INTOTO_SET_ONLY, BundleGeneration.V02_INTOTO_PROOF, BundleGeneration.V03_DSSE);
  private static final byte[] ARTIFACT =
      "hekate start-up cache training artifact\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void everyTrainingCommandAnswersAsExpected() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Training.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theShippedFixturesAreTheGeneratedOnesWhereGenerationIsDeterministic() throws IOException {
    Map<String, byte[]> generated = generate();
    assertEquals(Training.files().stream().sorted().toList(), generated.keySet().stream().sorted().toList());
    // The trust material, the artifact and the tarballs are deterministic (keys are derived from
    // labels); signatures are not, so bundles are checked by the test above instead.
    for (String name : List.of("trusted_root.json", "npm_keys.json", "artifact.txt",
        Training.PACKAGE + "-1.0.0.tgz", Training.PACKAGE + "-2.0.0.tgz", Training.PACKAGE + "-3.0.0.tgz")) {
      try (InputStream in = Training.class.getResourceAsStream(Training.RESOURCES + name)) {
        assertNotNull(in, name);
        assertEquals(new String(generated.get(name), StandardCharsets.ISO_8859_1),
            new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), name);
      }
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "hekate.training.regenerate", matches = "true")
  void regenerate() throws IOException {
    Files.createDirectories(SOURCE);
    for (Map.Entry<String, byte[]> file : generate().entrySet()) {
      Files.write(SOURCE.resolve(file.getKey()), file.getValue());
    }
  }

  private static Map<String, byte[]> generate() {
    FakeSigstore sigstore = FakeSigstore.create();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("trusted_root.json", sigstore.trustedRootJson());
    files.put("npm_keys.json", sigstore.npmKeysJson());
    files.put("artifact.txt", ARTIFACT);
    for (int i = 0; i < GENERATIONS.size(); i++) {
      String version = Training.VERSIONS.get(i);
      GeneratedPackage p = GeneratedNpm.generate(sigstore, Training.PACKAGE, version, GENERATIONS.get(i));
      files.put(Training.PACKAGE + "-" + version + ".attestations.json", p.attestations());
      files.put(Training.PACKAGE + "-" + version + ".tgz", p.tarball());
    }
    FakeBundle rekorV1 = sigstore.bundle().messageSignature(ARTIFACT).identity(Training.IDENTITY, Training.ISSUER)
        .tlogKind(TlogKind.HASHEDREKORD_001).build();
    FakeBundle rekorV2 = sigstore.bundle().messageSignature(ARTIFACT).identity(Training.IDENTITY, Training.ISSUER)
        .tlogKind(TlogKind.HASHEDREKORD_002).build();
    FakeBundle dsse = sigstore.bundle()
        .inTotoStatementFor("artifact.txt", ARTIFACT, "https://slsa.dev/provenance/v1", "{\"buildDefinition\":{}}")
        .identity(Training.IDENTITY, Training.ISSUER).build();
    files.put("message-rekor-v1.sigstore.json", rekorV1.json());
    files.put("message-rekor-v2.sigstore.json", rekorV2.json());
    files.put("dsse.sigstore.json", dsse.json());
    files.put("provenance.sigstore.json", provenance(sigstore).json());
    return files;
  }

  /** Generic-generator provenance of the artifact, built from the training repository at its tag. */
  private static FakeBundle provenance(FakeSigstore sigstore) {
    String commit = "0123456789abcdef0123456789abcdef01234567";
    String repository = "https://" + Training.SOURCE;
    String ref = "refs/tags/" + Training.SOURCE_TAG;
    String predicate = """
        {"builder":{"id":"%1$s"},"buildType":"https://github.com/slsa-framework/slsa-github-generator/generic@v1",
         "invocation":{"configSource":{"uri":"git+%2$s@%3$s","entryPoint":".github/workflows/release.yml"},
           "environment":{"github_ref_type":"tag","github_ref":"%3$s","github_base_ref":"","github_event_name":"push",
             "github_event_payload":{"base_ref":null}}},
         "materials":[{"uri":"git+%2$s@%3$s","digest":{"sha1":"%4$s"}}]}
        """.formatted(Training.GENERIC_BUILDER, repository, ref, commit);
    GithubExtensions extensions = new GithubExtensions(Training.GENERIC_BUILDER, commit, "github-hosted", repository,
        commit, ref, "1", "https://github.com/hekate-test", "2", repository + "/.github/workflows/release.yml@" + ref,
        commit, "push", repository + "/actions/runs/3/attempts/1", "public");
    return sigstore.bundle().identity(Training.GENERIC_BUILDER, Training.ISSUER).githubExtensions(extensions)
        .inTotoStatementFor("artifact.txt", ARTIFACT, "https://slsa.dev/provenance/v0.2", predicate).build();
  }
}
