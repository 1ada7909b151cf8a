package dev.hekate.bench;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.core.verify.VerificationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Warm verification of one Sigstore bundle, parsing included, trust material parsed once.
 * Inputs are real bundles from ../shared/realdata (set {@code -Dhekate.realdata=DIR}).
 */
public class BundleVerifyBenchmark extends RealDataBenchmark {

  /** Which bundle: a conformance happy path, a Rekor v2 one, npm provenance and publish. */
  @Param({"happy-path-v0.3", "rekor2-happy-path", "npm-provenance-v0.3-dsse", "npm-publish-v0.2-dsse"})
  public String bundle;

  private BundleVerifier verifier;
  private byte[] bundleBytes;
  private Artifact artifact;
  private Policy policy;

  @Setup
  public void setUp() throws Exception {
    Path realdata = realdata();
    Path conformance = realdata.resolve("sigstore_conformance/test/assets/bundle-verify");
    Path playwright = realdata.resolve("npm_attestations/sigstore-dotnet-playwright-cli");
    String beacon = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
        + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    String github = "https://token.actions.githubusercontent.com";
    switch (bundle) {
      case "happy-path-v0.3" -> {
        verifier = new BundleVerifier(EmbeddedTrust.publicGoodTrustedRoot());
        bundleBytes = Files.readAllBytes(conformance.resolve(bundle).resolve("bundle.sigstore.json"));
        artifact = Artifact.ofBytes(Files.readAllBytes(conformance.resolve("a.txt")));
        policy = Policy.identity(IdentityPolicy.exact(beacon, github));
      }
      case "rekor2-happy-path" -> {
        verifier = new BundleVerifier(TrustedRootParser.parse(
            Files.readAllBytes(conformance.resolve(bundle).resolve("trusted_root.json"))));
        bundleBytes = Files.readAllBytes(conformance.resolve(bundle).resolve("bundle.sigstore.json"));
        artifact = Artifact.ofBytes(Files.readAllBytes(conformance.resolve("a.txt")));
        policy = Policy.identity(IdentityPolicy.exact(beacon, github));
      }
      case "npm-provenance-v0.3-dsse" -> {
        verifier = new BundleVerifier(EmbeddedTrust.publicGoodTrustedRoot());
        bundleBytes = Files.readAllBytes(playwright.resolve("playwright-cli-0.1.1-provenance.sigstore.json"));
        artifact = integrity(playwright);
        policy = Policy.identity(IdentityPolicy.exact(
            "https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1", github));
      }
      case "npm-publish-v0.2-dsse" -> {
        verifier = new BundleVerifier(EmbeddedTrust.publicGoodTrustedRoot());
        bundleBytes = Files.readAllBytes(playwright.resolve("playwright-cli-0.1.1-publish.sigstore.json"));
        artifact = integrity(playwright);
        policy = Policy.trustedKeys(EmbeddedTrust.npmKeys(), TrustedKeys.NPM_ATTESTATIONS);
      }
      default -> throw new IllegalArgumentException(bundle);
    }
    VerificationResult first = verifier.verify(bundleBytes, artifact, policy);
    if (!first.verified()) {
      throw new IllegalStateException(bundle + " does not verify: " + first.firstFailure());
    }
  }

  /** The registry's dist.integrity of @playwright/cli@0.1.1, as the service would have it. */
  private static Artifact integrity(Path playwright) {
    try {
      var dist = Json.mapper().readTree(Files.readAllBytes(playwright.resolveSibling("_registry_dist/@playwright__cli@0.1.1.dist.json")));
      String sri = dist.path("integrity").asText();
      byte[] sha512 = Encoding.base64(sri.substring("sha512-".length())).orElseThrow();
      return Artifact.ofDigest(new Digest("sha512", sha512));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public VerificationResult verify() {
    return verifier.verify(bundleBytes, artifact, policy);
  }
}
