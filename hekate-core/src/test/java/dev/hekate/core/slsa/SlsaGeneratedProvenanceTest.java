package dev.hekate.core.slsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.GithubExtensions;
import dev.hekate.testdata.SlsaGenerator;
import dev.hekate.testdata.Tamper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * verify-artifact on generic-generator provenance signed by an in-process fake Sigstore: the
 * certificate says what a real slsa-github-generator run would, and each case changes one thing.
 */
class SlsaGeneratedProvenanceTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final String REPO = "https://github.com/o/r";
  private static final byte[] ARTIFACT = "the artifact\n".getBytes(StandardCharsets.UTF_8);

  /** The certificate of a reusable builder workflow {@code san} run from {@code repository} at {@code ref}. */
  private static GithubExtensions extensions(String san, String repository, String ref) {
    return SlsaGenerator.extensions(san, repository, ref, COMMIT);
  }

  private static String predicate(String builderId, String repository, String refType, String ref) {
    return SlsaGenerator.genericPredicate(builderId, repository, refType, ref, COMMIT, "{\"base_ref\":null}");
  }

  private static FakeBundle bundle(String san, GithubExtensions extensions, String predicate, byte[] artifact,
      Tamper... tampers) {
    return SIGSTORE.bundle().identity(san, BuilderTrust.ISSUER).githubExtensions(extensions)
        .inTotoStatementFor("artifact", artifact, Provenance.V02, predicate).tamper(tampers).build();
  }

  private static ArtifactVerification verify(FakeBundle bundle, ArtifactExpectations expected) throws Exception {
    return new ArtifactVerifier(TrustedRootParser.parse(bundle.trustedRootJson())).verify(bundle.json(), expected);
  }

  private static ArtifactExpectations expect(String source, Optional<String> tag, Optional<String> branch,
      Optional<String> builder) throws Exception {
    Digest digest = new Digest("sha256", MessageDigest.getInstance("SHA-256").digest(ARTIFACT));
    return new ArtifactExpectations(List.of(digest), source, tag, Optional.empty(), branch, builder);
  }

  private static String problem(ArtifactVerification result) {
    return result.firstProblem().map(CheckResult::id).map(CheckId::wireName).orElse("");
  }

  private static final String SAN = BuilderTrust.GENERIC + "@refs/tags/v2.1.0";

  @Test
  void genuineProvenanceVerifies() throws Exception {
    FakeBundle good = bundle(SAN, extensions(SAN, REPO, "refs/tags/v1.0.0"), predicate(SAN, REPO, "tag", "refs/tags/v1.0.0"),
        ARTIFACT);
    ArtifactVerification result = verify(good, expect("github.com/o/r", Optional.of("v1.0.0"), Optional.empty(),
        Optional.of(BuilderTrust.GENERIC + "@v2.1.0")));
    assertTrue(result.isVerified(), result.checks().toString());
    assertEquals(SAN, result.verified().orElseThrow().builder().toString());
  }

  @Test
  void builderOnABranchIsNotTrusted() throws Exception {
    String san = BuilderTrust.GENERIC + "@refs/heads/main";
    FakeBundle bundle = bundle(san, extensions(san, REPO, "refs/heads/main"), predicate(san, REPO, "branch", "refs/heads/main"),
        ARTIFACT);
    assertEquals("slsa.builder", problem(verify(bundle, expect("github.com/o/r", Optional.empty(), Optional.empty(),
        Optional.empty()))));
  }

  @Test
  void anyOtherWorkflowIsNotTrusted() throws Exception {
    String san = REPO + "/.github/workflows/release.yml@refs/tags/v1.0.0";
    FakeBundle bundle = bundle(san, extensions(san, REPO, "refs/tags/v1.0.0"), predicate(SAN, REPO, "tag", "refs/tags/v1.0.0"),
        ARTIFACT);
    assertEquals("slsa.builder", problem(verify(bundle, expect("github.com/o/r", Optional.empty(), Optional.empty(),
        Optional.empty()))));
  }

  @Test
  void provenanceClaimingAnotherRepositoryThanTheCertificateFails() throws Exception {
    // The certificate (evidence) says o/r; the signed provenance claims o/other.
    String other = "https://github.com/o/other";
    FakeBundle bundle = bundle(SAN, extensions(SAN, REPO, "refs/heads/main"), predicate(SAN, other, "branch", "refs/heads/main"),
        ARTIFACT);
    assertEquals("slsa.source", problem(verify(bundle, expect("github.com/o/r", Optional.empty(), Optional.empty(),
        Optional.empty()))));
    assertEquals("slsa.source", problem(verify(bundle, expect("github.com/o/other", Optional.empty(), Optional.empty(),
        Optional.empty()))));
  }

  @Test
  void certificateWithoutTriggerOrCommitFails() throws Exception {
    GithubExtensions bare = new GithubExtensions(SAN, "", "github-hosted", REPO, "", "refs/heads/main", "1", "", "", "", "",
        "", "", "public");
    FakeBundle bundle = bundle(SAN, bare, predicate(SAN, REPO, "branch", "refs/heads/main"), ARTIFACT);
    assertEquals("slsa.source", problem(verify(bundle, expect("github.com/o/r", Optional.empty(), Optional.empty(),
        Optional.empty()))));
  }

  @Test
  void tamperedBundlesFailInTheBundleChecks() throws Exception {
    for (Tamper tamper : List.of(Tamper.DSSE_PAYLOAD, Tamper.SIGNATURE, Tamper.INCLUSION_PROOF_HASH, Tamper.SET_SIGNATURE)) {
      FakeBundle bundle = bundle(SAN, extensions(SAN, REPO, "refs/heads/main"),
          predicate(SAN, REPO, "branch", "refs/heads/main"), ARTIFACT, tamper);
      ArtifactVerification result = verify(bundle, expect("github.com/o/r", Optional.empty(), Optional.of("main"),
          Optional.empty()));
      assertTrue(!result.isVerified() && !problem(result).startsWith("slsa."), tamper + ": " + result.checks());
    }
  }

  @Test
  void otherArtifactIsNotASubject() throws Exception {
    FakeBundle bundle = bundle(SAN, extensions(SAN, REPO, "refs/heads/main"), predicate(SAN, REPO, "branch", "refs/heads/main"),
        "another artifact".getBytes(StandardCharsets.UTF_8));
    assertEquals("statement.subject", problem(verify(bundle, expect("github.com/o/r", Optional.empty(), Optional.empty(),
        Optional.empty()))));
  }
}
