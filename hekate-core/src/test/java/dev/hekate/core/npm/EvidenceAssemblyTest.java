package dev.hekate.core.npm;

import static dev.hekate.core.npm.NpmStageFixture.PACKAGE;
import static dev.hekate.core.npm.NpmStageFixture.SIGSTORE;
import static dev.hekate.core.npm.NpmStageFixture.digests;
import static dev.hekate.core.npm.NpmStageFixture.document;
import static dev.hekate.core.npm.NpmStageFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.verify.VerifiedBundle;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link EvidenceAssembly}: the verdict's evidence, from verified bundles only — the provenance's
 * claims once the certificate confirmed them, the certificate's runner over the provenance's, the
 * npm key and the signer, and each bundle's log entries with a link to the log.
 */
class EvidenceAssemblyTest {
  private static VerifiedBundle publish;
  private static VerifiedBundle provenance;
  private static ProvenanceClaims claims;

  @BeforeAll
  static void verifyTheBundles() throws Exception {
    publish = NpmStageFixture.publish();
    provenance = NpmStageFixture.provenance();
    claims = ProvenanceParser.parse(provenance.statement().orElseThrow());
  }

  private static FulcioExtensions certificate() {
    return provenance.fulcioExtensions().orElseThrow();
  }

  @Test
  void theEvidenceIsTheVerifiedSourceSignerAndLogEntries() throws Exception {
    Evidence evidence = EvidenceAssembly.of(input(PACKAGE.name(), document(), Optional.of(digests(PACKAGE.tarball()))),
        claims, certificate(), publish, provenance);

    assertEquals(claims.repository(), evidence.sourceRepository());
    assertEquals(PACKAGE.gitHead(), evidence.commit());
    assertEquals(claims.workflowPath() + "@" + claims.ref(), evidence.workflow());
    assertEquals(claims.runUrl(), evidence.runUrl());
    assertEquals(PACKAGE.identity(), evidence.signerIdentity());
    assertEquals(SIGSTORE.npmKey().keyId(), evidence.npmKeyId());
    assertEquals(PACKAGE.integrity(), evidence.integrity());
    assertEquals(digests(PACKAGE.tarball()).sha512Hex(), evidence.tarballSha512());
    assertEquals(Optional.of(PACKAGE.publishedAt()), evidence.publishedAt());
    assertEquals(List.of(VerdictCheck.PUBLISH, VerdictCheck.PROVENANCE),
        evidence.logEntries().stream().map(Evidence.LogEntry::attestation).toList());
    for (Evidence.LogEntry entry : evidence.logEntries()) {
      assertTrue(entry.integratedTime().isPresent(), entry::toString);
      assertTrue(entry.entryUrl().endsWith("/api/v1/log/entries?logIndex=" + entry.logIndex()), entry::toString);
    }
  }

  @Test
  void withoutAFetchedTarballItsDigestIsEmpty() {
    assertEquals("", EvidenceAssembly.of(input(), claims, certificate(), publish, provenance).tarballSha512());
  }

  @Test
  void theOriginComesFromTheCertificateAndAGapStaysEmpty() {
    ProvenanceClaims selfHosted = new ProvenanceClaims(claims.platform(), claims.builderId(), claims.buildType(),
        claims.repository(), claims.commit(), claims.ref(), claims.workflowPath(), claims.runId(), claims.runAttempt(),
        claims.repositoryId(), claims.ownerId(), claims.event(), "self-hosted");
    FulcioExtensions silent = new FulcioExtensions(Predicates.GITHUB_ISSUER, "", "", "", "", "", "", "", "", "", "", "",
        "", "", "", "", "", "", "", "");

    assertEquals("github-hosted",
        EvidenceAssembly.of(input(), selfHosted, certificate(), publish, provenance).runnerEnvironment());
    Evidence fromSilent = EvidenceAssembly.of(input(), selfHosted, silent, publish, provenance);
    // The provenance's word never fills what the certificate does not say.
    assertEquals("", fromSilent.runnerEnvironment());
    assertEquals("", fromSilent.repositoryId());
    assertEquals("", fromSilent.ownerId());
    assertEquals("", fromSilent.runUrl());
    assertEquals("", fromSilent.sourceRepository());
  }

  @Test
  void anOlderCertificateGivesTheRepositoryCommitRefAndTriggerFromItsGitHubExtensions() {
    FulcioExtensions older = new FulcioExtensions(Predicates.GITHUB_ISSUER, "", "", "", "", "", "", "", "", "", "", "",
        "", "", "", "release", "a".repeat(40), "Release", "owner/repo", "refs/tags/v1.0.0");

    Evidence evidence = EvidenceAssembly.of(input(), claims, older, publish, provenance);

    assertEquals("https://github.com/owner/repo", evidence.sourceRepository());
    assertEquals("a".repeat(40), evidence.commit());
    assertEquals("refs/tags/v1.0.0", evidence.ref());
    assertEquals("release", evidence.event());
  }
}
