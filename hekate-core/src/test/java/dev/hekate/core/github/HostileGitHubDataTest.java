package dev.hekate.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.testdata.Hostile;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GitHub's workflow run answer is unsigned: every field the parser reads, and every comparison made
 * with it, ends in linear time on hostile values of about 4 MiB ({@link Hostile}), with the
 * documented outcome — a {@link WorkflowRun} or {@link JsonFormatException}, then a list of
 * mismatches. The bound catches quadratic blow-ups (minutes at these sizes), not slow machines.
 */
class HostileGitHubDataTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final int MAX = 8 << 20;
  private static final List<String> STRING_FIELDS = List.of("head_sha", "path", "event", "status", "conclusion",
      "html_url");

  static Stream<Arguments> valuesInFields() {
    return Stream.concat(STRING_FIELDS.stream(), Stream.of("repository.full_name"))
        .flatMap(field -> Hostile.strings().stream().map(value -> Arguments.of(field, value)));
  }

  /**
   * A hostile string in a field: the run parses (the parser takes any string) and is compared with
   * honest claims; a run whose path is hostile is also compared with a hostile claimed path, the
   * case that was quadratic (leading slashes cut one at a time).
   */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("valuesInFields")
  void aHostileValueInAnyFieldEndsInLinearTime(String field, Hostile.Value value) {
    ObjectNode run = GitHubFixtures.run();
    if (field.equals("repository.full_name")) {
      ((ObjectNode) run.get("repository")).put("full_name", value.text());
    } else {
      run.put(field, value.text());
    }
    byte[] body = GitHubFixtures.bytes(run);
    assertTimeoutPreemptively(BOUND, () -> {
      WorkflowRun parsed = WorkflowRunParser.parse(body, MAX);
      RunComparison.compare(parsed, GitHubFixtures.HEAD_SHA, GitHubFixtures.WORKFLOW, "1", "push");
      RunComparison.compare(parsed, value.text(), value.text(), value.text(), value.text());
    }, field + ": " + value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#documents")
  void aHostileDocumentIsRefusedInLinearTime(Hostile.Document document) {
    assertTimeoutPreemptively(BOUND,
        () -> assertThrows(JsonFormatException.class, () -> WorkflowRunParser.parse(document.json(), MAX)),
        document.toString());
  }

  /** The case fixed in issue 11: a claimed path of 4 MiB of slashes no longer costs minutes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hekate.testdata.Hostile#strings")
  void aHostileWorkflowPathIsNormalisedInLinearTime(Hostile.Value value) {
    String path = assertTimeoutPreemptively(BOUND,
        () -> RunComparison.workflowPath(value.text() + GitHubFixtures.WORKFLOW, "sigstore/sigstore-js"));
    if (value.name().equals("slashes") || value.name().equals("dot-slashes")) {
      assertEquals(GitHubFixtures.WORKFLOW, path);
    }
  }
}
