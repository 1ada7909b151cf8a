package dev.hekate.core.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Workflow-run documents in the shape of GitHub's {@code GET /repos/{owner}/{repo}/actions/runs/{run_id}}
 * (REST API version 2022-11-28, as GitHub's reference documents it), built here. The values are
 * made up; the fields Hekate does not read are there so that the parser is seen to ignore them.
 */
final class GitHubFixtures {
  static final String OWNER = "sigstore";
  static final String REPO = "sigstore-js";
  static final long RUN_ID = 4757060009L;
  static final String HEAD_SHA = "a0f2b1c3d4e5f60718293a4b5c6d7e8f90a1b2c3";
  static final String WORKFLOW = ".github/workflows/release.yml";
  static final String HTML_URL = "https://github.com/sigstore/sigstore-js/actions/runs/4757060009";

  private GitHubFixtures() {}

  /** A completed, successful first attempt of a {@code push} run of the release workflow. */
  static ObjectNode run() {
    ObjectNode run = Json.newObject();
    run.put("id", RUN_ID);
    run.put("name", "Release");
    run.put("node_id", "WFR_kwLOFake0000000");
    run.put("head_branch", "main");
    run.put("head_sha", HEAD_SHA);
    run.put("path", WORKFLOW);
    run.put("display_title", "chore: release");
    run.put("run_number", 312);
    run.put("event", "push");
    run.put("status", "completed");
    run.put("conclusion", "success");
    run.put("workflow_id", 37453117L);
    run.put("check_suite_id", 12604519000L);
    run.put("url", "https://api.github.com/repos/sigstore/sigstore-js/actions/runs/" + RUN_ID);
    run.put("html_url", HTML_URL);
    run.putArray("pull_requests");
    run.put("created_at", "2023-04-20T15:04:05Z");
    run.put("updated_at", "2023-04-20T15:08:41Z");
    run.putObject("actor").put("login", "bdehamer").put("id", 398027).put("type", "User");
    run.put("run_attempt", 1);
    run.putArray("referenced_workflows");
    run.put("run_started_at", "2023-04-20T15:04:05Z");
    run.putObject("head_commit").put("id", HEAD_SHA).put("message", "chore: release")
        .put("timestamp", "2023-04-20T15:03:59Z");
    ObjectNode repository = run.putObject("repository");
    repository.put("id", 495574555L);
    repository.put("name", REPO);
    repository.put("full_name", OWNER + "/" + REPO);
    repository.put("private", false);
    repository.putObject("owner").put("login", OWNER).put("id", 71096353).put("type", "Organization");
    repository.put("html_url", "https://github.com/sigstore/sigstore-js");
    run.set("head_repository", repository.deepCopy());
    return run;
  }

  static String json(ObjectNode node) {
    return Json.write(node);
  }

  static byte[] bytes(ObjectNode node) {
    return json(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The run {@link #run()} describes, as the client returns it. */
  static WorkflowRun workflowRun() {
    return new WorkflowRun(RUN_ID, HEAD_SHA, WORKFLOW, 1, "push", "completed", "success", HTML_URL,
        OWNER + "/" + REPO);
  }
}
