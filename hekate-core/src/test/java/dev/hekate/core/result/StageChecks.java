package dev.hekate.core.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

/**
 * Assertions for a bundle stage called directly on a fresh {@link Checks}: the ids it recorded
 * PASSED, in order, or the one check it stopped at, by id and kind (never by message).
 */
public final class StageChecks {
  private StageChecks() {}

  /** One call of a stage; anything it throws but {@link Checks.Stop} fails the assertion. */
  @FunctionalInterface
  public interface Stage {
    void run(Checks checks) throws Exception;
  }

  /** The ids the stage recorded, in the order it recorded them; every one must have PASSED. */
  public static List<CheckId> passed(Checks checks) {
    List<CheckResult> results = checks.results();
    assertTrue(results.stream().allMatch(r -> r.outcome() == Outcome.PASSED), results::toString);
    return results.stream().map(CheckResult::id).toList();
  }

  /**
   * Runs the stage, which must stop at {@code id} FAILED with {@code kind} (a mismatch carrying
   * expected and actual), every check before it PASSED.
   */
  public static CheckResult assertStops(CheckId id, FailureKind kind, Stage stage) {
    Checks checks = new Checks();
    assertThrows(Checks.Stop.class, () -> stage.run(checks), "the stage did not stop");
    List<CheckResult> results = checks.results();
    List<CheckResult> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
    assertEquals(1, failed.size(), results::toString);
    CheckResult failure = failed.get(0);
    assertEquals(id, failure.id(), failure::toString);
    assertEquals(Optional.of(kind), failure.kind(), failure::toString);
    if (kind == FailureKind.MISMATCH) {
      assertTrue(failure.expected().isPresent() && failure.actual().isPresent(), failure::toString);
    }
    assertTrue(results.stream().allMatch(r -> r == failure || r.outcome() == Outcome.PASSED), results::toString);
    return failure;
  }
}
