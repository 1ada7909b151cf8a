package dev.hekate.core.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one worker body on several daemon threads and waits for all of them: the sweep's and the
 * lockfile verification's bounded concurrency. An interrupt of the waiting thread is passed on to
 * every worker (after {@code onInterrupt}, which tells the workers to take no new work) and
 * reported to the caller, who restores the interrupt flag when it is done.
 */
public final class Workers {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private Workers() {}

  /**
   * @param name the threads' name prefix ({@code hekate-sweep} gives {@code hekate-sweep-1}, ...)
   * @return whether the waiting thread was interrupted
   */
  public static boolean runAll(Runnable worker, int threads, String name, Runnable onInterrupt) {
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(worker, name + "-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      workers.add(thread);
      thread.start();
    }
    boolean interrupted = false;
    for (Thread thread : workers) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          onInterrupt.run();
          workers.forEach(Thread::interrupt);
        }
      }
    }
    return interrupted;
  }
}
