package dev.hekate.lambda.sweep;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * {@link QueueSender} over SQS's {@code SendMessageBatch}, with the AWS SDK v2 over the JDK's
 * HttpURLConnection. Building it opens no connection and reads no credential (safe in a
 * SnapStart snapshot); the region and credentials come from the Lambda environment
 * ({@code AWS_REGION}, the function's role) at the first call.
 */
public final class SqsQueueSender implements QueueSender {
  private final String queueUrl;
  private final SqsClient client;

  public SqsQueueSender(String queueUrl) {
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    if (!queueUrl.startsWith("https://")) {
      throw new IllegalArgumentException(SweepSettings.QUEUE_URL + " must be an https SQS queue URL");
    }
    this.client = SqsClient.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build())
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(15)))
        .build();
  }

  @Override
  public List<String> sendBatch(List<Entry> entries) {
    if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("a batch holds 1.." + MAX_ENTRIES + " entries");
    }
    SendMessageBatchResponse response = client.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(
        entries.stream().map(e -> SendMessageBatchRequestEntry.builder().id(e.id()).messageBody(e.body()).build())
            .toList()));
    return response.failed().stream().map(BatchResultErrorEntry::id).toList();
  }
}
