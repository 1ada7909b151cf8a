package dev.hekate.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.Verdicts;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.PackageVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Question (a) across versions, through {@link NpmService} and a loopback registry: continuity
 * findings when a version's verified provenance differs from the latest earlier version of its
 * major line that had verified provenance, and the regression flag when provenance disappears.
 * Findings are asserted by type; the verdict of an otherwise honest version stays VERIFIED, since
 * findings are for a person to look at, not failures.
 */
class NpmServiceContinuityTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String NAME = "continuity";
  /** 1.0.0 is signed two days before the sigstore's clock, 1.1.0 one day before. */
  private static final Instant FIRST = SIGSTORE.now().minus(Duration.ofDays(2));
  private static final Instant SECOND = SIGSTORE.now().minus(Duration.ofDays(1));

  private FakeRegistry registry;
  private NpmService service;

  @BeforeEach
  void start() throws Exception {
    registry = FakeRegistry.start();
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    service = new NpmService(RegistryClient.create(RegistryConfig.defaults().withBaseUrl(registry.baseUrl())),
        verifier, Optional.empty(), false);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Verdict verify(String version) throws Exception {
    return service.verify(PackageSpec.parse(NAME + "@" + version));
  }

  private static List<String> types(Verdict verdict) {
    return verdict.findings().stream().map(f -> f.type().wireName()).toList();
  }

  /** Publishes 1.0.0 (honest defaults) and 1.1.0 built as {@code second}; verifies 1.1.0. */
  private Verdict afterHonestFirst(MintedBuild second) throws Exception {
    registry.publish(MintedBuild.of(NAME, "1.0.0").mint(SIGSTORE, NAME, "1.0.0", FIRST).build());
    registry.publish(second.mint(SIGSTORE, NAME, "1.1.0", SECOND).build());
    Verdict verdict = verify("1.1.0");
    // Each version's own evidence is consistent: what changed is a finding, never a failure.
    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertFalse(verdict.regression());
    return verdict;
  }

  // --- continuity ------------------------------------------------------------------------------

  @Test
  void theSameBuildSetupGivesNoFinding() throws Exception {
    // New tag, commit and run, as every release has; nothing else changed.
    Verdict verdict = afterHonestFirst(MintedBuild.of(NAME, "1.1.0"));

    assertEquals(List.of(), types(verdict));
    assertEquals(Outcome.PASSED, verdict.check(CheckId.REGISTRY_SOURCE).orElseThrow().outcome());
  }

  @Test
  void aRecreatedRepositoryIsFound() throws Exception {
    // Same owner/name, new numeric id: the repository was deleted and re-created (or renamed into).
    Verdict verdict = afterHonestFirst(MintedBuild.of(NAME, "1.1.0").withRepositoryId("610009999"));

    assertEquals(List.of("repository_id_changed"), types(verdict));
    Finding finding = verdict.findings().get(0);
    assertEquals(Optional.of("610000001"), finding.expected());
    assertEquals(Optional.of("610009999"), finding.actual());
  }

  @Test
  void aNewOwnerIdIsFound() throws Exception {
    // The owner account was deleted and its name re-registered by someone else.
    Verdict verdict = afterHonestFirst(MintedBuild.of(NAME, "1.1.0").withOwnerId("620009999"));

    assertEquals(List.of("owner_id_changed"), types(verdict));
  }

  @Test
  void anotherPublishingWorkflowIsFound() throws Exception {
    Verdict verdict = afterHonestFirst(MintedBuild.of(NAME, "1.1.0").withWorkflowPath(".github/workflows/publish.yml"));

    assertEquals(List.of("workflow_changed"), types(verdict));
    Finding finding = verdict.findings().get(0);
    assertEquals(Optional.of(".github/workflows/release.yml"), finding.expected());
    assertEquals(Optional.of(".github/workflows/publish.yml"), finding.actual());
  }

  @Test
  void aMoveFromAGitHubHostedToASelfHostedRunnerIsFound() throws Exception {
    Verdict verdict = afterHonestFirst(MintedBuild.of(NAME, "1.1.0").withRunner("self-hosted"));

    assertEquals(List.of("runner_self_hosted"), types(verdict));
    assertEquals("self-hosted", verdict.evidence().runnerEnvironment());
  }

  @Test
  void aMoveFromSelfHostedToGitHubHostedIsNotAFinding() throws Exception {
    registry.publish(MintedBuild.of(NAME, "1.0.0").withRunner("self-hosted").mint(SIGSTORE, NAME, "1.0.0", FIRST).build());
    registry.publish(MintedBuild.of(NAME, "1.1.0").mint(SIGSTORE, NAME, "1.1.0", SECOND).build());

    Verdict verdict = verify("1.1.0");

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(List.of(), types(verdict));
  }

  @Test
  void anotherRepositoryIsFound() throws Exception {
    // Built and published from someone else's repository (the registry's repository field follows it).
    MintedBuild elsewhere = MintedBuild.of(NAME, "1.1.0").withOwner("someone-else").withRepo("continuity-fork")
        .withRepositoryId("630000003").withOwnerId("640000004");
    Verdict verdict = afterHonestFirst(elsewhere);

    List<String> types = types(verdict);
    assertTrue(types.contains("repository_changed"), types.toString());
    assertTrue(types.contains("repository_id_changed"), types.toString());
    assertTrue(types.contains("owner_id_changed"), types.toString());
    Finding repository = verdict.findings().stream().filter(f -> f.type() == FindingType.REPOSITORY_CHANGED).findFirst().orElseThrow();
    assertEquals(Optional.of("https://github.com/hekate-test/continuity"), repository.expected());
    assertEquals(Optional.of("https://github.com/someone-else/continuity-fork"), repository.actual());
  }

  @Test
  void continuityComparesWithTheLatestEarlierVersionWithProvenance() throws Exception {
    // 1.0.0 from release.yml, 1.1.0 from publish.yml, 1.2.0 from publish.yml: 1.2.0 follows 1.1.0.
    registry.publish(MintedBuild.of(NAME, "1.0.0").mint(SIGSTORE, NAME, "1.0.0", FIRST.minus(Duration.ofDays(1))).build());
    registry.publish(MintedBuild.of(NAME, "1.1.0").withWorkflowPath(".github/workflows/publish.yml")
        .mint(SIGSTORE, NAME, "1.1.0", FIRST).build());
    registry.publish(MintedBuild.of(NAME, "1.2.0").withWorkflowPath(".github/workflows/publish.yml")
        .mint(SIGSTORE, NAME, "1.2.0", SECOND).build());

    assertEquals(List.of(), types(verify("1.2.0")));
    assertEquals(List.of("workflow_changed"), types(verify("1.1.0")));
    assertEquals(List.of("first_provenance"), types(verify("1.0.0")));
  }

  @Test
  void theFirstVersionWithProvenanceHasNothingToCompareWithAndSaysSo() throws Exception {
    publishWithoutProvenance("0.9.0", FIRST.minus(Duration.ofDays(1)));
    registry.publish(MintedBuild.of(NAME, "1.0.0").withRunner("self-hosted").mint(SIGSTORE, NAME, "1.0.0", FIRST).build());

    Verdict verdict = verify("1.0.0");

    // Informational: nothing to compare with is not a change.
    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(List.of("first_provenance"), types(verdict));
    assertEquals(Optional.of("none"), verdict.findings().get(0).expected());
    assertEquals(Optional.of("https://github.com/hekate-test/continuity"), verdict.findings().get(0).actual());
  }

  // --- how the build was started, and by what --------------------------------------------------

  @Test
  void aReleaseAfterTagBuildsBuiltFromAManualDispatchOnABranchIsFound() throws Exception {
    // A stolen token with workflow rights, or a maintainer's shortcut: same workflow, another trigger and ref.
    Verdict verdict = afterHonestFirst(MintedBuild.of(NAME, "1.1.0").withEvent("workflow_dispatch")
        .withRef("refs/heads/main"));

    assertEquals(List.of("trigger_changed", "ref_kind_changed"), types(verdict));
    assertEquals(Optional.of("push"), verdict.findings().get(0).expected());
    assertEquals(Optional.of("workflow_dispatch"), verdict.findings().get(0).actual());
    assertEquals(Optional.of("tag (refs/tags/v1.0.0)"), verdict.findings().get(1).expected());
    assertEquals(Optional.of("branch (refs/heads/main)"), verdict.findings().get(1).actual());
  }

  @Test
  void aBuildFromAPullRequestTargetEventIsCalledOut() throws Exception {
    Verdict verdict = afterHonestFirst(MintedBuild.of(NAME, "1.1.0").withEvent("pull_request_target")
        .withRef("refs/pull/42/merge"));

    assertEquals(List.of("trigger_changed", "pull_request_trigger", "ref_kind_changed"), types(verdict));
    Finding pullRequest = verdict.findings().get(1);
    assertEquals(Optional.of("push"), pullRequest.expected());
    assertEquals(Optional.of("pull_request_target"), pullRequest.actual());
    assertEquals(Optional.of("pull_request (refs/pull/42/merge)"), verdict.findings().get(2).actual());
  }

  @Test
  void anotherBuilderIsFound() throws Exception {
    // 1.0.0 by the pre-GA npm CLI (SLSA v0.2), 1.1.0 by the npm CLI's SLSA v1 on GitHub's runner.
    registry.publish(MintedBuild.of(NAME, "1.0.0").withPreGaNpmCli("9.5.0").mint(SIGSTORE, NAME, "1.0.0", FIRST).build());
    registry.publish(MintedBuild.of(NAME, "1.1.0").mint(SIGSTORE, NAME, "1.1.0", SECOND).build());

    Verdict before = verify("1.0.0");
    assertEquals(Status.VERIFIED, before.status(), Verdicts.describe(before));
    Verdict verdict = verify("1.1.0");

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(List.of("builder_changed"), types(verdict));
    assertEquals(Optional.of("https://github.com/npm/cli@9.5.0"), verdict.findings().get(0).expected());
    assertEquals(Optional.of("https://github.com/actions/runner/github-hosted"), verdict.findings().get(0).actual());
  }

  // --- staged publishing -----------------------------------------------------------------------

  @Test
  void anApprovalThePreviousVersionHadIsMissedWhenDropped() throws Exception {
    registry.publish(MintedBuild.of(NAME, "1.0.0").mint(SIGSTORE, NAME, "1.0.0", FIRST).approvedBy("alice").build());
    registry.publish(MintedBuild.of(NAME, "1.1.0").mint(SIGSTORE, NAME, "1.1.0", SECOND).build());

    Verdict verdict = verify("1.1.0");

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(List.of("approval_dropped"), types(verdict));
    assertEquals(Optional.of("approved by alice (1.0.0)"), verdict.findings().get(0).expected());
    assertEquals(Optional.of("not approved"), verdict.findings().get(0).actual());
  }

  @Test
  void anApprovalKeptIsNoFinding() throws Exception {
    registry.publish(MintedBuild.of(NAME, "1.0.0").mint(SIGSTORE, NAME, "1.0.0", FIRST).approvedBy("alice").build());
    registry.publish(MintedBuild.of(NAME, "1.1.0").mint(SIGSTORE, NAME, "1.1.0", SECOND).approvedBy("bob").build());

    assertEquals(List.of(), types(verify("1.1.0")));
  }

  // --- walking back ----------------------------------------------------------------------------

  /** {@code version} with provenance the registry lists but that does not verify (another version's attestations). */
  private void publishUnverifiable(String version, Instant at) {
    PackageVersion borrowed = MintedBuild.of(NAME, "0.0.1").mint(SIGSTORE, NAME, "0.0.1", at).build();
    registry.publish(MintedBuild.of(NAME, version).mint(SIGSTORE, NAME, version, at)
        .attestations(borrowed.attestations().orElseThrow()).build());
  }

  @Test
  void continuityWalksBackPastAVersionThatDoesNotVerify() throws Exception {
    registry.publish(MintedBuild.of(NAME, "1.0.0").mint(SIGSTORE, NAME, "1.0.0", FIRST.minus(Duration.ofDays(1))).build());
    publishUnverifiable("1.1.0", FIRST);
    registry.publish(MintedBuild.of(NAME, "1.2.0").withOwner("attacker").withRepo("evil")
        .mint(SIGSTORE, NAME, "1.2.0", SECOND).build());

    assertEquals(Status.FAILED, verify("1.1.0").status());
    Verdict verdict = verify("1.2.0");

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    Finding repository = verdict.findings().stream().filter(f -> f.type() == FindingType.REPOSITORY_CHANGED)
        .findFirst().orElseThrow(() -> new AssertionError(types(verdict)));
    assertEquals(Optional.of("https://github.com/hekate-test/continuity"), repository.expected());
    assertEquals(Optional.of("https://github.com/attacker/evil"), repository.actual());
  }

  @Test
  void whenNoEarlierVersionVerifiesTheVerdictSaysSo() throws Exception {
    publishUnverifiable("1.0.0", FIRST.minus(Duration.ofDays(1)));
    publishUnverifiable("1.1.0", FIRST);
    registry.publish(MintedBuild.of(NAME, "1.2.0").mint(SIGSTORE, NAME, "1.2.0", SECOND).build());

    Verdict verdict = verify("1.2.0");

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(List.of("no_verified_predecessor"), types(verdict));
    assertEquals(Optional.of("1.1.0, 1.0.0"), verdict.findings().get(0).expected());
    assertEquals(Optional.of("none verified"), verdict.findings().get(0).actual());
  }

  // --- regression ------------------------------------------------------------------------------

  private void publishWithoutProvenance(String version, Instant publishedAt) {
    registry.publish(PackageVersion.builder(NAME, version).tarball(GeneratedNpm.tarball(NAME, version))
        .publishedAt(publishedAt).signedBy(SIGSTORE.npmKey()).build());
  }

  @Test
  void provenanceThatDisappearsInTheSameMajorLineIsARegression() throws Exception {
    registry.publish(MintedBuild.of(NAME, "1.0.0").mint(SIGSTORE, NAME, "1.0.0", FIRST).build());
    publishWithoutProvenance("1.1.0", SECOND);

    Verdict verdict = verify("1.1.0");

    assertEquals(Status.MISSING, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.regression());
    assertTrue(types(verdict).contains("provenance_regression"), types(verdict).toString());
  }

  @Test
  void aBackportWithoutProvenancePublishedAfterAVersionWithItIsARegression() throws Exception {
    // Publish order, not version order, decides "earlier": 1.0.1 is published after 1.1.0.
    registry.publish(MintedBuild.of(NAME, "1.1.0").mint(SIGSTORE, NAME, "1.1.0", FIRST).build());
    publishWithoutProvenance("1.0.1", SECOND);

    Verdict verdict = verify("1.0.1");

    assertEquals(Status.MISSING, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.regression());
  }

  @Test
  void aNewMajorLineWithoutProvenanceIsARegressionToo() throws Exception {
    // sigstore 3.0.0 after 1.3.0, nx 20.9.0: the bar is every earlier version, not the major line's.
    registry.publish(MintedBuild.of(NAME, "1.0.0").mint(SIGSTORE, NAME, "1.0.0", FIRST.minus(Duration.ofDays(1))).build());
    registry.publish(MintedBuild.of(NAME, "1.1.0").mint(SIGSTORE, NAME, "1.1.0", FIRST).build());
    publishWithoutProvenance("2.0.0", SECOND);

    Verdict verdict = verify("2.0.0");

    assertEquals(Status.MISSING, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.regression());
    assertEquals(List.of("trust_downgrade", "provenance_regression"), types(verdict));
    Finding downgrade = verdict.findings().get(0);
    assertEquals(java.util.Optional.of("provenance (1.1.0)"), downgrade.expected());
    assertEquals(java.util.Optional.of("none"), downgrade.actual());
  }

  @Test
  void aNewMajorFromAnotherRepositoryIsFoundAcrossMajorLines() throws Exception {
    registry.publish(MintedBuild.of(NAME, "1.0.0").mint(SIGSTORE, NAME, "1.0.0", FIRST).build());
    registry.publish(MintedBuild.of(NAME, "2.0.0").withOwner("attacker").withRepo("evil")
        .mint(SIGSTORE, NAME, "2.0.0", SECOND).build());

    Verdict verdict = verify("2.0.0");

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertTrue(types(verdict).contains("repository_changed"), types(verdict).toString());
  }

  @Test
  void theFirstVersionEverWithoutProvenanceIsNotARegression() throws Exception {
    publishWithoutProvenance("1.0.0", FIRST);

    Verdict verdict = verify("1.0.0");

    assertEquals(Status.MISSING, verdict.status(), Verdicts.describe(verdict));
    assertFalse(verdict.regression());
    assertEquals(List.of(), types(verdict));
  }

  @Test
  void aVersionWithProvenancePublishedLaterDoesNotMakeAnEarlierOneARegression() throws Exception {
    publishWithoutProvenance("1.0.0", FIRST);
    registry.publish(MintedBuild.of(NAME, "1.1.0").mint(SIGSTORE, NAME, "1.1.0", SECOND).build());

    Verdict verdict = verify("1.0.0");

    assertEquals(Status.MISSING, verdict.status(), Verdicts.describe(verdict));
    assertFalse(verdict.regression());
  }
}
