package dev.hekate.core.result;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The record of one bundle verification: which planned checks ran and how they ended. Each stage
 * runs its checks through {@link #run}; the first failure stops the pipeline ({@link Stop}). A
 * check that runs more than once (once per log entry) passes only if every run passed.
 *
 * <p>{@link #attempt} is the one place where a check's exception becomes an outcome: a
 * {@link VerificationException} is FAILED with its kind, any other exception is Hekate's own fault
 * and becomes {@link Outcome#ERROR}, never FAILED.
 */
public final class Checks {
  private final Map<CheckId, CheckResult> results = new LinkedHashMap<>();
  private final Set<CheckId> planned = EnumSet.noneOf(CheckId.class);

  /** Raised to stop the pipeline at the first check that did not pass; the result is already recorded. */
  public static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  /** A check's body: returns what it established, or throws how it failed. */
  public interface Step<T> {
    T run() throws VerificationException;
  }

  /** A check's body that establishes nothing but that it passed. */
  public interface VoidStep {
    void run() throws VerificationException;
  }

  /** What one attempt at a check produced: the value when it passed, and its result. */
  public record Attempt<T>(Optional<T> value, CheckResult result) {}

  /**
   * Runs one check body and turns how it ended into a result. The caller decides what a result
   * that did not pass means for the rest of its pipeline.
   */
  public static <T> Attempt<T> attempt(CheckId id, String detail, Step<T> step) {
    try {
      T value = step.run();
      return new Attempt<>(Optional.ofNullable(value), CheckResult.passed(id, detail));
    } catch (VerificationException e) {
      return new Attempt<>(Optional.empty(), CheckResult.failed(e));
    } catch (RuntimeException e) {
      // A bug, or input some decoder did not expect: Hekate could not decide, so the answer is
      // ERROR — never VERIFIED, never "the evidence FAILED", never a stack trace to the user.
      return new Attempt<>(Optional.empty(), CheckResult.error(id,
          "internal error while checking " + id.wireName() + " (" + e.getClass().getSimpleName() + ")", e));
    }
  }

  /** As {@link #attempt(CheckId, String, Step)} for a body that returns nothing: its result. */
  public static CheckResult result(CheckId id, String detail, VoidStep step) {
    return attempt(id, detail, () -> {
      step.run();
      return null;
    }).result();
  }

  public void plan(CheckId... ids) {
    planned.addAll(List.of(ids));
  }

  /** Runs a planned check; stops the pipeline unless it passed. */
  public <T> T run(CheckId id, String detail, Step<T> step) throws Stop {
    planned.add(id);
    Attempt<T> attempt = attempt(id, detail, step);
    if (attempt.result().outcome() != Outcome.PASSED) {
      results.put(id, attempt.result());
      throw new Stop();
    }
    results.putIfAbsent(id, attempt.result());
    return attempt.value().orElse(null);
  }

  public void run(CheckId id, String detail, VoidStep step) throws Stop {
    run(id, detail, () -> {
      step.run();
      return null;
    });
  }

  public void passed(CheckId id, String detail) {
    planned.add(id);
    results.putIfAbsent(id, CheckResult.passed(id, detail));
  }

  /**
   * Records a check whose evidence was partly set aside ({@link CheckResult#warning(CheckId,
   * String)}): it does not stop the pipeline and does not keep the result from verifying.
   */
  public void warned(CheckId id, String detail) {
    planned.add(id);
    results.put(id, CheckResult.warning(id, detail));
  }

  /** Records a result reached outside {@link #run} (an {@link #attempt}'s); stops the pipeline unless it passed. */
  public void record(CheckResult result) throws Stop {
    planned.add(result.id());
    results.put(result.id(), result);
    if (result.outcome() != Outcome.PASSED && result.outcome() != Outcome.WARNING) {
      throw new Stop();
    }
  }

  /** Records a failure found outside a step; throw what it returns. */
  public Stop fail(VerificationException e) {
    results.put(e.check(), CheckResult.failed(e));
    planned.add(e.check());
    return new Stop();
  }

  /**
   * Fail-closed guard for the orchestrator: a planned check that never ran although nothing
   * stopped the pipeline is Hekate's fault, so it is recorded as an ERROR and the result can never
   * be verified by omission.
   */
  public void errorUnrun() {
    for (CheckId id : planned) {
      if (!results.containsKey(id)) {
        results.put(id, CheckResult.error(id, "internal error: a planned check did not run",
            new IllegalStateException("planned check " + id.wireName() + " did not run")));
      }
    }
  }

  /** Every planned check ran and PASSED, or ended WARNING (evidence set aside, never a failure). */
  public boolean allPassed() {
    return planned.stream().allMatch(id -> results.containsKey(id)
        && (results.get(id).outcome() == Outcome.PASSED || results.get(id).outcome() == Outcome.WARNING));
  }

  /** Every result, then the planned checks that never ran, in pipeline order. */
  public List<CheckResult> results() {
    List<CheckResult> list = new ArrayList<>(results.values());
    for (CheckId id : planned) {
      if (!results.containsKey(id)) {
        list.add(CheckResult.notRun(id));
      }
    }
    return list;
  }
}
