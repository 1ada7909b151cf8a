package dev.hekate.datadog;

import java.time.Duration;

/** Waits between attempts. Injected so that tests record the waits instead of sleeping. */
@FunctionalInterface
public interface Waiter {
  /** The real thing: {@link Thread#sleep(Duration)}. */
  Waiter SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
