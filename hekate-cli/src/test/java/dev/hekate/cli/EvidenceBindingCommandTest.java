package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.testdata.BundleVersion;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.TlogKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, items 4 and 5, through {@code hekate verify-bundle}: the log index the command reports
 * is the one a proof covers, and a v0.3 bundle in the old chain shape is refused.
 */
class EvidenceBindingCommandTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "evidence through the front door\n".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private CliRun verify(FakeBundle bundle, ObjectNode json) throws IOException {
    Files.write(dir.resolve("root.json"), bundle.trustedRootJson());
    Files.write(dir.resolve("artifact"), bundle.artifact());
    Path file = dir.resolve("bundle.sigstore.json");
    Files.write(file, JSON.writeValueAsBytes(json));
    return CliRun.of("verify-bundle", "--json", "--bundle", file.toString(), "--trusted-root",
        dir.resolve("root.json").toString(), "--certificate-identity", bundle.expectedIdentity(),
        "--certificate-oidc-issuer", bundle.expectedIssuer(), dir.resolve("artifact").toString());
  }

  @Test
  void anEditedRekorV2IndexIsNotTheIndexReported() throws IOException {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).tlogKind(TlogKind.HASHEDREKORD_002).build();
    ObjectNode json = (ObjectNode) JSON.readTree(bundle.json());
    ObjectNode entry = (ObjectNode) json.at("/verificationMaterial/tlogEntries/0");
    long proven = entry.at("/inclusionProof/logIndex").asLong();
    entry.put("logIndex", String.valueOf(proven + 4242));

    CliRun run = verify(bundle, json);

    assertEquals(0, run.exit(), run::toString);
    JsonNode result = JSON.readTree(run.out());
    assertEquals(proven, result.at("/logEntries/0/logIndex").asLong(), run.out());
    assertFalse(run.out().contains(String.valueOf(proven + 4242)), "the edited index is nowhere: " + run.out());
    assertTrue(result.at("/logEntries/0/integratedTime").isMissingNode(), "Rekor v2 signs no integrated time");
  }

  @Test
  void aRekorV1IndexIsTheSignedOne() throws IOException {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).build();
    ObjectNode json = (ObjectNode) JSON.readTree(bundle.json());
    long signed = json.at("/verificationMaterial/tlogEntries/0/logIndex").asLong();

    CliRun run = verify(bundle, json);
    assertEquals(0, run.exit(), run::toString);
    assertEquals(signed, JSON.readTree(run.out()).at("/logEntries/0/logIndex").asLong());

    ((ObjectNode) json.at("/verificationMaterial/tlogEntries/0")).put("logIndex", String.valueOf(signed + 1));
    CliRun edited = verify(bundle, json);
    assertEquals(1, edited.exit(), edited::toString);
    JsonNode result = JSON.readTree(edited.out());
    assertTrue(result.path("logEntries").isMissingNode(), "nothing is reported as evidence for a bundle that fails");
    assertTrue(edited.out().contains("\"id\":\"tlog.set\",\"outcome\":\"FAILED\""), edited.out());
  }

  @Test
  void aV03BundleWithACertificateChainIsRefused() throws IOException {
    FakeBundle bundle = SIGSTORE.bundle().version(BundleVersion.V0_3).messageSignature(ARTIFACT).build();
    ObjectNode json = (ObjectNode) JSON.readTree(bundle.json());
    ObjectNode material = (ObjectNode) json.path("verificationMaterial");
    material.putObject("x509CertificateChain").putArray("certificates").add(material.remove("certificate"));

    CliRun run = verify(bundle, json);

    assertEquals(1, run.exit(), run::toString);
    assertTrue(run.out().contains("\"id\":\"bundle.verification_material\",\"outcome\":\"FAILED\""), run.out());
  }
}
