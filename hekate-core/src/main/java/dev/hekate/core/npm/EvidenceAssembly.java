package dev.hekate.core.npm;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.tlog.VerifiedLogEntry;
import dev.hekate.core.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict's evidence: what a person follows up — where the build came from (the provenance's
 * claims, once the certificate confirmed them), who signed, and where both signatures are logged.
 * Built from verified bundles only.
 */
final class EvidenceAssembly {
  private EvidenceAssembly() {}

  static Evidence of(NpmVerifier.Input input, ProvenanceClaims claims, FulcioExtensions certificate,
      VerifiedBundle publish, VerifiedBundle provenance) {
    List<Evidence.LogEntry> entries = new ArrayList<>();
    addEntries(entries, VerdictCheck.PUBLISH, publish);
    addEntries(entries, VerdictCheck.PROVENANCE, provenance);
    String keyId = publish.signingKey() instanceof SigningKey.Key key ? key.keyId() : "";
    return new Evidence(
        claims.repository(),
        claims.commit(),
        claims.ref(),
        claims.workflowPath().isEmpty() ? "" : claims.workflowPath() + "@" + claims.ref(),
        claims.runUrl(),
        claims.builderId(),
        claims.buildType(),
        certificate.runnerEnvironment().isEmpty() ? claims.runnerEnvironment() : certificate.runnerEnvironment(),
        claims.event(),
        claims.repositoryId(),
        claims.ownerId(),
        String.join(", ", provenance.subjectAlternativeNames()),
        keyId,
        input.document().dist().integrity().orElse(""),
        input.tarball().map(TarballDigests::sha512Hex).orElse(""),
        input.publishedAt(),
        entries);
  }

  private static void addEntries(List<Evidence.LogEntry> entries, String label, VerifiedBundle bundle) {
    for (VerifiedLogEntry entry : bundle.logEntries()) {
      String url = entry.integratedTime().isPresent() && !entry.baseUrl().isEmpty()
          ? entry.baseUrl().replaceAll("/+$", "") + "/api/v1/log/entries?logIndex=" + entry.logIndex()
          : "";
      entries.add(new Evidence.LogEntry(label, entry.logIndex(), url, entry.integratedTime()));
    }
  }
}
