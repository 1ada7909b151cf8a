package dev.hekate.core.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.statement.InTotoStatement;

/**
 * Reads a SLSA provenance v0.2 or v1 predicate from a verified in-toto statement
 * ({@code slsa.provenance}). Fields slsa-verifier reads lazily are read here without judging them:
 * an absent one is left empty and fails the check that needs it.
 */
public final class ProvenanceParser {
  private ProvenanceParser() {}

  /** @throws VerificationException {@link CheckId#SLSA_PROVENANCE} for another predicate type or a predicate that is not an object */
  public static Provenance parse(InTotoStatement statement) throws VerificationException {
    JsonNode predicate = statement.predicate();
    if (!predicate.isObject()) {
      throw VerificationException.invalid(CheckId.SLSA_PROVENANCE, "the statement's predicate is not an object");
    }
    return switch (statement.predicateType()) {
      case Provenance.V02 -> v02(statement, predicate);
      case Provenance.V1 -> v1(statement, predicate);
      default -> throw VerificationException.mismatch(CheckId.SLSA_PROVENANCE,
          "the statement is not a SLSA provenance", Provenance.V02 + " or " + Provenance.V1, statement.predicateType());
    };
  }

  private static Provenance v02(InTotoStatement statement, JsonNode predicate) {
    String buildType = text(predicate.path("buildType"));
    return new Provenance(Provenance.V02, buildType,
        text(predicate.path("builder").path("id")),
        text(predicate.path("materials").path(0).path("uri")),
        text(predicate.path("invocation").path("configSource").path("uri")),
        statement.subjects(),
        predicate.path("invocation").path("environment"),
        // slsa-github-generator's delegator writes GITHUB_* names; its older builders github_*.
        BuilderTrust.BYOB_BUILD_TYPE.equals(buildType));
  }

  private static Provenance v1(InTotoStatement statement, JsonNode predicate) {
    JsonNode definition = predicate.path("buildDefinition");
    JsonNode internal = definition.path("internalParameters");
    return new Provenance(Provenance.V1,
        text(definition.path("buildType")),
        text(predicate.path("runDetails").path("builder").path("id")),
        text(definition.path("resolvedDependencies").path(0).path("uri")),
        workflowTrigger(text(internal.path("GITHUB_WORKFLOW_REF"))),
        statement.subjects(),
        internal,
        true);
  }

  /** {@code OWNER/REPO/PATH@REF} as {@code git+https://github.com/OWNER/REPO@REF}, or empty when malformed. */
  private static String workflowTrigger(String workflowRef) {
    String[] parts = workflowRef.split("@", -1);
    if (parts.length != 2 || parts[1].isEmpty()) {
      return "";
    }
    String[] path = parts[0].split("/", -1);
    if (path.length < 2) {
      return "";
    }
    return "git+https://github.com/" + path[0] + "/" + path[1] + "@" + parts[1];
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : "";
  }
}
