package dev.hekate.core.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.testdata.RealData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Untrusted input never escapes as an exception: real bundles, mutated byte by byte, truncated,
 * or replaced by hostile JSON, always come back as a result — and never as a verified one unless
 * the mutation left the signed content intact.
 */
class BundleVerifierMalformedInputTest {
  private static final String BEACON = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
      + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  private static final Policy POLICY = Policy.identity(
      IdentityPolicy.exact(BEACON, "https://token.actions.githubusercontent.com"));

  private final BundleVerifier verifier = new BundleVerifier(EmbeddedTrust.publicGoodTrustedRoot());

  @TestFactory
  Stream<DynamicTest> mutatedRealBundlesNeverThrow() throws IOException {
    Path suite = RealData.require().resolve("sigstore_conformance/test/assets/bundle-verify");
    Artifact artifact = Artifact.ofBytes(Files.readAllBytes(suite.resolve("a.txt")));
    return Stream.of("happy-path-v0.1", "happy-path-v0.3", "happy-path-intoto-in-dsse-v3", "rekor2-happy-path")
        .map(name -> DynamicTest.dynamicTest(name, () -> {
          byte[] original = Files.readAllBytes(suite.resolve(name).resolve("bundle.sigstore.json"));
          Random random = new Random(name.hashCode());
          for (int i = 0; i < 400; i++) {
            byte[] mutated = original.clone();
            int at = random.nextInt(mutated.length);
            mutated[at] = (byte) random.nextInt(256);
            assertNoInternalError(verifier.verify(mutated, artifact, POLICY));
          }
          for (int length = 0; length < original.length; length += 97) {
            VerificationResult result = verifier.verify(java.util.Arrays.copyOf(original, length), artifact, POLICY);
            assertFalse(result.verified());
            assertNoInternalError(result);
          }
        }));
  }

  @Test
  void hostileJsonIsRefusedCleanly() {
    Artifact artifact = Artifact.ofBytes(new byte[] {1});
    List<String> inputs = List.of(
        "", "null", "[]", "\"bundle\"", "{}", "{\"mediaType\":1}",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":[],\"messageSignature\":{}}",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"certificate\":{\"rawBytes\":\"AAAA\"}},"
            + "\"messageSignature\":{\"signature\":\"AAAA\"}}",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{}},"
            + "\"dsseEnvelope\":{\"payload\":\"\",\"payloadType\":\"x\",\"signatures\":[]}}",
        "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"mediaType\":\"x\"}");
    for (String input : inputs) {
      VerificationResult result = verifier.verify(input.getBytes(StandardCharsets.UTF_8), artifact, POLICY);
      assertFalse(result.verified(), input);
      assertTrue(result.firstFailure().isPresent(), input);
      assertNoInternalError(result);
    }
    assertFalse(verifier.verify(new byte[2 << 20], artifact, POLICY).verified());
  }

  private static void assertNoInternalError(VerificationResult result) {
    for (CheckResult check : result.checks()) {
      assertFalse(check.detail().startsWith("internal error"), check.toString());
    }
  }
}
