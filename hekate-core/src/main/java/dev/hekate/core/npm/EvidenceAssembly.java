package dev.hekate.core.npm;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.registry.RepositoryUrl;
import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.tlog.VerifiedLogEntry;
import dev.hekate.core.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict's evidence: what a person follows up — where the build came from, who signed, and
 * where both signatures are logged. Built from verified bundles only, and the build's origin
 * (repository and its ids, commit, ref, workflow, trigger, run, runner) from the Fulcio
 * certificate alone: the CI platform wrote it there from its own OIDC token, while the provenance
 * is what the build says about itself. Where Fulcio did not set a value (certificates from before
 * its 2023 extensions carry no ids, run or runner), the evidence leaves it empty rather than take
 * the provenance's word; the provenance's claims were compared with the certificate where both
 * speak ({@link ProvenanceCorrelation}). Only the builder and build type, which no certificate
 * carries, come from the (signed) provenance.
 */
final class EvidenceAssembly {
  private EvidenceAssembly() {}

  static Evidence of(NpmVerifier.Input input, ProvenanceClaims claims, FulcioExtensions certificate,
      VerifiedBundle publish, VerifiedBundle provenance) {
    List<Evidence.LogEntry> entries = new ArrayList<>();
    addEntries(entries, VerdictCheck.PUBLISH, publish);
    addEntries(entries, VerdictCheck.PROVENANCE, provenance);
    String keyId = publish.signingKey() instanceof SigningKey.Key key ? key.keyId() : "";
    String repository = certificate.repository();
    return new Evidence(
        repository,
        certificate.commit(),
        certificate.ref(),
        workflow(certificate, provenance.subjectAlternativeNames(), repository),
        certificate.runInvocationUri(),
        claims.builderId(),
        claims.buildType(),
        certificate.runnerEnvironment(),
        certificate.trigger(),
        certificate.sourceRepositoryIdentifier(),
        certificate.sourceRepositoryOwnerIdentifier(),
        String.join(", ", provenance.subjectAlternativeNames()),
        keyId,
        input.document().dist().integrity().orElse(""),
        input.tarball().map(TarballDigests::sha512Hex).orElse(""),
        input.publishedAt(),
        entries);
  }

  /**
   * The top-level workflow as {@code path@ref}: the build configuration Fulcio names, or — on an
   * older certificate — the identity itself when it is a workflow of the source repository (a
   * reusable builder's identity, such as slsa-github-generator's, names no caller workflow).
   */
  static String workflow(FulcioExtensions certificate, List<String> sans, String repository) {
    if (repository.isEmpty()) {
      return "";
    }
    // GitHub writes <repository>/<path>@<ref>, GitLab <project>//<path>@<ref>.
    String prefix = repository + (certificate.issuer().equals(Predicates.GITLAB_ISSUER) ? "//" : "/");
    String config = certificate.buildConfigUri();
    if (config.isEmpty()) {
      config = sans.stream().filter(san -> san.startsWith(prefix)).findFirst().orElse("");
    }
    return config.startsWith(prefix) ? config.substring(prefix.length()) : config;
  }

  private static void addEntries(List<Evidence.LogEntry> entries, String label, VerifiedBundle bundle) {
    for (VerifiedLogEntry entry : bundle.logEntries()) {
      String url = entry.integratedTime().isPresent() && !entry.baseUrl().isEmpty()
          ? RepositoryUrl.withoutTrailingSlashes(entry.baseUrl()) + "/api/v1/log/entries?logIndex=" + entry.logIndex()
          : "";
      entries.add(new Evidence.LogEntry(label, entry.logIndex(), url, entry.integratedTime()));
    }
  }
}
