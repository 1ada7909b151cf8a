package dev.hekate.lambda.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * dynalite (an open-source DynamoDB-API server on Node.js, in memory) on a loopback port, for the
 * tests of {@link DynamoDbVerdictStore}. It is installed once with npm, at a pinned version, into
 * {@code ${HEKATE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/hekate}/dynalite}, as scripts/validate-template
 * installs aws-cdk-lib. Without node or npm the tests are skipped, unless the environment variable
 * {@code CI} is set: then they fail, since CI must run them.
 */
final class Dynalite implements AutoCloseable {
  static final String VERSION = "4.0.0";

  private final Process process;
  private final URI endpoint;

  private Dynalite(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  URI endpoint() {
    return endpoint;
  }

  /** Installs dynalite if needed, starts it and waits until it answers. */
  static Dynalite start() throws Exception {
    Optional<String> missing = missingTool();
    if (missing.isPresent()) {
      throw new AssertionError(missing.get() + (underCi() ? "; CI is set, so they fail rather than skip" : ""));
    }
    Path dir = cacheDir().resolve("dynalite");
    if (!installed(dir)) {
      install(dir);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("dynalite", ".log");
    Process process = new ProcessBuilder("node", dir.resolve("node_modules/dynalite/cli.js").toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Dynalite dynalite = new Dynalite(process, URI.create("http://127.0.0.1:" + port));
    try {
      dynalite.awaitAnswer(log);
    } catch (Exception | AssertionError e) {
      dynalite.close();
      throw e;
    }
    return dynalite;
  }

  /** A client of this server as the store builds one, with a region and dummy static credentials. */
  DynamoDbClient client() {
    return DynamoDbVerdictStore.clientBuilder(Optional.of(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }

  /** Creates {@code table} with template.yaml's key schema and waits until it is active. */
  void createTable(String table) throws InterruptedException {
    try (DynamoDbClient client = client()) {
      client.createTable(r -> r.tableName(table)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
          .keySchema(
              KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (client.describeTable(r -> r.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("dynalite: table " + table + " did not become active");
        }
        Thread.sleep(20);
      }
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitAnswer(Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (DynamoDbClient client = client()) {
      while (true) {
        try {
          client.listTables();
          return;
        } catch (SdkException e) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError("dynalite did not answer on " + endpoint + ": "
                + Files.readString(log, StandardCharsets.UTF_8), e);
          }
          Thread.sleep(100);
        }
      }
    }
  }

  /** The cache directory scripts/validate-template uses too. */
  static Path cacheDir() {
    Map<String, String> env = System.getenv();
    if (!env.getOrDefault("HEKATE_CACHE", "").isEmpty()) {
      return Path.of(env.get("HEKATE_CACHE"));
    }
    if (!env.getOrDefault("XDG_CACHE_HOME", "").isEmpty()) {
      return Path.of(env.get("XDG_CACHE_HOME"), "hekate");
    }
    return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache", "hekate");
  }

  private static boolean installed(Path dir) throws IOException {
    Path manifest = dir.resolve("node_modules/dynalite/package.json");
    return Files.isRegularFile(manifest)
        && Files.readString(manifest, StandardCharsets.UTF_8).contains("\"version\": \"" + VERSION + "\"");
  }

  private static void install(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("package.json"), "{\"name\":\"hekate-dynalite\",\"private\":true}\n");
    Path log = Files.createTempFile("dynalite-install", ".log");
    Process npm = new ProcessBuilder(List.of("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
        "--no-save", "--ignore-scripts", "--loglevel=error", "dynalite@" + VERSION))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !installed(dir)) {
      npm.destroyForcibly();
      throw new AssertionError("npm could not install dynalite@" + VERSION + " into " + dir + ": "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /**
   * Why the tests cannot run here: node or npm is not on the PATH. Empty when both are, and always
   * empty under CI, where {@link #start} fails instead.
   */
  static Optional<String> skipReason() throws InterruptedException {
    Optional<String> missing = missingTool();
    return underCi() ? Optional.empty() : missing.map(m -> m + "; skipped");
  }

  private static boolean underCi() {
    return !System.getenv().getOrDefault("CI", "").isEmpty();
  }

  /** Looked for once per test run: asked before every test. */
  private static Optional<String> toolLookup;

  private static synchronized Optional<String> missingTool() throws InterruptedException {
    if (toolLookup == null) {
      toolLookup = Optional.empty();
      for (String tool : List.of("node", "npm")) {
        if (!onPath(tool)) {
          toolLookup = Optional.of("the DynamoDB store's tests need " + tool
              + " on the PATH (they run dynalite, a DynamoDB-API server on Node.js)");
          break;
        }
      }
    }
    return toolLookup;
  }

  private static boolean onPath(String tool) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
