package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.GithubExtensions;
import dev.hekate.testdata.registry.GeneratedNpm;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A package published with provenance from GitLab CI, end to end through {@link NpmVerifier}: the
 * fake Fulcio issues a GitLab certificate (issuer {@code https://gitlab.com}, the .9–.22 claims
 * as Fulcio derives them from GitLab's ID token) and the provenance is the npm CLI's GitLab
 * statement ({@link ProvenanceParserTest#GITLAB_STATEMENT}, its subject set to this tarball).
 */
class NpmVerifierGitLabTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String NAME = "@hekate-group/hekate-project";
  private static final String VERSION = "1.0.0";
  private static final String PROJECT = "https://gitlab.com/hekate-group/hekate-project";
  private static final String COMMIT = "6f1e9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b";
  private static final String SAN = PROJECT + "//.gitlab-ci.yml@refs/heads/main";

  private static Verdict verify() throws Exception {
    byte[] tarball = GeneratedNpm.tarball(NAME, VERSION);
    String sha512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(tarball));
    JsonNode statement = Json.mapper().readTree(ProvenanceParserTest.GITLAB_STATEMENT.replace("ab".repeat(64), sha512));
    GithubExtensions gitLab = new GithubExtensions(SAN, COMMIT, "gitlab-hosted", PROJECT, COMMIT, "refs/heads/main",
        "51234567", "https://gitlab.com/hekate-group", "61234567", SAN, COMMIT, "push", PROJECT + "/-/jobs/6455432118",
        "public");
    FakeBundle provenance = SIGSTORE.bundle()
        .identity(SAN, Predicates.GITLAB_ISSUER)
        .githubExtensions(gitLab)
        .inTotoStatement(statement.at("/subject/0/name").asText(), Map.of("sha512", sha512),
            Predicates.SLSA_V02, Json.write(statement.get("predicate")))
        .build();
    FakeBundle publish = SIGSTORE.bundle().npmPublishAttestation(NAME, VERSION, tarball).signingTime(SIGSTORE.now().plusSeconds(3)).build();

    String integrity = "sha512-" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha512));
    VersionDocument document = new VersionDocument(NAME, VERSION,
        new Dist(Optional.of(integrity), "", "", Optional.empty(), Optional.empty(), List.of()),
        Optional.of(COMMIT), Optional.of("git+" + PROJECT + ".git"), Optional.empty());
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    return verifier.verify(new NpmVerifier.Input(NAME, VERSION, document, Optional.empty(),
        Optional.of(FakeSigstore.npmAttestationsResponse(publish, provenance)), Optional.empty(), false, Optional.empty(),
        RegistryKeys.NOT_PUBLISHED));
  }

  @Test
  void theGitLabCertificateAndBuildTypeAreAccepted() throws Exception {
    Verdict verdict = verify();

    assertEquals(Outcome.PASSED, verdict.check(CheckId.IDENTITY_ISSUER).orElseThrow().outcome(), Verdicts.describe(verdict));
    assertEquals(Outcome.PASSED, verdict.check(CheckId.PROVENANCE_BUILDER).orElseThrow().outcome(), Verdicts.describe(verdict));
  }

  @Test
  void aPackagePublishedFromGitLabCiVerifies() throws Exception {
    Verdict verdict = verify();

    assertEquals(Status.VERIFIED, verdict.status(), Verdicts.describe(verdict));
    assertEquals(PROJECT, verdict.evidence().sourceRepository());
    assertEquals(PROJECT + "/-/jobs/6455432118", verdict.evidence().runUrl());
  }
}
