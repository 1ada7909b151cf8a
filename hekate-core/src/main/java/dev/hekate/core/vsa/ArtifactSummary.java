package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.json.Json;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A decision about artifacts, as the SLSA Verification Summary Attestation (predicate
 * {@value VerificationSummary#PREDICATE_TYPE}) in an in-toto Statement v1 that every kind of
 * summary shares: the npm verdict's ({@link VerificationSummary}), the SLSA artifact verification's
 * ({@link SlsaArtifactSummary}). What differs between them is what they name and decide; this
 * writes the statement, so the fields are laid out once.
 *
 * <p>Only decisions are summarised: a verification that could not look, or failed inside Hekate,
 * has no summary — whoever builds one must not build it then.
 *
 * @param subjects what was verified, at least one, each named and digested
 * @param resourceUri {@code predicate.resourceUri}: the resource the artifacts were verified as
 * @param inputAttestations every attestation the decision read, in order; may be empty
 * @param passed {@code verificationResult} PASSED, else FAILED
 * @param verifiedLevels {@code verifiedLevels}; {@code ["FAILED"]} for a FAILED summary
 * @param companion Hekate's own account of the decision, written as
 *     {@value VerificationSummary#COMPANION}; its values already bounded by whoever made it
 */
public record ArtifactSummary(List<Subject> subjects, String resourceUri, List<InputAttestation> inputAttestations,
    boolean passed, List<String> verifiedLevels, ObjectNode companion) {

  /** One {@code subject}: a name (bounded by whoever took it from untrusted input) and a digest. */
  public record Subject(String name, Digest digest) {
    public Subject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(digest, "digest");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a subject needs a name");
      }
    }
  }

  /**
   * One entry of {@code inputAttestations}: where it was read, when it was read from somewhere, and
   * the SHA-256 of its bytes, lower-case hex.
   */
  public record InputAttestation(Optional<URI> uri, String sha256) {
    public InputAttestation {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  public ArtifactSummary {
    subjects = List.copyOf(subjects);
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("a summary names at least one subject");
    }
    Objects.requireNonNull(resourceUri, "resourceUri");
    inputAttestations = List.copyOf(inputAttestations);
    verifiedLevels = List.copyOf(verifiedLevels);
    if (!passed && !verifiedLevels.equals(List.of(VerifiedLevels.FAILED))) {
      throw new IllegalArgumentException("a FAILED summary's only level is FAILED");
    }
    companion = companion.deepCopy();
  }

  @Override
  public ObjectNode companion() {
    return companion.deepCopy();
  }

  /**
   * The statement, as {@code verifier} under {@code policy} reached it at {@code timeVerified}
   * (written in whole seconds, UTC).
   */
  public ObjectNode statement(VerifierIdentity verifier, VsaPolicy policy, Instant timeVerified) {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(timeVerified, "timeVerified");
    ObjectNode statement = Json.newObject();
    statement.put("_type", VerificationSummary.STATEMENT_TYPE);
    ArrayNode subjectNodes = statement.putArray("subject");
    for (Subject subject : subjects) {
      ObjectNode node = subjectNodes.addObject();
      node.put("name", subject.name());
      node.putObject("digest").put(subject.digest().algorithm(), subject.digest().hex());
    }
    statement.put("predicateType", VerificationSummary.PREDICATE_TYPE);
    ObjectNode predicate = statement.putObject("predicate");
    ObjectNode verifierNode = predicate.putObject("verifier");
    verifierNode.put("id", verifier.id().toString());
    verifierNode.putObject("version").put("hekate", verifier.version());
    predicate.put("timeVerified", timeVerified.truncatedTo(ChronoUnit.SECONDS).toString());
    predicate.put("resourceUri", resourceUri);
    ObjectNode policyNode = predicate.putObject("policy");
    policyNode.put("uri", policy.uri().toString());
    policyNode.putObject("digest").put("sha256", policy.sha256());
    ArrayNode inputs = predicate.putArray("inputAttestations");
    for (InputAttestation input : inputAttestations) {
      ObjectNode node = inputs.addObject();
      input.uri().ifPresent(uri -> node.put("uri", uri.toString()));
      node.putObject("digest").put("sha256", input.sha256());
    }
    predicate.put("verificationResult", passed ? "PASSED" : "FAILED");
    ArrayNode levels = predicate.putArray("verifiedLevels");
    verifiedLevels.forEach(levels::add);
    predicate.put("slsaVersion", "1.0");
    predicate.set(VerificationSummary.COMPANION, companion.deepCopy());
    return statement;
  }
}
