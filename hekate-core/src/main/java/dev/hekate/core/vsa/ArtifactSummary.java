package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * @param policy {@code predicate.policy} when the decision was made against a document the caller
 *     sent (an in-toto layout: its digest); empty: the deployment's policy document
 * @param companion Hekate's own account of the decision, written as
 *     {@value VerificationSummary#COMPANION}; its values already bounded by whoever made it, and the
 *     whole held under {@value #MAX_COMPANION_BYTES} bytes here
 */
public record ArtifactSummary(List<Subject> subjects, String resourceUri, List<InputAttestation> inputAttestations,
    boolean passed, List<String> verifiedLevels, ObjectNode companion, Optional<InputAttestation> policy) {

  /** A summary under the deployment's own policy document. */
  public ArtifactSummary(List<Subject> subjects, String resourceUri, List<InputAttestation> inputAttestations,
      boolean passed, List<String> verifiedLevels, ObjectNode companion) {
    this(subjects, resourceUri, inputAttestations, passed, verifiedLevels, companion, Optional.empty());
  }

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
    companion = bounded(companion.deepCopy());
    Objects.requireNonNull(policy, "policy");
  }

  /**
   * VERIFIED, FAILED or MISSING for a decision; empty when the first problem is not one (ERROR: a
   * fault inside Hekate; UNKNOWN: it could not look) — a signature never vouches for that.
   */
  static Optional<String> status(boolean verified, Optional<CheckResult> firstProblem) {
    if (verified) {
      return Optional.of("VERIFIED");
    }
    return firstProblem.map(CheckResult::outcome)
        .filter(o -> o == Outcome.FAILED || o == Outcome.MISSING)
        .map(Outcome::name);
  }

  /**
   * A verification's answer ({@code {"verified", "checks", ...}}) as a companion field: with its
   * {@code status}, and at most {@value VerificationSummary#MAX_FINDINGS} checks ({@code checksOmitted}
   * counts the rest).
   */
  static ObjectNode companion(ObjectNode answer, String status) {
    ObjectNode companion = answer.deepCopy();
    companion.put("status", status);
    if (companion.get("checks") instanceof ArrayNode checks && checks.size() > VerificationSummary.MAX_FINDINGS) {
      int omitted = checks.size() - VerificationSummary.MAX_FINDINGS;
      while (checks.size() > VerificationSummary.MAX_FINDINGS) {
        checks.remove(checks.size() - 1);
      }
      companion.put("checksOmitted", omitted);
    }
    return companion;
  }

  /** Most bytes of JSON the companion field takes; a longer one is written compact. */
  public static final int MAX_COMPANION_BYTES = 128 * 1024;
  /** Longest detail, expected, actual or message value a compact companion keeps as is. */
  public static final int COMPACT_VALUE = 64;
  /** The fields of checks and findings that quote the evidence: the ones a compact companion cuts. */
  private static final java.util.Set<String> QUOTING = java.util.Set.of("detail", "expected", "actual", "message");

  /**
   * The companion as given when its JSON fits {@value #MAX_COMPANION_BYTES} bytes; else with every
   * {@code detail}, {@code expected}, {@code actual} and {@code message} over {@value #COMPACT_VALUE}
   * characters cut ({@link UntrustedText#jsonValue(String, int)}; the mark's length and SHA-256 are
   * of the value as the answer gave it, itself already bounded at 512 characters). Ids, outcomes,
   * the builder and the source stay whole. Only values every character of which the JSON writer
   * escapes, at their 512-character bound, make a companion that long; the companions hold at most
   * 50 findings or checks, so the compact one always fits — one that does not is a Hekate bug, and
   * throws.
   */
  private static ObjectNode bounded(ObjectNode companion) {
    if (fits(companion)) {
      return companion;
    }
    cutStrings(companion);
    if (!fits(companion)) {
      throw new IllegalStateException("a summary's companion does not fit " + MAX_COMPANION_BYTES + " bytes even compact");
    }
    return companion;
  }

  private static boolean fits(ObjectNode node) {
    return Json.write(node).getBytes(StandardCharsets.UTF_8).length <= MAX_COMPANION_BYTES;
  }

  private static void cutStrings(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (value.isTextual() && QUOTING.contains(name)) {
          object.put(name, UntrustedText.jsonValue(value.asText(), COMPACT_VALUE));
        } else {
          cutStrings(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(ArtifactSummary::cutStrings);
    }
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
    if (this.policy.isPresent()) {
      this.policy.get().uri().ifPresent(uri -> policyNode.put("uri", uri.toString()));
      policyNode.putObject("digest").put("sha256", this.policy.get().sha256());
    } else {
      policyNode.put("uri", policy.uri().toString());
      policyNode.putObject("digest").put("sha256", policy.sha256());
    }
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
