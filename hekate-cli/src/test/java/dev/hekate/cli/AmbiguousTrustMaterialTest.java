package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An npm keys file that lists two different keys under one key id and usage is refused when it is
 * loaded (exit 2, nothing asked of the registry): otherwise the signature could be checked with one
 * entry and the validity window taken from the other. The same key listed twice stays accepted.
 */
class AmbiguousTrustMaterialTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();

  @TempDir
  Path dir;

  private Path keysWithASecondEntry(boolean sameKey) throws Exception {
    ObjectNode keys = (ObjectNode) Json.mapper().readTree(SIGSTORE.npmKeysJson());
    ArrayNode array = (ArrayNode) keys.path("keys");
    ObjectNode twin = array.get(0).deepCopy();
    if (!sameKey) {
      ((ObjectNode) twin.path("publicKey")).put("rawBytes",
          Base64.getEncoder().encodeToString(LocalKeySigner.generate().publicKey().getEncoded()));
    }
    array.add(twin);
    Path file = dir.resolve(sameKey ? "same.json" : "ambiguous.json");
    Files.writeString(file, Json.write(keys));
    return file;
  }

  private CliRun verify(FakeRegistry registry, Path keys) throws Exception {
    Path root = dir.resolve("root.json");
    Files.write(root, SIGSTORE.trustedRootJson());
    return CliRun.of("verify-npm", "--registry", registry.baseUrl().toString(), "--no-store", "--json",
        "--trusted-root", root.toString(), "--npm-keys", keys.toString(), "ambiguous-keys@1.0.0");
  }

  @Test
  void twoKeysUnderOneIdAndUsageAreRefusedAtLoad() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedNpm.publishVerified(registry, SIGSTORE, "ambiguous-keys", "1.0.0", BundleGeneration.V03_DSSE);
      CliRun refused = verify(registry, keysWithASecondEntry(false));
      assertEquals(2, refused.exit(), refused::toString);
      assertTrue(refused.err().contains("npm keys document is invalid")
          && refused.err().contains("must name one key per usage"), refused::toString);
      assertEquals(0, registry.requestCount(), "refused before any request");

      CliRun same = verify(registry, keysWithASecondEntry(true));
      assertEquals(0, same.exit(), "the same key listed twice is not ambiguous: " + same);
    }
  }
}
