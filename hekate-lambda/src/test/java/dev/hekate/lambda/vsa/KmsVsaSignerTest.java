package dev.hekate.lambda.vsa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hekate.core.vsa.KeyIds;
import dev.hekate.core.vsa.SigningException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * KmsVsaSigner through the real SDK client against a loopback stand-in for KMS's JSON protocol,
 * which checks every request as KMS would and signs with a local P-256 key.
 */
class KmsVsaSignerTest {
  private static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final byte[] MESSAGE = "DSSEv1 28 application/vnd.in-toto+json 2 {}".getBytes(StandardCharsets.UTF_8);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KeyPair kmsKey = ecKey("secp256r1");
  private HttpServer server;
  private URI endpoint;
  /** Requests as the stub received them, in order: target and body. */
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  /** What the stub found wrong with a request (it answers those with a 400). */
  private final List<String> protocolProblems = new CopyOnWriteArrayList<>();

  // How the stub behaves; tests change these before the first request.
  private volatile String keySpec = "ECC_NIST_P256";
  private volatile String keyUsage = "SIGN_VERIFY";
  private volatile List<String> algorithms = List.of("ECDSA_SHA_256");
  private volatile PublicKey servedPublicKey = kmsKey.getPublic();
  private volatile PrivateKey signingKey = kmsKey.getPrivate();
  private volatile String refuse = "";

  record Request(String target, JsonNode body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
    assertEquals(List.of(), protocolProblems, "requests the stand-in for KMS refused");
  }

  private void answer(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    requests.add(new Request(target, body));
    List<String> problems = new ArrayList<>();
    if (!"POST".equals(exchange.getRequestMethod())) {
      problems.add("method " + exchange.getRequestMethod());
    }
    if (!"application/x-amz-json-1.1".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
      problems.add("content type " + exchange.getRequestHeaders().getFirst("Content-Type"));
    }
    String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
    if (!authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        || !authorization.contains("/eu-west-1/kms/aws4_request")) {
      problems.add("not SigV4 for eu-west-1/kms: " + authorization);
    }
    if (!KEY.equals(body.path("KeyId").asText())) {
      problems.add("KeyId " + body.path("KeyId"));
    }
    ObjectNode reply = JSON.createObjectNode().put("KeyId", KEY);
    try {
      if ("TrentService.GetPublicKey".equals(target)) {
        reply.put("PublicKey", Base64.getEncoder().encodeToString(servedPublicKey.getEncoded()))
            .put("KeySpec", keySpec).put("KeyUsage", keyUsage);
        algorithms.forEach(reply.putArray("SigningAlgorithms")::add);
      } else if ("TrentService.Sign".equals(target)) {
        if (!"DIGEST".equals(body.path("MessageType").asText())) {
          problems.add("MessageType " + body.path("MessageType"));
        }
        if (!"ECDSA_SHA_256".equals(body.path("SigningAlgorithm").asText())) {
          problems.add("SigningAlgorithm " + body.path("SigningAlgorithm"));
        }
        byte[] digest = Base64.getDecoder().decode(body.path("Message").asText());
        if (digest.length != 32) {
          problems.add("a DIGEST message of " + digest.length + " bytes");
        }
        // KMS signs a DIGEST message as given: ECDSA over the 32 bytes, no second hash.
        Signature ecdsa = Signature.getInstance("NONEwithECDSA");
        ecdsa.initSign(signingKey);
        ecdsa.update(digest);
        reply.put("Signature", Base64.getEncoder().encodeToString(ecdsa.sign())).put("SigningAlgorithm", "ECDSA_SHA_256");
      } else {
        problems.add("target " + target);
      }
    } catch (GeneralSecurityException e) {
      problems.add(e.toString());
    }
    int status = 200;
    if (!problems.isEmpty()) {
      protocolProblems.addAll(problems);
      status = 400;
      reply = JSON.createObjectNode().put("__type", "ValidationException").put("message", String.join("; ", problems));
    } else if (!refuse.isEmpty() && refuse.equals(target)) {
      status = 400;
      reply = JSON.createObjectNode().put("__type", "AccessDeniedException")
          .put("message", "User: arn:aws:sts::123456789012:assumed-role/hekate-api is not authorized to perform: kms:"
              + target.substring(target.indexOf('.') + 1));
    }
    byte[] bytes = JSON.writeValueAsBytes(reply);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static KmsClient client(URI endpoint) {
    return KmsVsaSigner.clientBuilder(Optional.of(endpoint))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example-secret-key")))
        .build();
  }

  private KmsVsaSigner signer() {
    return new KmsVsaSigner(KEY, Optional.empty(), () -> client(endpoint));
  }

  private long count(String target) {
    return requests.stream().filter(r -> r.target().equals("TrentService." + target)).count();
  }

  @Test
  void theSignatureVerifiesWithTheJdkOverTheOriginalMessage() throws Exception {
    byte[] signature = signer().sign(MESSAGE);

    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(kmsKey.getPublic());
    jdk.update(MESSAGE);
    assertTrue(jdk.verify(signature));
    // A different message does not verify: the signature covers this one.
    jdk.initVerify(kmsKey.getPublic());
    jdk.update("another message".getBytes(StandardCharsets.UTF_8));
    assertFalse(jdk.verify(signature));
  }

  @Test
  void onlyTheDigestIsSentToKms() throws Exception {
    signer().sign(MESSAGE);

    Request sign = requests.stream().filter(r -> r.target().equals("TrentService.Sign")).findFirst().orElseThrow();
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(MESSAGE),
        Base64.getDecoder().decode(sign.body().path("Message").asText()));
    assertEquals("DIGEST", sign.body().path("MessageType").asText());
    assertEquals("ECDSA_SHA_256", sign.body().path("SigningAlgorithm").asText());
  }

  @Test
  void theKeyIdIsThatOfKmssPublicKey() throws Exception {
    KmsVsaSigner signer = signer();
    assertEquals(KeyIds.of(kmsKey.getPublic()), signer.keyId());
    assertArrayEquals(kmsKey.getPublic().getEncoded(), signer.publicKey().getEncoded());
  }

  @Test
  void thePublicKeyIsFetchedOnceForManySignatures() throws Exception {
    KmsVsaSigner signer = signer();
    signer.sign(MESSAGE);
    signer.sign(MESSAGE);
    signer.keyId();
    assertEquals(1, count("GetPublicKey"));
    assertEquals(2, count("Sign"));
  }

  @Test
  void concurrentFirstUsesFetchThePublicKeyOnce() throws Exception {
    AtomicInteger built = new AtomicInteger();
    KmsVsaSigner counting = new KmsVsaSigner(KEY, Optional.empty(), () -> {
      built.incrementAndGet();
      return client(endpoint);
    });
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<byte[]>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> {
        go.await();
        return counting.sign(MESSAGE);
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      tasks.forEach(t -> results.add(pool.submit(t)));
      go.countDown();
      for (Future<byte[]> result : results) {
        assertTrue(result.get().length > 0);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, built.get(), "clients built");
    assertEquals(1, count("GetPublicKey"));
    assertEquals(8, count("Sign"));
    assertEquals(KeyIds.of(kmsKey.getPublic()), counting.keyId());
  }

  @Test
  void constructionMakesNoRequestAndBuildsNoClient() {
    AtomicInteger built = new AtomicInteger();
    new KmsVsaSigner(KEY, Optional.empty(), () -> {
      built.incrementAndGet();
      return client(endpoint);
    });
    KmsVsaSigner.create(KEY, Optional.of(endpoint));
    KmsVsaSigner.create(KEY, Optional.of(endpoint), Optional.of(pem(kmsKey.getPublic())));
    assertEquals(0, built.get());
    assertEquals(List.of(), requests);
  }

  @Test
  void aKeyThatIsNotP256IsRefusedBeforeSigning() {
    for (String spec : List.of("RSA_2048", "ECC_NIST_P384", "ECC_SECG_P256K1")) {
      keySpec = spec;
      SigningException e = assertThrows(SigningException.class, () -> signer().sign(MESSAGE));
      assertTrue(e.getMessage().contains(KEY) && e.getMessage().contains(spec)
          && e.getMessage().contains("ECC_NIST_P256"), e.getMessage());
    }
    assertEquals(0, count("Sign"));
  }

  @Test
  void aKeyForEncryptionIsRefused() {
    keyUsage = "ENCRYPT_DECRYPT";
    SigningException e = assertThrows(SigningException.class, () -> signer().sign(MESSAGE));
    assertTrue(e.getMessage().contains("ENCRYPT_DECRYPT") && e.getMessage().contains("SIGN_VERIFY"), e.getMessage());
    assertEquals(0, count("Sign"));
  }

  @Test
  void aKeyWithoutEcdsaSha256IsRefused() {
    algorithms = List.of("ECDSA_SHA_384");
    SigningException e = assertThrows(SigningException.class, () -> signer().sign(MESSAGE));
    assertTrue(e.getMessage().contains("ECDSA_SHA_256"), e.getMessage());
    assertEquals(0, count("Sign"));
  }

  @Test
  void aPublicKeyOffTheCurveItClaimsIsRefused() {
    servedPublicKey = ecKey("secp384r1").getPublic();
    SigningException e = assertThrows(SigningException.class, () -> signer().sign(MESSAGE));
    assertTrue(e.getMessage().contains("P-256"), e.getMessage());
  }

  @Test
  void anAccessDeniedNamesTheKeyAndTheOperation() {
    refuse = "TrentService.GetPublicKey";
    SigningException e = assertThrows(SigningException.class, () -> signer().sign(MESSAGE));
    assertTrue(e.getMessage().startsWith("KMS GetPublicKey with key " + KEY + " failed: AccessDeniedException: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("not authorized to perform: kms:GetPublicKey"), e.getMessage());
    assertFalse(e.getMessage().contains("\tat "), e.getMessage());
  }

  @Test
  void aRefusedSignNamesSign() {
    refuse = "TrentService.Sign";
    SigningException e = assertThrows(SigningException.class, () -> signer().sign(MESSAGE));
    assertTrue(e.getMessage().startsWith("KMS Sign with key " + KEY + " failed: AccessDeniedException: "),
        e.getMessage());
  }

  @Test
  void aFailedFetchIsNotRemembered() throws Exception {
    refuse = "TrentService.GetPublicKey";
    KmsVsaSigner signer = signer();
    assertThrows(SigningException.class, signer::verifyingKey);
    IllegalStateException unchecked = assertThrows(IllegalStateException.class, signer::keyId);
    assertTrue(unchecked.getCause() instanceof SigningException);
    refuse = "";
    assertEquals(KeyIds.of(kmsKey.getPublic()), signer.keyId());
  }

  @Test
  void aSignatureByAnotherKeyIsRefused() {
    signingKey = ecKey("secp256r1").getPrivate();
    SigningException e = assertThrows(SigningException.class, () -> signer().sign(MESSAGE));
    assertTrue(e.getMessage().contains("does not verify") && e.getMessage().contains(KeyIds.of(kmsKey.getPublic())),
        e.getMessage());
  }

  @Test
  void aServerThatNeverAnswersFailsWithinTheCallTimeout() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // accepted, never read, never answered
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      URI silentEndpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      KmsVsaSigner signer = new KmsVsaSigner(KEY, Optional.empty(), () -> client(silentEndpoint));
      long start = System.nanoTime();
      SigningException e = assertThrows(SigningException.class, () -> signer.sign(MESSAGE));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
      assertTrue(e.getMessage().startsWith("KMS GetPublicKey with key " + KEY + " failed: "), e.getMessage());
      assertFalse(held.isEmpty(), "the client never connected");
      silent.close();
      acceptor.join(Duration.ofSeconds(5));
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void aRefusedConnectionIsASigningException() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    URI nobody = URI.create("http://127.0.0.1:" + closedPort);
    KmsVsaSigner signer = new KmsVsaSigner(KEY, Optional.empty(), () -> client(nobody));
    long start = System.nanoTime();
    SigningException e = assertThrows(SigningException.class, () -> signer.sign(MESSAGE));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(15)) < 0);
    assertTrue(e.getMessage().startsWith("KMS GetPublicKey with key " + KEY + " failed: "), e.getMessage());
  }

  @Test
  void aConfiguredPublicKeyNeedsOnlySign() throws Exception {
    KmsVsaSigner signer = new KmsVsaSigner(KEY, Optional.of(KmsVsaSigner.parsePublicKey(pem(kmsKey.getPublic()))),
        () -> client(endpoint));
    byte[] signature = signer.sign(MESSAGE);
    assertEquals(KeyIds.of(kmsKey.getPublic()), signer.keyId());
    assertEquals(0, count("GetPublicKey"));
    assertEquals(1, count("Sign"));
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(kmsKey.getPublic());
    jdk.update(MESSAGE);
    assertTrue(jdk.verify(signature));
  }

  @Test
  void aConfiguredPublicKeyOfAnotherKeyFailsClosed() {
    PublicKey other = ecKey("secp256r1").getPublic();
    KmsVsaSigner signer = new KmsVsaSigner(KEY, Optional.of(other), () -> client(endpoint));
    SigningException e = assertThrows(SigningException.class, () -> signer.sign(MESSAGE));
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
  }

  @Test
  void aConfiguredPublicKeyIsReadAsBase64DerOrPem() {
    PublicKey key = kmsKey.getPublic();
    String der = Base64.getEncoder().encodeToString(key.getEncoded());
    assertArrayEquals(key.getEncoded(), KmsVsaSigner.parsePublicKey(der).getEncoded());
    assertArrayEquals(key.getEncoded(), KmsVsaSigner.parsePublicKey(pem(key)).getEncoded());
  }

  @Test
  void aConfiguredPublicKeyThatIsNotP256IsRefusedAtConstruction() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String rsaKey = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());
    String p384 = pem(ecKey("secp384r1").getPublic());
    assertThrows(IllegalArgumentException.class, () -> KmsVsaSigner.parsePublicKey(rsaKey));
    assertThrows(IllegalArgumentException.class, () -> KmsVsaSigner.parsePublicKey(p384));
    assertThrows(IllegalArgumentException.class, () -> KmsVsaSigner.parsePublicKey("not a key"));
    assertThrows(IllegalArgumentException.class,
        () -> new KmsVsaSigner(KEY, Optional.of(ecKey("secp384r1").getPublic()), () -> client(endpoint)));
  }

  @Test
  void theEnvironmentNamesTheKeyAndOptionallyItsPublicKey() throws Exception {
    assertEquals(Optional.empty(), KmsVsaSigner.fromEnvironment(Map.of(), Optional.of(endpoint)));
    assertEquals(Optional.empty(), KmsVsaSigner.fromEnvironment(Map.of("HEKATE_SIGNING_KEY", " "), Optional.of(endpoint)));

    String der = Base64.getEncoder().encodeToString(kmsKey.getPublic().getEncoded());
    KmsVsaSigner configured = KmsVsaSigner.fromEnvironment(
        Map.of("HEKATE_SIGNING_KEY", KEY, "HEKATE_SIGNING_PUBLIC_KEY", der), Optional.of(endpoint)).orElseThrow();
    // The configured key is known without asking KMS (and without a region or credentials).
    assertEquals(KeyIds.of(kmsKey.getPublic()), configured.keyId());
    assertEquals(List.of(), requests);

    // An empty public key (the template's default) means: ask KMS.
    assertTrue(KmsVsaSigner.fromEnvironment(Map.of("HEKATE_SIGNING_KEY", KEY, "HEKATE_SIGNING_PUBLIC_KEY", ""),
        Optional.of(endpoint)).isPresent());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KmsVsaSigner.fromEnvironment(
        Map.of("HEKATE_SIGNING_KEY", KEY, "HEKATE_SIGNING_PUBLIC_KEY", "MFkw"), Optional.of(endpoint)));
    assertTrue(e.getMessage().startsWith("HEKATE_SIGNING_PUBLIC_KEY: "), e.getMessage());
  }

  private static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static KeyPair ecKey(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
