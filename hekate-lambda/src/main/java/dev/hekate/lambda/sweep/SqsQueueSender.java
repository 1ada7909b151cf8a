package dev.hekate.lambda.sweep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@link QueueSender} over SQS's {@code SendMessageBatch}: the messages go {@value #MAX_ENTRIES} per
 * call (SQS's limit), each with an id unique within the whole send; the entries a call refused,
 * and all of a call that failed outright, are sent once more, again in batches of at most
 * {@value #MAX_ENTRIES}; what is refused then is counted, not retried.
 *
 * <p>The AWS SDK v2 over the JDK's HttpURLConnection. Building it opens no connection and reads no
 * credential (safe in a SnapStart snapshot); the region and credentials come from the Lambda
 * environment ({@code AWS_REGION}, the function's role) at the first call.
 */
public final class SqsQueueSender implements QueueSender {
  /** Entries per {@code SendMessageBatch} call, SQS's limit. */
  public static final int MAX_ENTRIES = 10;

  private final BatchCall call;

  /** One message of a batch: an id unique within the send, and the body. */
  record Entry(String id, String body) {
    Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(body, "body");
    }
  }

  /** One {@code SendMessageBatch} call: the ids of the entries the queue refused; throws when the call failed. */
  @FunctionalInterface
  interface BatchCall {
    List<String> send(List<Entry> entries);
  }

  /**
   * @param queueUrl the queue ({@value SweepSettings#QUEUE_URL})
   * @throws IllegalArgumentException when it is not an https URL
   */
  public SqsQueueSender(String queueUrl) {
    this(sqs(queueUrl));
  }

  /** For tests: calls that go somewhere other than SQS. */
  SqsQueueSender(BatchCall call) {
    this.call = Objects.requireNonNull(call, "call");
  }

  @Override
  public Sent send(List<String> bodies) {
    List<Entry> entries = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      entries.add(new Entry("m" + i, bodies.get(i)));
    }
    List<String> failedCalls = new ArrayList<>();
    List<Entry> retry = new ArrayList<>();
    for (List<Entry> batch : batches(entries)) {
      retry.addAll(refused(batch, failedCalls));
    }
    int stillRefused = 0;
    for (List<Entry> batch : batches(retry)) {
      stillRefused += refused(batch, failedCalls).size();
    }
    return new Sent(stillRefused, failedCalls);
  }

  private static List<List<Entry>> batches(List<Entry> entries) {
    List<List<Entry>> batches = new ArrayList<>();
    for (int i = 0; i < entries.size(); i += MAX_ENTRIES) {
      batches.add(List.copyOf(entries.subList(i, Math.min(entries.size(), i + MAX_ENTRIES))));
    }
    return batches;
  }

  /** Sends one batch; the entries that did not get in (all of them when the call failed). */
  private List<Entry> refused(List<Entry> batch, List<String> failedCalls) {
    Set<String> refusedIds;
    try {
      refusedIds = Set.copyOf(call.send(batch));
    } catch (RuntimeException e) {
      failedCalls.add(e.getClass().getSimpleName() + ": " + e.getMessage());
      return batch;
    }
    return batch.stream().filter(e -> refusedIds.contains(e.id())).toList();
  }

  private static BatchCall sqs(String queueUrl) {
    Objects.requireNonNull(queueUrl, "queueUrl");
    if (!queueUrl.startsWith("https://")) {
      throw new IllegalArgumentException(SweepSettings.QUEUE_URL + " must be an https SQS queue URL");
    }
    SqsClient client = SqsClient.builder()
        // AWS SDK client set-up, one per service: each builder is its own type.
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build())
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(15)))
        .build();
    return entries -> client.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(
        entries.stream().map(e -> SendMessageBatchRequestEntry.builder().id(e.id()).messageBody(e.body()).build())
            .toList()))
        .failed().stream().map(BatchResultErrorEntry::id).toList();
  }
}
