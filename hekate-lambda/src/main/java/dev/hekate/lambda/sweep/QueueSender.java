package dev.hekate.lambda.sweep;

import java.util.List;
import java.util.Objects;

/**
 * Sends messages to the sweep queue, at most {@value #MAX_ENTRIES} per call (SQS's
 * {@code SendMessageBatch} limit). Injected so that the planner's tests need no AWS.
 */
@FunctionalInterface
public interface QueueSender {
  int MAX_ENTRIES = 10;

  /**
   * Sends one batch.
   *
   * @param entries 1..{@value #MAX_ENTRIES}, ids unique within the call
   * @return the ids of the entries the queue did not accept (empty when all were)
   * @throws RuntimeException when the call itself failed (then no entry counts as sent)
   */
  List<String> sendBatch(List<Entry> entries);

  /** One message: an id unique within its batch, and the body. */
  record Entry(String id, String body) {
    public Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(body, "body");
    }
  }
}
