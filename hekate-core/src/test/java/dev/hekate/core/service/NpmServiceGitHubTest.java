package dev.hekate.core.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hekate.core.github.GitHubClient;
import dev.hekate.core.github.GitHubConfig;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.Verdicts;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.GithubExtensions;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import dev.hekate.testdata.registry.PackageVersion;
import dev.hekate.testdata.registry.RecordedRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Question (b) through {@link NpmService}: a loopback registry serves a generated, verified
 * package; WireMock stands in for the GitHub REST API. The run check is an extra assurance: when
 * GitHub disagrees the verdict is FAILED, when GitHub cannot be asked the check is UNKNOWN (listed,
 * never passed) and the status comes from the other checks, and when the verdict is already
 * decided against the package GitHub is not asked at all.
 */
class NpmServiceGitHubTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String NAME = "gh-run-check";
  private static final String VERSION = "1.4.0";
  private static final Pattern RUN_URL = Pattern.compile(".*/actions/runs/([0-9]+)/attempts/([0-9]+)");

  @RegisterExtension
  static final WireMockExtension github =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private FakeRegistry registry;

  @BeforeEach
  void startRegistry() {
    registry = FakeRegistry.start();
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  // --- what the generated provenance claims ----------------------------------------------------

  /** The build {@link GeneratedNpm} claims for {@code name@version}, read back from its helpers. */
  private record Claimed(String owner, String repo, String commit, String workflowPath, long runId, int attempt) {
    static Claimed of(String name, String version) {
      String identity = GeneratedNpm.workflowIdentity(name, version);
      String commit = GeneratedNpm.commitOf(name, version);
      String runUrl = GithubExtensions.forWorkflow(identity, commit).runInvocationUri();
      String[] slug = GeneratedNpm.repositoryOf(name).substring("https://github.com/".length()).split("/");
      Matcher m = RUN_URL.matcher(runUrl);
      assertTrue(m.matches(), runUrl);
      return new Claimed(slug[0], slug[1], commit, ".github/workflows/release.yml",
          Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
    }

    String apiPath() {
      return "/repos/" + owner + "/" + repo + "/actions/runs/" + runId;
    }
  }

  /** GitHub's run document for the claimed run, as {@code GET .../actions/runs/{id}} returns it. */
  private static ObjectNode run(Claimed c) {
    ObjectNode run = Json.newObject();
    run.put("id", c.runId());
    run.put("name", "Release");
    run.put("head_branch", "v" + VERSION);
    run.put("head_sha", c.commit());
    run.put("path", c.workflowPath());
    run.put("run_attempt", c.attempt());
    run.put("event", "push");
    run.put("status", "completed");
    run.put("conclusion", "success");
    run.put("html_url", "https://github.com/" + c.owner() + "/" + c.repo() + "/actions/runs/" + c.runId());
    run.putObject("repository").put("full_name", c.owner() + "/" + c.repo());
    return run;
  }

  private static ResponseDefinitionBuilder json(ObjectNode body) {
    return okJson(Json.write(body));
  }

  // --- wiring ----------------------------------------------------------------------------------

  private static GitHubConfig gitHub(URI base) {
    return GitHubConfig.defaults()
        .withBaseUrl(base)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
        .withSleeper(d -> { }); // retries without waiting
  }

  private static GitHubConfig gitHub() {
    return gitHub(URI.create(github.baseUrl()));
  }

  private Verdict verify(GitHubConfig config, String name, String version) throws Exception {
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    RegistryClient client = RegistryClient.create(RegistryConfig.defaults().withBaseUrl(registry.baseUrl()));
    NpmService service = new NpmService(client, verifier, Optional.of(GitHubClient.create(config)), false);
    return service.verify(PackageSpec.parse(name + "@" + version));
  }

  private Verdict verify(GitHubConfig config) throws Exception {
    return verify(config, NAME, VERSION);
  }

  private Claimed publishHonest() {
    GeneratedNpm.publishVerified(registry, SIGSTORE, NAME, VERSION, BundleGeneration.V03_DSSE);
    return Claimed.of(NAME, VERSION);
  }

  private static CheckResult githubRun(Verdict verdict) {
    return verdict.check(CheckId.GITHUB_RUN).orElseThrow(() -> new AssertionError("github.run did not run: " + Verdicts.describe(verdict)));
  }

  private static List<String> findingTypes(Verdict verdict) {
    return verdict.findings().stream().map(f -> f.type().wireName()).toList();
  }

  // --- GitHub agrees ---------------------------------------------------------------------------

  @Test
  void aRunThatMatchesTheProvenancePasses() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(json(run(c))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.PASSED, githubRun(verdict).outcome());
    // The package's only version: nothing to compare with, said as such; no GitHub finding.
    assertEquals(List.of("first_provenance"), findingTypes(verdict));
    github.verify(1, getRequestedFor(urlEqualTo(c.apiPath())));
  }

  @Test
  void aLaterReRunOfTheClaimedRunStillMatches() throws Exception {
    // GitHub reports the latest attempt; attempt 1 of a run now at attempt 3 did happen.
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(json(run(c).put("run_attempt", c.attempt() + 2))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.PASSED, githubRun(verdict).outcome());
  }

  @Test
  void theWorkflowPathMayBeGivenWithTheRepositoryOrRef() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(
        json(run(c).put("path", c.owner() + "/" + c.repo() + "/" + c.workflowPath() + "@refs/tags/v" + VERSION))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.PASSED, githubRun(verdict).outcome());
  }

  // --- GitHub disagrees: FAILED ----------------------------------------------------------------

  @Test
  void anotherHeadShaFails() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(json(run(c).put("head_sha", "0".repeat(40)))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.FAILED, githubRun(verdict).outcome());
    assertEquals(CheckId.GITHUB_RUN, verdict.firstFailure().orElseThrow().result().id());
    assertEquals(Optional.of(c.commit()), githubRun(verdict).expected());
    assertEquals(Optional.of("0".repeat(40)), githubRun(verdict).actual());
    assertTrue(findingTypes(verdict).contains("github_run_mismatch"), verdict.findings().toString());
  }

  @Test
  void anotherWorkflowPathFails() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(json(run(c).put("path", ".github/workflows/ci.yml"))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(CheckId.GITHUB_RUN, verdict.firstFailure().orElseThrow().result().id());
    assertTrue(findingTypes(verdict).contains("github_run_mismatch"), verdict.findings().toString());
  }

  @Test
  void aWorkflowOfTheSameNameInAnotherRepositoryFails() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(
        json(run(c).put("path", "attacker/fork/" + c.workflowPath()))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.FAILED, githubRun(verdict).outcome());
  }

  @Test
  void aRunThatNeverReachedTheClaimedAttemptFails() throws Exception {
    // The provenance claims attempt 3; GitHub says the run has had only 2.
    Instant signedAt = SIGSTORE.now().minus(Duration.ofHours(1));
    MintedBuild build = MintedBuild.of(NAME, VERSION).withAttempt("3");
    registry.publish(build.mint(SIGSTORE, NAME, VERSION, signedAt).build());
    Claimed c = new Claimed(build.owner(), build.repo(), build.commit(), build.workflowPath(),
        Long.parseLong(build.runId()), 2);
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(json(run(c))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.FAILED, githubRun(verdict).outcome());
    assertEquals(Optional.of("3"), githubRun(verdict).expected());
    assertEquals(Optional.of("2"), githubRun(verdict).actual());
    assertTrue(findingTypes(verdict).contains("github_run_mismatch"), verdict.findings().toString());
  }

  @Test
  void anotherEventFails() throws Exception {
    Claimed c = publishHonest(); // GithubExtensions.forWorkflow: event "push" in certificate and provenance
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(json(run(c).put("event", "workflow_dispatch"))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.FAILED, githubRun(verdict).outcome());
    assertTrue(findingTypes(verdict).contains("github_run_mismatch"), verdict.findings().toString());
  }

  @Test
  void aRunGitHubDoesNotKnowFails() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}")));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(Outcome.FAILED, githubRun(verdict).outcome());
    assertEquals(CheckId.GITHUB_RUN, verdict.firstFailure().orElseThrow().result().id());
    assertTrue(findingTypes(verdict).contains("github_run_not_found"), verdict.findings().toString());
  }

  // --- GitHub cannot be asked: UNKNOWN, status from the other checks ------------------------------

  private static void assertUnknownAndStillVerified(Verdict verdict) {
    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    CheckResult run = githubRun(verdict);
    assertEquals(Outcome.UNKNOWN, run.outcome(), "an unreachable GitHub is never counted as passed");
    assertFalse(verdict.checks().stream().anyMatch(c -> c.result().id() == CheckId.GITHUB_RUN
        && c.result().outcome() == Outcome.PASSED));
    // The package's only version: nothing to compare with, said as such; no GitHub finding.
    assertEquals(List.of("first_provenance"), findingTypes(verdict));
  }

  @Test
  void gitHubServerErrorsLeaveTheCheckUnknown() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(aResponse().withStatus(500)));

    Verdict verdict = verify(gitHub());

    assertUnknownAndStillVerified(verdict);
    // bounded retries, then UNKNOWN
    assertEquals(GitHubConfig.defaults().maxAttempts(), github.findAll(getRequestedFor(urlEqualTo(c.apiPath()))).size());
  }

  @Test
  void gitHubUnavailableLeavesTheCheckUnknown() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(aResponse().withStatus(503).withBody("unicorn")));

    assertUnknownAndStillVerified(verify(gitHub()));
  }

  @Test
  void aSpentRateLimitLeavesTheCheckUnknown() throws Exception {
    Claimed c = publishHonest();
    long reset = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-ratelimit-limit", "60")
        .withHeader("x-ratelimit-remaining", "0")
        .withHeader("x-ratelimit-reset", Long.toString(reset))
        .withBody("{\"message\":\"API rate limit exceeded for 127.0.0.1.\"}")));

    Verdict verdict = verify(gitHub());

    assertUnknownAndStillVerified(verdict);
    // A reset an hour away is not waited for, nor retried.
    github.verify(1, getRequestedFor(urlEqualTo(c.apiPath())));
  }

  @Test
  void aSecondaryRateLimitLeavesTheCheckUnknown() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "3600")
        .withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}")));

    assertUnknownAndStillVerified(verify(gitHub()));
  }

  @Test
  void aRefusedConnectionLeavesTheCheckUnknown() throws Exception {
    publishHonest();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertUnknownAndStillVerified(verify(gitHub(URI.create("http://127.0.0.1:" + closedPort + "/"))));
  }

  @Test
  void aResponseThatIsNotARunLeavesTheCheckUnknown() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(okJson("{\"message\":\"not a run\"}")));

    assertUnknownAndStillVerified(verify(gitHub()));
  }

  // --- GitHub is not asked when the verdict is already decided -------------------------------------

  @Test
  void aFailedVerdictDoesNotConsultGitHub() throws Exception {
    GeneratedPackage p = GeneratedNpm.generate(SIGSTORE, NAME, VERSION, BundleGeneration.V03_DSSE);
    byte[] other = GeneratedNpm.tarball(NAME, "9.9.9");
    // dist.integrity names another tarball than the attestations: npm.integrity fails.
    registry.publish(p.packageVersion().tarball(other).build());
    github.stubFor(get(urlEqualTo(Claimed.of(NAME, VERSION).apiPath())).willReturn(json(run(Claimed.of(NAME, VERSION)))));

    Verdict verdict = verify(gitHub());

    assertEquals(Status.FAILED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(CheckId.NPM_INTEGRITY, verdict.firstFailure().orElseThrow().result().id());
    assertTrue(verdict.check(CheckId.GITHUB_RUN).isEmpty(), Verdicts.describe(verdict));
    assertTrue(github.getAllServeEvents().isEmpty(), "GitHub was asked about a package already FAILED");
  }

  @Test
  void aMissingVerdictDoesNotConsultGitHub() throws Exception {
    registry.publish(PackageVersion.builder(NAME, VERSION).tarball(GeneratedNpm.tarball(NAME, VERSION)).build());

    Verdict verdict = verify(gitHub());

    assertEquals(Status.MISSING, verdict.status(), Verdicts.describe(verdict));
    assertTrue(verdict.check(CheckId.GITHUB_RUN).isEmpty(), Verdicts.describe(verdict));
    assertTrue(github.getAllServeEvents().isEmpty(), "GitHub was asked about a package without provenance");
  }

  // --- the token -------------------------------------------------------------------------------

  @Test
  void theTokenIsSentToGitHubOnlyWhenConfigured() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(json(run(c))));

    assertEquals(Status.VERIFIED, verify(gitHub()).status());
    github.verify(1, getRequestedFor(urlEqualTo(c.apiPath())).withoutHeader("Authorization"));

    github.resetRequests();
    Verdict verdict = verify(gitHub().withToken(Optional.of("ghs_hekateTestToken0123")));

    assertEquals(Outcome.PASSED, githubRun(verdict).outcome());
    github.verify(1, getRequestedFor(urlEqualTo(c.apiPath()))
        .withHeader("Authorization", equalTo("Bearer ghs_hekateTestToken0123")));
    for (RecordedRequest request : registry.requests()) {
      assertTrue(request.header("Authorization").isEmpty(), "the GitHub token reached the registry: " + request);
    }
  }

  @Test
  void aBlankTokenIsNoToken() throws Exception {
    Claimed c = publishHonest();
    github.stubFor(get(urlEqualTo(c.apiPath())).willReturn(json(run(c))));

    verify(gitHub().withToken(Optional.of("  ")));

    github.verify(1, getRequestedFor(urlEqualTo(c.apiPath())).withoutHeader("Authorization"));
  }

  @Test
  void withoutAGitHubClientTheCheckDoesNotRun() throws Exception {
    publishHonest();
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    NpmService service = new NpmService(
        RegistryClient.create(RegistryConfig.defaults().withBaseUrl(registry.baseUrl())), verifier, Optional.empty(), false);

    Verdict verdict = service.verify(PackageSpec.parse(NAME + "@" + VERSION));

    assertEquals(Status.VERIFIED, verdict.status());
    assertTrue(verdict.check(CheckId.GITHUB_RUN).isEmpty());
    assertTrue(github.getAllServeEvents().isEmpty());
  }
}
