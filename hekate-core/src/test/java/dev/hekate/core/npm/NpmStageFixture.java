package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.core.verify.VerificationResult;
import dev.hekate.core.verify.VerifiedBundle;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * One honest generated npm version, and what the npm stage tests need around it: its version
 * document, an orchestrator input, its two bundles verified, and the checks a stage recorded on a
 * {@link VerdictBuilder}.
 */
final class NpmStageFixture {
  static final FakeSigstore SIGSTORE = FakeSigstore.create();
  static final GeneratedPackage PACKAGE =
      GeneratedNpm.generate(SIGSTORE, "@hekate/stages", "1.0.0", BundleGeneration.V03_DSSE);

  private NpmStageFixture() {}

  static VersionDocument document(String integrity, Optional<String> repositoryUrl, Optional<String> gitHead) {
    Dist dist = new Dist(Optional.of(integrity), "", "", Optional.empty(), Optional.empty(), List.of());
    return new VersionDocument(PACKAGE.name(), PACKAGE.version(), dist, gitHead, repositoryUrl, Optional.empty());
  }

  static VersionDocument document() {
    return document(PACKAGE.integrity(), Optional.of(PACKAGE.repositoryUrl()), Optional.of(PACKAGE.gitHead()));
  }

  static NpmVerifier.Input input(String name, VersionDocument document, Optional<TarballDigests> tarball) {
    return new NpmVerifier.Input(name, PACKAGE.version(), document, Optional.of(PACKAGE.publishedAt()),
        Optional.of(PACKAGE.attestations()), tarball, false, Optional.empty(), RegistryKeys.NOT_PUBLISHED);
  }

  static NpmVerifier.Input input() {
    return input(PACKAGE.name(), document(), Optional.empty());
  }

  static TarballDigests digests(byte[] tarball) throws Exception {
    return new TarballDigests(MessageDigest.getInstance("SHA-512").digest(tarball),
        MessageDigest.getInstance("SHA-1").digest(tarball), tarball.length);
  }

  /** The publish attestation, verified with the npm key as {@link NpmVerifier} does. */
  static VerifiedBundle publish() throws Exception {
    return verified(PACKAGE.publish(),
        Policy.trustedKeys(TrustedKeys.parse(SIGSTORE.npmKeysJson()), TrustedKeys.NPM_ATTESTATIONS));
  }

  /** The provenance, verified against the identity it claims as {@link NpmVerifier} does. */
  static VerifiedBundle provenance() throws Exception {
    FakeBundle bundle = PACKAGE.provenance();
    return verified(bundle, Policy.identity(ProvenanceIdentity.policyFor(BundleParser.parse(bundle.json()))));
  }

  private static VerifiedBundle verified(FakeBundle bundle, Policy policy) throws Exception {
    VerificationResult result = new BundleVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()))
        .verify(bundle.json(), Artifact.ofBytes(PACKAGE.tarball()), policy);
    return result.verifiedBundle().orElseThrow(() -> new AssertionError(String.valueOf(result.firstFailure())));
  }

  /** The package-level checks a stage recorded (planned checks it did not run left out). */
  static List<CheckResult> recorded(VerdictBuilder verdict) {
    return verdict.build(Evidence.none()).checks().stream().map(VerdictCheck::result)
        .filter(r -> r.outcome() != Outcome.NOT_RUN).toList();
  }

  /** The ids of the checks a stage recorded, which must all have PASSED. */
  static List<CheckId> passed(VerdictBuilder verdict) {
    List<CheckResult> results = recorded(verdict);
    assertTrue(results.stream().allMatch(r -> r.outcome() == Outcome.PASSED), results::toString);
    return results.stream().map(CheckResult::id).toList();
  }

  /** The one check a stage failed: {@code id}, of {@code kind}, a mismatch with both values. */
  static CheckResult assertFailed(VerdictBuilder verdict, CheckId id, FailureKind kind) {
    List<CheckResult> failed = recorded(verdict).stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
    assertEquals(1, failed.size(), failed::toString);
    CheckResult failure = failed.get(0);
    assertEquals(id, failure.id(), failure::toString);
    assertEquals(Optional.of(kind), failure.kind(), failure::toString);
    if (kind == FailureKind.MISMATCH) {
      assertTrue(failure.expected().isPresent() && failure.actual().isPresent(), failure::toString);
    }
    return failure;
  }
}
