package dev.hekate.lambda.store;

import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.RegistryAnswer.Difference;
import dev.hekate.core.store.RegistryAnswer.Part;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.StoredVerdict;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import dev.hekate.core.store.VersionKey.PackageKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link VerdictStore} on one DynamoDB table (docs/store.md, "DynamoDB"): partition key
 * {@code pk} (the registry and the package name), sort key {@code sk} ({@code v#<version>} for a
 * version's record, {@code c#<version>#<revision>#<n>} for its changes, {@code cursor}).
 *
 * <p>A record is committed by one conditional {@code PutItem} of the version's item: the write
 * carries a revision number and succeeds only if the stored revision is still the one read, so
 * concurrent records of a version are serialised (the loser re-reads and compares again, at most
 * {@value #MAX_ATTEMPTS} times). The changes a record finds ride in that same item
 * ({@code pending}), so the record and its changes are written together or not at all; the next
 * record of the version copies them into change items of their own (idempotent writes with
 * deterministic keys) before it may replace them. {@link #changes} reads both.
 *
 * <p>The verdict JSON is stored gzip-compressed, keeping items under DynamoDB's 400 KB; a verdict
 * that does not fit even so is a {@link StoreException}. Every failure of the SDK is a
 * {@link StoreException} naming the table and the operation. Building opens no connection (safe in
 * a SnapStart snapshot).
 */
public final class DynamoDbVerdictStore implements VerdictStore {
  /** Optimistic attempts of one record before it gives up. */
  static final int MAX_ATTEMPTS = 100;
  /** The most compressed verdict bytes an item takes, leaving room for the rest of the item. */
  static final int MAX_VERDICT_BYTES = 350 * 1024;

  private static final String VERSION_PREFIX = "v#";
  private static final String CHANGE_PREFIX = "c#";
  private static final String CURSOR_SK = "cursor";

  private final String table;
  private final DynamoDbClient client;

  /**
   * A store on {@code table} through {@code client}, which it owns and closes. The client is
   * configured by the caller ({@link #clientBuilder} gives Hekate's HTTP client and timeouts).
   */
  public DynamoDbVerdictStore(String table, DynamoDbClient client) {
    this.table = Objects.requireNonNull(table, "table");
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * A store on {@code table}, with region and credentials from the environment (on Lambda: its
   * region and the function's role) and, when given, {@code endpoint} instead of DynamoDB's own.
   */
  public static DynamoDbVerdictStore create(String table, Optional<URI> endpoint) {
    return new DynamoDbVerdictStore(table, clientBuilder(endpoint).build());
  }

  /**
   * A DynamoDB client builder over the JDK's HttpURLConnection: 2 s to connect, 3 s between reads,
   * 4 s per attempt and 10 s per call with the SDK's retries; {@code endpoint} when given.
   */
  public static DynamoDbClientBuilder clientBuilder(Optional<URI> endpoint) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(3))
            .build())
        .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(4))
            .apiCallTimeout(Duration.ofSeconds(10)));
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public Optional<StoredVerdict> find(VersionKey key) throws StoreException {
    Map<String, AttributeValue> item = getVersionItem(key, "find");
    return item.isEmpty() ? Optional.empty() : Optional.of(decodeVerdict(key, item));
  }

  @Override
  public List<AnswerChange> record(VersionKey key, Check check) throws StoreException {
    Objects.requireNonNull(check, "check");
    SdkBytes verdict = compress(check.verdictJson());
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Map<String, AttributeValue> stored = getVersionItem(key, "record");
      Map<String, AttributeValue> item = versionItem(key, check, verdict);
      List<AnswerChange> changes;
      PutItemRequest.Builder put = PutItemRequest.builder().tableName(table);
      if (stored.isEmpty()) {
        changes = List.of();
        item.put("firstSeen", s(check.at().toString()));
        item.put("rev", n(BigInteger.ONE));
        put.conditionExpression("attribute_not_exists(pk)");
      } else {
        StoredVerdict before = decodeVerdict(key, stored);
        BigInteger revision = number(stored, "rev");
        // The changes of the stored revision get their own items before this write replaces them.
        materialise(key, stored, revision);
        changes = before.answer().differencesTo(check.answer()).stream()
            .map(d -> new AnswerChange(key, check.at(), d)).toList();
        item.put("firstSeen", s(before.firstSeen().toString()));
        item.put("rev", n(revision.add(BigInteger.ONE)));
        if (!changes.isEmpty()) {
          item.put("pending", AttributeValue.fromL(changes.stream().map(c -> AttributeValue.fromM(pendingEntry(c))).toList()));
        }
        put.conditionExpression("#rev = :rev").expressionAttributeNames(Map.of("#rev", "rev"))
            .expressionAttributeValues(Map.of(":rev", n(revision)));
      }
      try {
        // The builder copies the item: given once it is complete.
        client.putItem(put.item(item).build());
        return changes;
      } catch (ConditionalCheckFailedException e) {
        backOff(attempt);
      } catch (SdkException e) {
        throw failed("record", e);
      }
    }
    throw new StoreException(where("record") + " gave up after " + MAX_ATTEMPTS
        + " attempts: other writers kept changing " + key.name() + "@" + key.version());
  }

  @Override
  public List<AnswerChange> changes(VersionKey key) throws StoreException {
    // The version item first: change items of its revision and earlier are all written by the time
    // it is (each record writes the previous revision's), so they and its pending ones are the
    // history as of that revision, whatever is written meanwhile.
    Map<String, AttributeValue> stored = getVersionItem(key, "changes");
    if (stored.isEmpty()) {
      return List.of();
    }
    BigInteger revision = number(stored, "rev");
    // The sort key orders by revision, then by position within it: the order they were recorded.
    Map<String, AnswerChange> bySk = new TreeMap<>();
    for (Map<String, AttributeValue> item : itemsWithPrefix(key.packageKey(), changePrefix(key), "changes")) {
      // A version that starts with this one's and '#' shares the prefix; its items name it.
      if (text(item, "version").equals(key.version()) && number(item, "rev").compareTo(revision) <= 0) {
        bySk.put(text(item, "sk"), decodeChange(key, item));
      }
    }
    List<AnswerChange> pending = decodePending(key, stored);
    for (int i = 0; i < pending.size(); i++) {
      bySk.putIfAbsent(changeSk(key, revision, i), pending.get(i));
    }
    return List.copyOf(bySk.values());
  }

  @Override
  public List<StoredVerdict> versions(PackageKey pkg) throws StoreException {
    List<StoredVerdict> versions = new ArrayList<>();
    for (Map<String, AttributeValue> item : itemsWithPrefix(pkg, VERSION_PREFIX, "versions")) {
      versions.add(decodeVerdict(new VersionKey(pkg.registry(), pkg.name(), text(item, "version")), item));
    }
    return versions;
  }

  @Override
  public Optional<Instant> cursor(PackageKey pkg) throws StoreException {
    Map<String, AttributeValue> item = getItem(pkg, CURSOR_SK, "cursor");
    if (item.isEmpty()) {
      return Optional.empty();
    }
    BigInteger nanos = number(item, "coveredUpTo");
    BigInteger[] parts = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    if (parts[1].signum() < 0) {
      parts[0] = parts[0].subtract(BigInteger.ONE);
      parts[1] = parts[1].add(BigInteger.valueOf(1_000_000_000L));
    }
    return Optional.of(Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValue()));
  }

  @Override
  public void advanceCursor(PackageKey pkg, Instant coveredUpTo) throws StoreException {
    Objects.requireNonNull(coveredUpTo, "coveredUpTo");
    // Nanoseconds since the epoch, a number: compared by value in the condition, and lossless.
    BigInteger nanos = BigInteger.valueOf(coveredUpTo.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(coveredUpTo.getNano()));
    try {
      client.updateItem(r -> r.tableName(table)
          .key(Map.of("pk", s(pk(pkg)), "sk", s(CURSOR_SK)))
          .updateExpression("SET #t = :t, #registry = :registry, #name = :name")
          .conditionExpression("attribute_not_exists(#t) OR #t < :t")
          .expressionAttributeNames(Map.of("#t", "coveredUpTo", "#registry", "registry", "#name", "name"))
          .expressionAttributeValues(Map.of(":t", n(nanos), ":registry", s(pkg.registry()), ":name", s(pkg.name()))));
    } catch (ConditionalCheckFailedException e) {
      // The cursor is already at or past coveredUpTo: a late run leaves it there.
    } catch (SdkException e) {
      throw failed("advanceCursor", e);
    }
  }

  @Override
  public void close() throws StoreException {
    try {
      client.close();
    } catch (SdkException e) {
      throw failed("close", e);
    }
  }

  // --- items ---

  /** {@code <length of the registry>:<registry><name>}: no registry and name can run into another pair's. */
  static String pk(PackageKey pkg) {
    return pkg.registry().length() + ":" + pkg.registry() + pkg.name();
  }

  private static String changePrefix(VersionKey key) {
    return CHANGE_PREFIX + key.version() + "#";
  }

  /** Fixed-width numbers, so that the sort key orders changes by revision, then position. */
  private static String changeSk(VersionKey key, BigInteger revision, int index) {
    return changePrefix(key) + String.format("%020d#%02d", revision, index);
  }

  private Map<String, AttributeValue> versionItem(VersionKey key, Check check, SdkBytes verdict) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s(pk(key.packageKey())));
    item.put("sk", s(VERSION_PREFIX + key.version()));
    item.put("registry", s(key.registry()));
    item.put("name", s(key.name()));
    item.put("version", s(key.version()));
    item.put("status", s(check.status()));
    check.tier().ifPresent(t -> item.put("tier", s(t)));
    item.put("regression", AttributeValue.fromBool(check.regression()));
    item.put("verdict", AttributeValue.fromB(verdict));
    RegistryAnswer answer = check.answer();
    answer.attestationsSha256().ifPresent(a -> item.put("attestations", s(a)));
    item.put("integrity", s(answer.integrity()));
    answer.publishedAt().ifPresent(p -> item.put("publishedAt", s(p.toString())));
    item.put("signatures", s(answer.signaturesSha256()));
    item.put("lastChecked", s(check.at().toString()));
    return item;
  }

  private static Map<String, AttributeValue> pendingEntry(AnswerChange change) {
    Difference d = change.difference();
    return Map.of("at", s(change.at().toString()), "part", s(d.part().wireName()), "before", s(d.before()),
        "after", s(d.after()));
  }

  /** Writes the stored revision's pending changes as change items; writing one twice writes the same item. */
  private void materialise(VersionKey key, Map<String, AttributeValue> stored, BigInteger revision)
      throws StoreException {
    List<AttributeValue> pending = stored.containsKey("pending") ? stored.get("pending").l() : List.of();
    for (int i = 0; i < pending.size(); i++) {
      Map<String, AttributeValue> item = new HashMap<>(pending.get(i).m());
      item.put("pk", s(pk(key.packageKey())));
      item.put("sk", s(changeSk(key, revision, i)));
      item.put("version", s(key.version()));
      item.put("rev", n(revision));
      try {
        client.putItem(r -> r.tableName(table).item(item));
      } catch (SdkException e) {
        throw failed("record", e);
      }
    }
  }

  /** Every item of {@code pkg} whose sort key starts with {@code prefix}, read consistently, all pages. */
  private List<Map<String, AttributeValue>> itemsWithPrefix(PackageKey pkg, String prefix, String operation)
      throws StoreException {
    try {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      client.queryPaginator(QueryRequest.builder().tableName(table)
          .consistentRead(true)
          .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
          .expressionAttributeValues(Map.of(":pk", s(pk(pkg)), ":prefix", s(prefix)))
          .build()).items().forEach(items::add);
      return items;
    } catch (SdkException e) {
      throw failed(operation, e);
    }
  }

  private Map<String, AttributeValue> getVersionItem(VersionKey key, String operation) throws StoreException {
    return getItem(key.packageKey(), VERSION_PREFIX + key.version(), operation);
  }

  private Map<String, AttributeValue> getItem(PackageKey pkg, String sk, String operation) throws StoreException {
    try {
      GetItemResponse response = client.getItem(r -> r.tableName(table).consistentRead(true)
          .key(Map.of("pk", s(pk(pkg)), "sk", s(sk))));
      return response.hasItem() ? response.item() : Map.of();
    } catch (SdkException e) {
      throw failed(operation, e);
    }
  }

  private StoredVerdict decodeVerdict(VersionKey key, Map<String, AttributeValue> item) throws StoreException {
    RegistryAnswer answer = new RegistryAnswer(optionalText(item, "attestations"), text(item, "integrity"),
        optionalText(item, "publishedAt").isPresent() ? Optional.of(instant(item, "publishedAt")) : Optional.empty(),
        text(item, "signatures"));
    AttributeValue regression = item.get("regression");
    AttributeValue verdict = item.get("verdict");
    if (regression == null || regression.bool() == null || verdict == null || verdict.b() == null) {
      throw malformed(item, "regression or verdict");
    }
    return new StoredVerdict(key, text(item, "status"), optionalText(item, "tier"), regression.bool(),
        decompress(verdict.b()), answer, instant(item, "firstSeen"), instant(item, "lastChecked"));
  }

  private AnswerChange decodeChange(VersionKey key, Map<String, AttributeValue> item) throws StoreException {
    Part part = Part.fromWireName(text(item, "part")).orElseThrow(() -> malformed(item, "part"));
    return new AnswerChange(key, instant(item, "at"), new Difference(part, text(item, "before"), text(item, "after")));
  }

  private List<AnswerChange> decodePending(VersionKey key, Map<String, AttributeValue> stored) throws StoreException {
    List<AnswerChange> pending = new ArrayList<>();
    if (stored.containsKey("pending")) {
      for (AttributeValue entry : stored.get("pending").l()) {
        pending.add(decodeChange(key, entry.m()));
      }
    }
    return pending;
  }

  private String text(Map<String, AttributeValue> item, String attribute) throws StoreException {
    AttributeValue value = item.get(attribute);
    if (value == null || value.s() == null) {
      throw malformed(item, attribute);
    }
    return value.s();
  }

  private static Optional<String> optionalText(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    return value == null ? Optional.empty() : Optional.ofNullable(value.s());
  }

  private BigInteger number(Map<String, AttributeValue> item, String attribute) throws StoreException {
    AttributeValue value = item.get(attribute);
    try {
      if (value != null && value.n() != null) {
        return new BigInteger(value.n());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw malformed(item, attribute);
  }

  private Instant instant(Map<String, AttributeValue> item, String attribute) throws StoreException {
    try {
      return Instant.parse(text(item, attribute));
    } catch (DateTimeParseException e) {
      throw malformed(item, attribute);
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(BigInteger value) {
    return AttributeValue.fromN(value.toString());
  }

  // --- verdict compression ---

  private SdkBytes compress(String json) throws StoreException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StoreException(where("record") + ": could not compress the verdict", e);
    }
    if (bytes.size() > MAX_VERDICT_BYTES) {
      throw new StoreException(where("record") + ": the verdict is " + bytes.size()
          + " bytes compressed, more than the " + MAX_VERDICT_BYTES + " an item can hold");
    }
    return SdkBytes.fromByteArray(bytes.toByteArray());
  }

  private String decompress(SdkBytes verdict) throws StoreException {
    try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(verdict.asByteArrayUnsafe()))) {
      return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException(where("read") + ": a stored verdict is not gzip", e);
    }
  }

  // --- failures ---

  private static void backOff(int attempt) throws StoreException {
    long capMillis = Math.min(100, 2L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, capMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("DynamoDB record interrupted", e);
    }
  }

  private String where(String operation) {
    return "DynamoDB table " + table + ", " + operation;
  }

  private StoreException failed(String operation, SdkException e) {
    return new StoreException(where(operation) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  private StoreException malformed(Map<String, AttributeValue> item, String attribute) {
    return new StoreException(where("read") + ": item " + optionalText(item, "sk").orElse("?")
        + " has no valid " + attribute);
  }
}
