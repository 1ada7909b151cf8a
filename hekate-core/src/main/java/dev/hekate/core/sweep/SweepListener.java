package dev.hekate.core.sweep;

import java.util.List;

/**
 * Follows a sweep as it goes. The engine calls a listener from one thread at a time (calls are
 * serialised), so implementations need no locking; they should return quickly, since workers wait
 * for them. A listener that throws is reported in {@link SweepSummary#listenerFailures()} and
 * does not stop the sweep.
 */
public interface SweepListener {

  /** Before the first package. */
  default void started(int packages, SweepWindow window) {}

  /** After each package, in completion order. The result is not kept by the engine. */
  void packageSwept(PackageResult result);

  /** After the last package. */
  default void finished(SweepSummary summary) {}

  /** Every listener of {@code listeners}, in order. */
  static SweepListener all(SweepListener... listeners) {
    List<SweepListener> list = List.of(listeners);
    return new SweepListener() {
      @Override
      public void started(int packages, SweepWindow window) {
        list.forEach(l -> l.started(packages, window));
      }

      @Override
      public void packageSwept(PackageResult result) {
        list.forEach(l -> l.packageSwept(result));
      }

      @Override
      public void finished(SweepSummary summary) {
        list.forEach(l -> l.finished(summary));
      }
    };
  }
}
