package dev.hekate.lambda.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.RegistryAnswer.Part;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DynamoDbVerdictStore} through the real AWS SDK client against dynalite on loopback: the
 * contract, on a fresh table per test, then what is particular to DynamoDB (item size, writers on
 * separate clients, an endpoint that does not answer).
 */
@ExtendWith(DynamoDbVerdictStoreTest.NeedsDynalite.class)
class DynamoDbVerdictStoreTest extends VerdictStoreContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static Dynalite dynalite;

  private String table;

  /** Skips each test, before the contract opens a store, when dynalite cannot run here. */
  static final class NeedsDynalite implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      try {
        Optional<String> reason = Dynalite.skipReason();
        return reason.isPresent() && context.getTestMethod().isPresent()
            ? ConditionEvaluationResult.disabled(reason.get())
            : ConditionEvaluationResult.enabled("dynalite can run, or CI requires it");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ConditionEvaluationResult.disabled("interrupted");
      }
    }
  }

  @BeforeAll
  static void startDynalite() throws Exception {
    Optional<String> skipped = Dynalite.skipReason();
    if (skipped.isPresent()) {
      System.err.println("DynamoDbVerdictStoreTest: " + skipped.get());
      return;
    }
    dynalite = Dynalite.start();
  }

  @AfterAll
  static void stopDynalite() throws Exception {
    if (dynalite != null) {
      dynalite.close();
    }
  }

  @Override
  protected VerdictStore openFresh() throws Exception {
    table = "hekate-verdicts-" + TABLES.incrementAndGet();
    dynalite.createTable(table);
    return openAgain();
  }

  @Override
  protected VerdictStore openAgain() {
    return new DynamoDbVerdictStore(table, dynalite.client());
  }

  /** A verdict of about {@code bytes} of JSON shaped like a real one: check ids and hex digests. */
  private static String verdictOf(int bytes) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    StringBuilder json = new StringBuilder("{\"status\":\"FAILED\",\"checks\":[");
    for (int i = 0; json.length() < bytes; i++) {
      byte[] digest = sha256.digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
      json.append(i == 0 ? "" : ",").append("{\"id\":\"TLOG_INCLUSION_PROOF\",\"outcome\":\"PASSED\",\"digest\":\"")
          .append(HexFormat.of().formatHex(digest)).append("\"}");
    }
    return json.append("]}").toString();
  }

  private static Check failedCheck(String verdictJson) {
    return new Check(T0, "FAILED", Optional.empty(), false, verdictJson, answer("a", "sha512-1"));
  }

  /** An upper bound of an item's size as DynamoDB counts it: names and values in bytes. */
  private static long itemSize(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(attribute.getValue());
    }
    return size;
  }

  private static long valueSize(AttributeValue value) {
    if (value.s() != null) {
      return value.s().getBytes(StandardCharsets.UTF_8).length;
    }
    if (value.n() != null) {
      return value.n().length() + 1;
    }
    if (value.b() != null) {
      return value.b().asByteArrayUnsafe().length;
    }
    if (value.hasL()) {
      return 3 + value.l().stream().mapToLong(v -> 1 + valueSize(v)).sum();
    }
    if (value.hasM()) {
      return 3 + itemSize(value.m()) + value.m().size();
    }
    return 1;
  }

  @Test
  void aThreeHundredKilobyteVerdictIsStoredCompressedInAnItemWellUnder400Kilobytes() throws Exception {
    String verdict = verdictOf(300 * 1024);
    VersionKey key = key("big", "1.0.0");
    store.record(key, failedCheck(verdict));

    try (DynamoDbClient client = dynalite.client()) {
      Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table)
          .key(Map.of("pk", AttributeValue.fromS(DynamoDbVerdictStore.pk(key.packageKey())),
              "sk", AttributeValue.fromS("v#1.0.0")))).item();
      byte[] stored = item.get("verdict").b().asByteArray();
      assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, new byte[] {stored[0], stored[1]}, "gzip");
      assertTrue(stored.length < verdict.length() / 2, "compressed: " + stored.length + " bytes");
      assertTrue(itemSize(item) < 400 * 1024, "item of " + itemSize(item) + " bytes");
    }
    assertEquals(verdict, store.find(key).orElseThrow().verdictJson());
  }

  @Test
  void aMegabyteVerdictFitsOnlyBecauseItIsCompressed() throws Exception {
    String verdict = verdictOf(1024 * 1024);
    VersionKey key = key("bigger", "1.0.0");
    store.record(key, failedCheck(verdict));
    assertEquals(verdict, store.find(key).orElseThrow().verdictJson());
  }

  @Test
  void aVerdictTooLargeEvenCompressedIsAStoreExceptionAndNothingIsWritten() throws Exception {
    byte[] noise = new byte[400 * 1024];
    new Random(12).nextBytes(noise);
    String verdict = "{\"pad\":\"" + HexFormat.of().formatHex(noise) + "\"}";
    VersionKey key = key("huge", "1.0.0");
    StoreException e = assertThrows(StoreException.class, () -> store.record(key, failedCheck(verdict)));
    assertTrue(e.getMessage().contains(table), e.getMessage());
    assertEquals(Optional.empty(), store.find(key));
  }

  @Test
  void writersOnTwoClientsAreSerialisedAndLoseNoChange() throws Exception {
    VersionKey key = key("two-clients", "1.0.0");
    int each = 10;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (VerdictStore other = openAgain()) {
      List<Future<Integer>> results = new ArrayList<>();
      for (VerdictStore writer : List.of(store, other)) {
        int offset = writer == store ? 0 : 1000;
        results.add(threads.submit(() -> {
          int found = 0;
          for (int i = 0; i < each; i++) {
            found += writer.record(key, check(T0.plusSeconds(offset + i), "VERIFIED",
                answer("a", "sha512-" + (offset + i)))).size();
          }
          return found;
        }));
      }
      int returned = 0;
      for (Future<Integer> result : results) {
        returned += result.get(60, TimeUnit.SECONDS);
      }
      // Each record after the first changes integrity and signatures.
      assertEquals(2 * (2 * each - 1), returned);
      List<AnswerChange> integrity = other.changes(key).stream()
          .filter(c -> c.difference().part() == Part.INTEGRITY).toList();
      assertEquals(2 * each - 1, integrity.size());
      for (int i = 1; i < integrity.size(); i++) {
        assertEquals(integrity.get(i - 1).difference().after(), integrity.get(i).difference().before(), "change " + i);
      }
      assertEquals(store.find(key), other.find(key));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void anEndpointThatNeverAnswersIsAStoreExceptionNotAHang() throws Exception {
    // Accepts connections (the kernel's backlog) and never answers a request.
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        try (VerdictStore unreachable = new DynamoDbVerdictStore("hekate-verdicts", unreachableClient(endpoint))) {
          return assertThrows(StoreException.class, () -> unreachable.find(key("any", "1.0.0")));
        }
      });
      assertTrue(e.getMessage().contains("hekate-verdicts") && e.getMessage().contains("find"), e.getMessage());
    }
  }

  @Test
  void aRefusedConnectionIsAStoreExceptionNamingTheOperation() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    try (VerdictStore unreachable = new DynamoDbVerdictStore("hekate-verdicts", unreachableClient(endpoint))) {
      StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> assertThrows(StoreException.class, () -> unreachable.advanceCursor(
              new VersionKey(REGISTRY, "any", "1.0.0").packageKey(), T0)));
      assertTrue(e.getMessage().contains("hekate-verdicts") && e.getMessage().contains("advanceCursor"), e.getMessage());
    }
  }

  private static DynamoDbClient unreachableClient(URI endpoint) {
    return DynamoDbVerdictStore.clientBuilder(Optional.of(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }
}
