package dev.hekate.core.slsa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.ResultJson;
import java.util.Objects;

/**
 * The JSON form of an {@link ArtifactVerification}, written by {@code hekate verify-artifact --json}
 * and by {@code POST /v1/slsa/verify}: one writer, so the two never disagree.
 *
 * <pre>{"verified": bool, "checks": [...], "builderId": ..., "sourceUri": ...}</pre>
 *
 * {@code builderId} and {@code sourceUri} are present only when verified: they are then the
 * verified builder and the provenance's source, never what was asked for.
 */
public final class ArtifactVerificationJson {
  private ArtifactVerificationJson() {}

  public static ObjectNode toJson(ArtifactVerification result) {
    Objects.requireNonNull(result, "result");
    ObjectNode node = Json.newObject();
    node.put("verified", result.isVerified());
    node.set("checks", ResultJson.checks(result.checks()));
    result.verified().ifPresent(verified -> {
      node.put("builderId", verified.builder().toString());
      node.put("sourceUri", verified.sourceUri());
    });
    return node;
  }
}
