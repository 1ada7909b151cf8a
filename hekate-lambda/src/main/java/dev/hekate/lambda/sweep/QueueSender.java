package dev.hekate.lambda.sweep;

import java.util.List;
import java.util.Objects;

/**
 * Sends the planner's messages to the sweep queue, however many there are: how they are cut into
 * the queue's batches, and whether a refused one is tried again, is the sender's business
 * ({@link SqsQueueSender}). Injected so that the planner's tests need no AWS.
 */
@FunctionalInterface
public interface QueueSender {

  /**
   * Sends each body as one message. Never throws for a refusal or a failed call: those are in the
   * result.
   */
  Sent send(List<String> bodies);

  /**
   * How a {@link #send} went.
   *
   * @param refused messages the queue did not take, after the sender's retries
   * @param failedCalls a description of each call to the queue that failed outright (the sender
   *     tried its messages again), for the log
   */
  record Sent(int refused, List<String> failedCalls) {
    public Sent {
      if (refused < 0) {
        throw new IllegalArgumentException("refused must not be negative");
      }
      failedCalls = List.copyOf(Objects.requireNonNull(failedCalls, "failedCalls"));
    }
  }
}
