package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the unsigned facts a registry would hold about a version out of an attestations response:
 * the provenance statement's commit and repository, the subject digest, and the log time. It
 * verifies nothing; it only keeps the fake registry's metadata consistent with the evidence.
 */
final class AttestationsReader {

  static final String SLSA_PROVENANCE_PREFIX = "https://slsa.dev/provenance/";

  private AttestationsReader() {}

  /** The first entry whose signed statement (or, failing that, outer label) is SLSA provenance. */
  static Optional<JsonNode> provenanceEntry(JsonNode response) {
    for (JsonNode entry : response.path("attestations")) {
      if (statement(entry).path("predicateType").asText("").startsWith(SLSA_PROVENANCE_PREFIX)) {
        return Optional.of(entry);
      }
    }
    for (JsonNode entry : response.path("attestations")) {
      if (entry.path("predicateType").asText("").startsWith(SLSA_PROVENANCE_PREFIX)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** The in-toto statement in an entry's DSSE payload, or a missing node when it does not decode. */
  static JsonNode statement(JsonNode entry) {
    String payload = entry.path("bundle").path("dsseEnvelope").path("payload").asText("");
    try {
      return RegistryJson.parse(Base64.getDecoder().decode(payload));
    } catch (RuntimeException e) {
      return MissingNode.getInstance();
    }
  }

  /** The commit built: v0.2 {@code invocation.environment.GITHUB_SHA}, v1 {@code resolvedDependencies[0].digest.gitCommit}. */
  static Optional<String> gitHead(JsonNode statement) {
    JsonNode predicate = statement.path("predicate");
    String v02 = predicate.at("/invocation/environment/GITHUB_SHA").asText("");
    if (!v02.isEmpty()) {
      return Optional.of(v02);
    }
    String v1 = predicate.at("/buildDefinition/resolvedDependencies/0/digest/gitCommit").asText("");
    return v1.isEmpty() ? Optional.empty() : Optional.of(v1);
  }

  /**
   * The source repository as npm's manifest writes it, {@code git+https://github.com/o/r.git}: from
   * v0.2 {@code invocation.environment.GITHUB_REPOSITORY} ({@code o/r}) or v1
   * {@code externalParameters.workflow.repository} ({@code https://github.com/o/r}).
   */
  static Optional<String> repositoryUrl(JsonNode statement) {
    JsonNode predicate = statement.path("predicate");
    String v02 = predicate.at("/invocation/environment/GITHUB_REPOSITORY").asText("");
    if (!v02.isEmpty()) {
      return Optional.of("git+https://github.com/" + v02 + ".git");
    }
    String v1 = predicate.at("/buildDefinition/externalParameters/workflow/repository").asText("");
    return v1.isEmpty() ? Optional.empty() : Optional.of("git+" + v1 + ".git");
  }

  /** The first subject's SHA-512 digest (hex), as npm statements carry it. */
  static Optional<String> subjectSha512(JsonNode statement) {
    String hex = statement.at("/subject/0/digest/sha512").asText("");
    return hex.isEmpty() ? Optional.empty() : Optional.of(hex);
  }

  /** The bundle's first tlog entry's integrated time (absent for Rekor v2 entries). */
  static Optional<Instant> integratedTime(JsonNode entry) {
    String t = entry.at("/bundle/verificationMaterial/tlogEntries/0/integratedTime").asText("");
    return t.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
  }
}
