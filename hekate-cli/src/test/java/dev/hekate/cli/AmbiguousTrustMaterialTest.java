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

  private CliRun verifyWithRoot(FakeRegistry registry, Path root) throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.write(keys, SIGSTORE.npmKeysJson());
    return CliRun.of("verify-npm", "--registry", registry.baseUrl().toString(), "--no-store", "--json",
        "--trusted-root", root.toString(), "--npm-keys", keys.toString(), "ambiguous-keys@1.0.0");
  }

  /** The trusted root with its first transparency log's keyDetails replaced. */
  private Path rootWithKeyDetails(String keyDetails) throws Exception {
    ObjectNode root = (ObjectNode) Json.mapper().readTree(SIGSTORE.trustedRootJson());
    ((ObjectNode) root.path("tlogs").get(0).path("publicKey")).put("keyDetails", keyDetails);
    Path file = dir.resolve("root-" + keyDetails + ".json");
    Files.writeString(file, Json.write(root));
    return file;
  }

  @Test
  void keyDetailsThatAreUnknownOrContradictTheKeyAreRefusedAtLoad() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      GeneratedNpm.publishVerified(registry, SIGSTORE, "ambiguous-keys", "1.0.0", BundleGeneration.V03_DSSE);
      for (String keyDetails : new String[] {"UNKNOWN_ALGO", "PKIX_ED25519", "PKIX_ECDSA_P384_SHA_384"}) {
        CliRun refused = verifyWithRoot(registry, rootWithKeyDetails(keyDetails));
        assertEquals(2, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("the trusted root is invalid") && refused.err().contains(keyDetails),
            refused::toString);
      }
      ObjectNode keys = (ObjectNode) Json.mapper().readTree(SIGSTORE.npmKeysJson());
      ((ObjectNode) keys.path("keys").get(0).path("publicKey")).put("keyDetails", "PKIX_ED25519");
      Path contradicting = dir.resolve("keys-ed25519.json");
      Files.writeString(contradicting, Json.write(keys));
      CliRun refused = verify(registry, contradicting);
      assertEquals(2, refused.exit(), refused::toString);
      assertTrue(refused.err().contains("npm keys document is invalid") && refused.err().contains("but the key is P-256"),
          refused::toString);
      assertEquals(0, registry.requestCount(), "refused before any request");

      CliRun honest = verifyWithRoot(registry, rootWithKeyDetails("PKIX_ECDSA_P256_SHA_256"));
      assertEquals(0, honest.exit(), honest::toString);
    }
  }

  @Test
  void aTrustedRootThatCanVerifyNothingIsRefused() throws Exception {
    try (FakeRegistry registry = FakeRegistry.start()) {
      Path empty = dir.resolve("empty-root.json");
      Files.writeString(empty, "{}");
      CliRun refused = verifyWithRoot(registry, empty);
      assertEquals(2, refused.exit(), refused::toString);
      assertTrue(refused.err().contains("names no transparency log"), refused::toString);
      assertEquals(0, registry.requestCount());
    }
  }
}
