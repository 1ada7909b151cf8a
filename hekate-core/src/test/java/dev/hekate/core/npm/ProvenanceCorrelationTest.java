package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code provenance.certificate}, pure: the provenance's claims against the Fulcio certificate's
 * extensions and SANs. Each case starts from a consistent pair and changes exactly one value on
 * one side; every claim compared must then fail, and only with this check id. Values are those of
 * a real npm CLI v1 provenance (gundam-visor@1.0.1) with its certificate's extensions.
 */
class ProvenanceCorrelationTest {
  static final String REPO = "https://github.com/ramonpetgrave64/gundam-visor";
  static final String COMMIT = "599500821344b070902a7a5666064bfdaba715df";
  static final String REF = "refs/tags/v1.0.1";
  static final String PATH = ".github/workflows/npm-publish.yml";
  static final String WORKFLOW = REPO + "/" + PATH + "@" + REF;
  static final String RUN = "9358004112";
  static final String RUN_URL = REPO + "/actions/runs/" + RUN + "/attempts/1";

  static final ProvenanceClaims CLAIMS = new ProvenanceClaims("github", Predicates.GITHUB_HOSTED_RUNNER,
      Predicates.BUILD_GHA_WORKFLOW_V1, REPO, COMMIT, REF, PATH, RUN, "1", "810002373", "32398091", "release",
      "github-hosted");

  /** Every claim present, new (.8–.22) and deprecated (.1–.6) extensions alike, as Fulcio writes them in 2024. */
  static final FulcioExtensions CERT = new FulcioExtensions(
      Predicates.GITHUB_ISSUER,
      WORKFLOW,                                // buildSignerUri
      COMMIT,                                  // buildSignerDigest
      "github-hosted",                         // runnerEnvironment
      REPO,                                    // sourceRepositoryUri
      COMMIT,                                  // sourceRepositoryDigest
      REF,                                     // sourceRepositoryRef
      "810002373",                             // sourceRepositoryIdentifier
      "https://github.com/ramonpetgrave64",     // sourceRepositoryOwnerUri
      "32398091",                              // sourceRepositoryOwnerIdentifier
      WORKFLOW,                                // buildConfigUri
      COMMIT,                                  // buildConfigDigest
      "release",                               // buildTrigger
      RUN_URL,                                 // runInvocationUri
      "public",                                // sourceRepositoryVisibilityAtSigning
      "release",                               // githubWorkflowTrigger (.2)
      COMMIT,                                  // githubWorkflowSha (.3)
      "Publish Package to npmjs",              // githubWorkflowName (.4)
      "ramonpetgrave64/gundam-visor",          // githubWorkflowRepository (.5)
      REF);                                    // githubWorkflowRef (.6)

  static final List<String> SANS = List.of(WORKFLOW);

  /** A certificate from before Fulcio's 2023 extensions: issuer and .2–.6 only. */
  static final FulcioExtensions LEGACY = with(CERT, Map.ofEntries(
      Map.entry("buildSignerUri", ""), Map.entry("buildSignerDigest", ""), Map.entry("runnerEnvironment", ""),
      Map.entry("sourceRepositoryUri", ""), Map.entry("sourceRepositoryDigest", ""), Map.entry("sourceRepositoryRef", ""),
      Map.entry("sourceRepositoryIdentifier", ""), Map.entry("sourceRepositoryOwnerUri", ""),
      Map.entry("sourceRepositoryOwnerIdentifier", ""), Map.entry("buildConfigUri", ""), Map.entry("buildConfigDigest", ""),
      Map.entry("buildTrigger", ""), Map.entry("runInvocationUri", ""), Map.entry("sourceRepositoryVisibilityAtSigning", "")));

  // --- record copies with one component changed --------------------------------------------------

  static <R extends Record> R with(R record, String component, String value) {
    return with(record, Map.of(component, value));
  }

  @SuppressWarnings("unchecked")
  static <R extends Record> R with(R record, Map<String, String> changes) {
    try {
      RecordComponent[] components = record.getClass().getRecordComponents();
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = components[i].getAccessor().invoke(record);
      }
      for (Map.Entry<String, String> change : changes.entrySet()) {
        int index = Arrays.stream(components).map(RecordComponent::getName).toList().indexOf(change.getKey());
        if (index < 0) {
          throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + change.getKey());
        }
        values[index] = change.getValue();
      }
      Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
      return (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertMatches(ProvenanceClaims claims, FulcioExtensions certificate, List<String> sans) {
    try {
      ProvenanceCorrelation.requireCertificateMatches(claims, certificate, sans);
    } catch (VerificationException e) {
      fail("expected a match, got " + e.check() + ": expected " + e.expected() + ", actual " + e.actual());
    }
  }

  static void assertMismatch(ProvenanceClaims claims, FulcioExtensions certificate, List<String> sans) {
    VerificationException e = assertThrows(VerificationException.class,
        () -> ProvenanceCorrelation.requireCertificateMatches(claims, certificate, sans));
    assertEquals(CheckId.PROVENANCE_CERTIFICATE, e.check());
  }

  // --- the consistent pair ---------------------------------------------------------------------

  @Test
  void aConsistentPairMatches() {
    assertMatches(CLAIMS, CERT, SANS);
  }

  @Test
  void aProvenanceWithoutAttemptMatchesAnyAttemptOfItsRun() {
    // v0.2 provenance from before GITHUB_RUN_ATTEMPT was recorded names only the run.
    assertMatches(with(CLAIMS, "runAttempt", ""), with(CERT, "runInvocationUri", REPO + "/actions/runs/" + RUN + "/attempts/2"), SANS);
  }

  @Test
  void claimsOnlyOneSideMakesAreNotCompared() {
    // v0.2 provenance has no runner environment; older certificates have no ids or trigger.
    assertMatches(with(CLAIMS, "runnerEnvironment", ""), CERT, SANS);
    assertMatches(CLAIMS, with(CERT, Map.of("sourceRepositoryIdentifier", "", "sourceRepositoryOwnerIdentifier", "",
        "buildTrigger", "", "githubWorkflowTrigger", "", "runnerEnvironment", "")), SANS);
    assertMatches(with(CLAIMS, Map.of("repositoryId", "", "ownerId", "", "event", "")), CERT, SANS);
  }

  // --- one claim differs -----------------------------------------------------------------------

  static Stream<Arguments> certificateSideDifferences() {
    return Stream.of(
        Arguments.of("repository", "sourceRepositoryUri", "https://github.com/attacker/gundam-visor"),
        Arguments.of("commit", "sourceRepositoryDigest", "0000000000000000000000000000000000000000"),
        Arguments.of("ref", "sourceRepositoryRef", "refs/heads/main"),
        Arguments.of("workflow", "buildConfigUri", REPO + "/.github/workflows/other.yml@" + REF),
        Arguments.of("run id", "runInvocationUri", REPO + "/actions/runs/9358004113/attempts/1"),
        Arguments.of("run attempt", "runInvocationUri", REPO + "/actions/runs/" + RUN + "/attempts/2"),
        Arguments.of("run repository", "runInvocationUri", "https://github.com/attacker/gundam-visor/actions/runs/" + RUN + "/attempts/1"),
        Arguments.of("repository id", "sourceRepositoryIdentifier", "810002374"),
        Arguments.of("owner id", "sourceRepositoryOwnerIdentifier", "32398092"),
        Arguments.of("event", "buildTrigger", "workflow_dispatch"),
        Arguments.of("runner environment", "runnerEnvironment", "self-hosted"));
  }

  @ParameterizedTest(name = "{0}: certificate {1} = {2}")
  @MethodSource("certificateSideDifferences")
  void aCertificateClaimDifferingFromTheProvenanceFails(String claim, String component, String value) {
    assertMismatch(CLAIMS, with(CERT, component, value), SANS);
  }

  static Stream<Arguments> provenanceSideDifferences() {
    return Stream.of(
        Arguments.of("repository", "repository", "https://github.com/attacker/gundam-visor"),
        Arguments.of("commit", "commit", "0000000000000000000000000000000000000000"),
        Arguments.of("ref", "ref", "refs/heads/main"),
        Arguments.of("workflow path", "workflowPath", ".github/workflows/other.yml"),
        Arguments.of("run id", "runId", "9358004113"),
        Arguments.of("run attempt", "runAttempt", "2"),
        Arguments.of("repository id", "repositoryId", "810002374"),
        Arguments.of("owner id", "ownerId", "32398092"),
        Arguments.of("event", "event", "push"),
        Arguments.of("runner environment", "runnerEnvironment", "self-hosted"));
  }

  @ParameterizedTest(name = "{0}: provenance {1} = {2}")
  @MethodSource("provenanceSideDifferences")
  void aProvenanceClaimDifferingFromTheCertificateFails(String claim, String component, String value) {
    assertMismatch(with(CLAIMS, component, value), CERT, SANS);
  }

  @Test
  void aCertificateForAnotherWorkflowFailsEvenWhenItsExtensionsAgree() {
    // The SAN is what Fulcio verified from the OIDC token; the build config URI alone is not enough.
    assertMismatch(CLAIMS, CERT, List.of(REPO + "/.github/workflows/other.yml@" + REF));
    assertMismatch(CLAIMS, CERT, List.of(REPO + "/" + PATH + "@refs/heads/main"));
    assertMismatch(CLAIMS, CERT, List.of());
  }

  @Test
  void theWorkflowIsComparedWithItsRepository() {
    // Same path and ref in a fork: neither SAN nor build config may name another repository.
    String fork = "https://github.com/attacker/gundam-visor/" + PATH + "@" + REF;
    assertMismatch(CLAIMS, with(CERT, "buildConfigUri", fork), SANS);
    assertMismatch(CLAIMS, CERT, List.of(fork));
  }

  static Stream<String> requiredClaims() {
    return Stream.of("repository", "commit", "ref", "workflowPath", "runId");
  }

  @ParameterizedTest(name = "provenance without {0}")
  @MethodSource("requiredClaims")
  void aProvenanceThatDoesNotSayWhatItBuiltFails(String component) {
    assertMismatch(with(CLAIMS, component, ""), CERT, SANS);
  }

  // --- legacy certificates (.1–.6 only) ----------------------------------------------------------

  @Test
  void aLegacyCertificateStillCompares() {
    assertMatches(CLAIMS, LEGACY, SANS);
  }

  static Stream<Arguments> legacyDifferences() {
    return Stream.of(
        Arguments.of("githubWorkflowRepository", "attacker/gundam-visor"),
        Arguments.of("githubWorkflowSha", "0000000000000000000000000000000000000000"),
        Arguments.of("githubWorkflowRef", "refs/heads/main"),
        Arguments.of("githubWorkflowTrigger", "workflow_dispatch"));
  }

  @ParameterizedTest(name = "legacy {0} = {1}")
  @MethodSource("legacyDifferences")
  void aLegacyCertificateDifferingFromTheProvenanceFails(String component, String value) {
    assertMismatch(CLAIMS, with(LEGACY, component, value), SANS);
  }

  @Test
  void aLegacyCertificateForAnotherWorkflowFails() {
    assertMismatch(CLAIMS, LEGACY, List.of(REPO + "/.github/workflows/other.yml@" + REF));
  }

  @Test
  void theNewExtensionsWinOverTheDeprecatedOnes() {
    // Both present and disagreeing: the current extension is the one compared.
    assertMatches(CLAIMS, with(CERT, "githubWorkflowRepository", "attacker/gundam-visor"), SANS);
    assertMismatch(CLAIMS, with(CERT, "sourceRepositoryUri", "https://github.com/attacker/gundam-visor"), SANS);
  }

  // --- slsa-github-generator's Node.js builder ---------------------------------------------------

  /** provenance-npm-test@1.0.5 (slsa-verifier's regression data): the caller's workflow in the provenance, the delegator in the SAN. */
  static final String CALLER_REPO = "https://github.com/laurentsimon/provenance-npm-test";
  static final String CALLER_WORKFLOW = CALLER_REPO + "/.github/workflows/release-slsa3.yml@refs/heads/main";
  static final String DELEGATOR = Predicates.SLSA_GENERATOR_WORKFLOWS + "delegator_lowperms-generic_slsa3.yml@refs/tags/v1.6.0";
  static final ProvenanceClaims GENERATOR_CLAIMS = new ProvenanceClaims("github",
      Predicates.SLSA_GENERATOR_NODEJS_BUILDER + "@refs/tags/v1.6.0", Predicates.BUILD_SLSA_GENERATOR_DELEGATOR,
      CALLER_REPO, "34490b44db557f009617bcb92b8780f972c189ab", "refs/heads/main", ".github/workflows/release-slsa3.yml",
      "5016782196", "1", "602223945", "64505099", "workflow_dispatch", "");
  static final FulcioExtensions GENERATOR_CERT = new FulcioExtensions(Predicates.GITHUB_ISSUER, DELEGATOR,
      "0779f7bec68e2bf54a7b0a32bf4763f25ab29702", "github-hosted", CALLER_REPO, "34490b44db557f009617bcb92b8780f972c189ab",
      "refs/heads/main", "602223945", "https://github.com/laurentsimon", "64505099", CALLER_WORKFLOW,
      "34490b44db557f009617bcb92b8780f972c189ab", "workflow_dispatch", CALLER_REPO + "/actions/runs/5016782196/attempts/1",
      "public", "workflow_dispatch", "34490b44db557f009617bcb92b8780f972c189ab", "SLSA 3 Publish Package to npmjs",
      "laurentsimon/provenance-npm-test", "refs/heads/main");

  @Test
  void theGeneratorsDelegatorSignsForItsBuilder() {
    assertMatches(GENERATOR_CLAIMS, GENERATOR_CERT, List.of(DELEGATOR));
    String delegator = Predicates.SLSA_GENERATOR_WORKFLOWS + "delegator_generic_slsa3.yml@refs/tags/v1.9.0";
    assertMatches(GENERATOR_CLAIMS, with(GENERATOR_CERT, "buildSignerUri", delegator), List.of(delegator));
  }

  @Test
  void theGeneratorsWorkflowsAreAcceptedOnlyAtARelease() {
    String branch = Predicates.SLSA_GENERATOR_WORKFLOWS + "delegator_lowperms-generic_slsa3.yml@refs/heads/main";
    assertMismatch(GENERATOR_CLAIMS, with(GENERATOR_CERT, "buildSignerUri", branch), List.of(branch));
  }

  @Test
  void theGeneratorsWorkflowsFromAForkAreNotTheGenerators() {
    String fork = "https://github.com/attacker/slsa-github-generator/.github/workflows/delegator_lowperms-generic_slsa3.yml@refs/tags/v1.6.0";
    assertMismatch(GENERATOR_CLAIMS, with(GENERATOR_CERT, "buildSignerUri", fork), List.of(fork));
  }

  @Test
  void aGeneratorProvenanceSignedByTheCallersOwnWorkflowFails() {
    // The caller's workflow could write any provenance; only the generator's builder vouches for it.
    assertMismatch(GENERATOR_CLAIMS, with(GENERATOR_CERT, "buildSignerUri", CALLER_WORKFLOW), List.of(CALLER_WORKFLOW));
  }

  @Test
  void theGeneratorsSanIsAcceptedOnlyForTheGeneratorsBuildType() {
    // npm CLI provenance signed by the generator: the SAN must be the provenance's own workflow.
    ProvenanceClaims npmCli = with(GENERATOR_CLAIMS, Map.of("buildType", Predicates.BUILD_NPM_GHA_V2,
        "builderId", Predicates.GITHUB_RUNNER_SHORT));
    assertMismatch(npmCli, GENERATOR_CERT, List.of(DELEGATOR));
  }

  @Test
  void aGeneratorProvenanceIsStillComparedWithTheCallersRun() {
    assertMismatch(with(GENERATOR_CLAIMS, "commit", COMMIT), GENERATOR_CERT, List.of(DELEGATOR));
    assertMismatch(GENERATOR_CLAIMS, with(GENERATOR_CERT, "buildConfigUri", CALLER_REPO + "/.github/workflows/other.yml@refs/heads/main"),
        List.of(DELEGATOR));
    assertMismatch(with(GENERATOR_CLAIMS, "runId", "5016782197"), GENERATOR_CERT, List.of(DELEGATOR));
  }

  // --- GitLab ----------------------------------------------------------------------------------

  static final String PROJECT = "https://gitlab.com/hekate-group/hekate-project";
  static final String GITLAB_COMMIT = "6f1e9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b";
  static final ProvenanceClaims GITLAB_CLAIMS = new ProvenanceClaims("gitlab", PROJECT + "/-/runners/12270859",
      Predicates.BUILD_NPM_GITLAB, PROJECT, GITLAB_COMMIT, "refs/heads/main", ".gitlab-ci.yml", "6455432118", "",
      "51234567", "61234567", "push", "");
  static final FulcioExtensions GITLAB_CERT = new FulcioExtensions(Predicates.GITLAB_ISSUER,
      PROJECT + "//.gitlab-ci.yml@refs/heads/main", GITLAB_COMMIT, "gitlab-hosted", PROJECT, GITLAB_COMMIT,
      "refs/heads/main", "51234567", "https://gitlab.com/hekate-group", "61234567",
      PROJECT + "//.gitlab-ci.yml@refs/heads/main", GITLAB_COMMIT, "push", PROJECT + "/-/jobs/6455432118", "public",
      "", "", "", "", "");
  static final List<String> GITLAB_SANS = List.of(PROJECT + "//.gitlab-ci.yml@refs/heads/main");

  @Test
  void gitLabClaimsMatchTheirCertificate() {
    assertMatches(GITLAB_CLAIMS, GITLAB_CERT, GITLAB_SANS);
  }

  static Stream<Arguments> gitLabDifferences() {
    return Stream.of(
        Arguments.of("sourceRepositoryUri", "https://gitlab.com/attacker/hekate-project"),
        Arguments.of("sourceRepositoryDigest", "0000000000000000000000000000000000000000"),
        Arguments.of("runInvocationUri", PROJECT + "/-/jobs/6455432119"),
        // Every other claim the GitLab certificate carries is compared too.
        Arguments.of("sourceRepositoryRef", "refs/tags/v9.9.9"),
        Arguments.of("buildConfigUri", PROJECT + "//other-ci.yml@refs/heads/main"),
        Arguments.of("sourceRepositoryIdentifier", "99999999"),
        Arguments.of("sourceRepositoryOwnerIdentifier", "99999999"),
        Arguments.of("buildTrigger", "merge_request_event"));
  }

  @ParameterizedTest(name = "GitLab certificate {0} = {1}")
  @MethodSource("gitLabDifferences")
  void gitLabClaimsDifferingFromTheCertificateFail(String component, String value) {
    assertMismatch(GITLAB_CLAIMS, with(GITLAB_CERT, component, value), GITLAB_SANS);
  }

  @Test
  void aProvenanceCallingItselfAGitLabBuildUnderAGitHubCertificateIsTheWrongPlatform() throws Exception {
    FulcioExtensions github = new FulcioExtensions(Predicates.GITHUB_ISSUER, "", "", "github-hosted", PROJECT,
        GITLAB_COMMIT, "refs/pull/42/merge", "", "", "", "", "", "pull_request_target", "", "", "", "", "", "", "");

    VerificationException e = org.junit.jupiter.api.Assertions.assertThrows(VerificationException.class,
        () -> ProvenanceCorrelation.requireCertificatePlatform(GITLAB_CLAIMS, github));

    assertEquals(CheckId.PROVENANCE_BUILDER, e.check());
    assertEquals(dev.hekate.core.result.FailureKind.MISMATCH, e.kind());
    ProvenanceCorrelation.requireCertificatePlatform(GITLAB_CLAIMS, GITLAB_CERT);
  }

  @Test
  void gitLabProvenanceMustSayWhatItBuilt() {
    assertMismatch(with(GITLAB_CLAIMS, "repository", ""), GITLAB_CERT, GITLAB_SANS);
    assertMismatch(with(GITLAB_CLAIMS, "commit", ""), GITLAB_CERT, GITLAB_SANS);
  }
}
