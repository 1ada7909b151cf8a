package dev.hekate.core.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.statement.InTotoStatement;
import java.util.List;
import java.util.Objects;

/**
 * The parts of a SLSA provenance (v0.2 or v1) that verify-artifact compares. Read from a signed
 * statement, but each field is a claim of the builder until a check has compared it.
 *
 * @param builderId {@code predicate.builder.id} (v0.2) or {@code runDetails.builder.id} (v1); may be empty
 * @param sourceUri the first material (v0.2) or resolved dependency (v1); empty when there is none
 * @param triggerUri the workflow that ran: {@code invocation.configSource.uri} (v0.2) or built from
 *     {@code internalParameters.GITHUB_WORKFLOW_REF} (v1); empty when absent or malformed
 * @param parameters {@code invocation.environment} (v0.2) or {@code buildDefinition.internalParameters} (v1);
 *     a missing node when absent
 * @param upperCaseParameters whether the parameter names are upper case ({@code GITHUB_REF}), as
 *     in v1 and in v0.2 delegator provenance, or lower case ({@code github_ref})
 */
public record Provenance(
    String predicateType,
    String buildType,
    String builderId,
    String sourceUri,
    String triggerUri,
    List<InTotoStatement.Subject> subjects,
    JsonNode parameters,
    boolean upperCaseParameters) {

  public static final String V02 = "https://slsa.dev/provenance/v0.2";
  public static final String V1 = "https://slsa.dev/provenance/v1";

  public Provenance {
    Objects.requireNonNull(predicateType, "predicateType");
    Objects.requireNonNull(buildType, "buildType");
    Objects.requireNonNull(builderId, "builderId");
    Objects.requireNonNull(sourceUri, "sourceUri");
    Objects.requireNonNull(triggerUri, "triggerUri");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(parameters, "parameters");
  }
}
