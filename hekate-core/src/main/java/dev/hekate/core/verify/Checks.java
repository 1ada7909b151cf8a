package dev.hekate.core.verify;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.VerificationException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The record of one verification: which planned checks ran and how they ended. A check that runs
 * more than once (once per log entry) passes only if every run passed.
 */
final class Checks {
  private final Map<CheckId, CheckResult> results = new LinkedHashMap<>();
  private final Set<CheckId> planned = EnumSet.noneOf(CheckId.class);

  /** Raised to stop the pipeline at the first failure; the failure is already recorded. */
  static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  interface Step<T> {
    T run() throws VerificationException;
  }

  interface VoidStep {
    void run() throws VerificationException;
  }

  void plan(CheckId... ids) {
    planned.addAll(List.of(ids));
  }

  <T> T run(CheckId id, String detail, Step<T> step) throws Stop {
    planned.add(id);
    try {
      T value = step.run();
      passed(id, detail);
      return value;
    } catch (VerificationException e) {
      throw fail(e);
    } catch (RuntimeException e) {
      // A bug, or input some decoder did not expect: never VERIFIED, never a raw stack trace.
      results.put(id, CheckResult.failed(VerificationException.failed(id,
          "internal error while checking (" + e.getClass().getSimpleName() + ")", e)));
      throw new Stop();
    }
  }

  void run(CheckId id, String detail, VoidStep step) throws Stop {
    run(id, detail, () -> {
      step.run();
      return null;
    });
  }

  void passed(CheckId id, String detail) {
    planned.add(id);
    results.putIfAbsent(id, CheckResult.passed(id, detail));
  }

  /** Records a failure found outside a step. */
  Stop fail(VerificationException e) {
    results.put(e.check(), CheckResult.failed(e));
    planned.add(e.check());
    return new Stop();
  }

  /**
   * Fail-closed guard for the orchestrator: a planned check that never ran is recorded as an
   * internal error, so the result can never be verified by omission.
   */
  void failUnrun() {
    for (CheckId id : planned) {
      if (!results.containsKey(id)) {
        results.put(id, CheckResult.failed(VerificationException.failed(id, "internal error: a planned check did not run")));
      }
    }
  }

  boolean allPassed() {
    return planned.stream().allMatch(id -> results.containsKey(id) && results.get(id).outcome() == Outcome.PASSED);
  }

  /** Every result, then the planned checks that never ran, in pipeline order. */
  List<CheckResult> results() {
    List<CheckResult> list = new ArrayList<>(results.values());
    for (CheckId id : planned) {
      if (!results.containsKey(id)) {
        list.add(CheckResult.notRun(id));
      }
    }
    return list;
  }
}
