package dev.hekate.core.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;

/** Reads the body of {@code GET /repos/{owner}/{repo}/actions/runs/{run_id}}. */
final class WorkflowRunParser {
  private static final String WHERE = "workflow run";

  private WorkflowRunParser() {}

  /**
   * The run in {@code body}. Fields Hekate does not use are ignored; a field it uses that is
   * missing or of the wrong type is an error. Only {@code conclusion} may be null (a run still
   * in progress has none).
   *
   * @throws JsonFormatException if the body is not JSON, breaks a limit, or lacks a field
   */
  static WorkflowRun parse(byte[] body, int maxBytes) throws JsonFormatException {
    JsonNode root = Json.parse(body, maxBytes, WHERE);
    if (!root.isObject()) {
      throw new JsonFormatException(WHERE + " must be a JSON object");
    }
    long id = positive(root, "id");
    String headSha = Json.string(root, "head_sha", WHERE);
    String path = Json.string(root, "path", WHERE);
    long attempt = positive(root, "run_attempt");
    if (attempt > Integer.MAX_VALUE) {
      throw new JsonFormatException(WHERE + ".run_attempt is out of range");
    }
    String event = Json.string(root, "event", WHERE);
    String status = Json.string(root, "status", WHERE);
    String conclusion = Json.optionalString(root, "conclusion", WHERE).orElse("");
    String htmlUrl = Json.string(root, "html_url", WHERE);
    String fullName = Json.string(Json.object(root, "repository", WHERE), "full_name", WHERE + ".repository");
    return new WorkflowRun(id, headSha, path, (int) attempt, event, status, conclusion, htmlUrl, fullName);
  }

  /** A positive JSON integer; unlike {@link Json#integer}, GitHub never sends these as strings. */
  private static long positive(JsonNode parent, String field) throws JsonFormatException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
      throw new JsonFormatException(WHERE + "." + field + " must be a positive integer");
    }
    return node.longValue();
  }
}
