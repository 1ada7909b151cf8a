package dev.hekate.core.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares what a provenance claims about its workflow run with what GitHub says about that run.
 * Pure: no I/O, no clock.
 *
 * <p>Per field:
 * <ul>
 *   <li>{@link Field#COMMIT}: the claimed commit is the run's {@code head_sha}, ignoring hex case.
 *   <li>{@link Field#WORKFLOW_PATH}: the same file once both sides are normalised: an {@code @ref}
 *       suffix is cut, an {@code https://host/} prefix and then a prefix of the run's own
 *       {@code owner/repo/} (ignoring case, as GitHub does) are dropped, and so are leading
 *       {@code /} and {@code ./}. A workflow in another repository stays qualified and so differs.
 *   <li>{@link Field#RUN_ATTEMPT}: the claim is a positive decimal number no higher than the run's
 *       {@code run_attempt}. GitHub reports the latest attempt, so a later re-run is consistent
 *       with the claim; a run that never reached the claimed attempt is not.
 *   <li>{@link Field#EVENT}: the claimed event is the run's {@code event}, exactly.
 * </ul>
 *
 * <p>An empty expected value is a claim the provenance does not make (see
 * {@link dev.hekate.core.npm.ProvenanceClaims}) and is not compared: the caller decides whether a
 * missing claim is acceptable.
 */
public final class RunComparison {

  /** The fields compared, as stable ids. */
  public enum Field {
    COMMIT,
    WORKFLOW_PATH,
    RUN_ATTEMPT,
    EVENT
  }

  /**
   * One disagreement. Both values are as given, before normalisation.
   *
   * @param field which field disagrees
   * @param expected the provenance's claim
   * @param actual what GitHub says
   */
  public record Mismatch(Field field, String expected, String actual) {
    public Mismatch {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(actual, "actual");
    }
  }

  private RunComparison() {}

  /**
   * The fields on which {@code run} disagrees with the claims, in the order of {@link Field};
   * empty when every claim made matches.
   */
  public static List<Mismatch> compare(
      WorkflowRun run, String expectedCommit, String expectedWorkflowPath, String expectedAttempt, String expectedEvent) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(expectedCommit, "expectedCommit");
    Objects.requireNonNull(expectedWorkflowPath, "expectedWorkflowPath");
    Objects.requireNonNull(expectedAttempt, "expectedAttempt");
    Objects.requireNonNull(expectedEvent, "expectedEvent");
    List<Mismatch> mismatches = new ArrayList<>();
    if (!expectedCommit.isEmpty() && !expectedCommit.equalsIgnoreCase(run.headSha())) {
      mismatches.add(new Mismatch(Field.COMMIT, expectedCommit, run.headSha()));
    }
    if (!expectedWorkflowPath.isEmpty()) {
      String repo = run.repositoryFullName();
      if (!workflowPath(expectedWorkflowPath, repo).equals(workflowPath(run.path(), repo))) {
        mismatches.add(new Mismatch(Field.WORKFLOW_PATH, expectedWorkflowPath, run.path()));
      }
    }
    if (!expectedAttempt.isEmpty() && !attemptReached(expectedAttempt, run.runAttempt())) {
      mismatches.add(new Mismatch(Field.RUN_ATTEMPT, expectedAttempt, Integer.toString(run.runAttempt())));
    }
    if (!expectedEvent.isEmpty() && !expectedEvent.equals(run.event())) {
      mismatches.add(new Mismatch(Field.EVENT, expectedEvent, run.event()));
    }
    return List.copyOf(mismatches);
  }

  /** {@code path} as a path inside {@code repository}, without ref, host or leading slash. */
  static String workflowPath(String path, String repository) {
    String p = path;
    int at = p.indexOf('@');
    if (at >= 0) {
      p = p.substring(0, at);
    }
    if (p.regionMatches(true, 0, "https://", 0, 8)) {
      int slash = p.indexOf('/', 8);
      p = slash < 0 ? "" : p.substring(slash + 1);
    }
    String prefix = repository + "/";
    if (!repository.isEmpty() && p.regionMatches(true, 0, prefix, 0, prefix.length())) {
      p = p.substring(prefix.length());
    }
    return withoutLeadingSlashes(p);
  }

  /**
   * {@code p} without the {@code /} and {@code ./} it starts with, in one forward scan: cutting one
   * at a time copied the rest each time, quadratic on a run of slashes in a 1 MiB answer.
   */
  private static String withoutLeadingSlashes(String p) {
    int start = 0;
    while (true) {
      if (p.startsWith("/", start)) {
        start += 1;
      } else if (p.startsWith("./", start)) {
        start += 2;
      } else {
        return p.substring(start);
      }
    }
  }

  /** Whether the claimed attempt is a positive number the run has reached. */
  private static boolean attemptReached(String claimed, int actual) {
    if (!claimed.matches("[0-9]{1,9}")) {
      return false;
    }
    int attempt = Integer.parseInt(claimed);
    return attempt >= 1 && attempt <= actual;
  }
}
