package dev.hekate.lambda.vsa;

import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.vsa.KeyIds;
import dev.hekate.core.vsa.SigningException;
import dev.hekate.core.vsa.VsaSigner;
import java.net.URI;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Signs verification summaries with an asymmetric KMS key ({@code ECC_NIST_P256}, {@code
 * SIGN_VERIFY}) named by key id, key ARN or alias. The private key never leaves KMS.
 *
 * <p>Guarantees: every signature returned is DER ECDSA P-256 over SHA-256 of the message and has
 * been verified here against {@link #publicKey()} before it is returned; a key service that
 * answers with anything else is a {@link SigningException}, never a signed summary. Only the
 * 32-byte SHA-256 digest is sent to KMS ({@code MessageType.DIGEST}), so the request size does not
 * depend on the message.
 *
 * <p>The public key is either configured (then the function needs only {@code kms:Sign}; see
 * docs/deploy.md, "Signing key on AWS") or fetched once with {@code GetPublicKey} at first use and
 * checked to be an ECDSA P-256 signing key. Construction does no I/O and builds no client, so an
 * instance can be built during Lambda init and snapshotted by SnapStart. Thread-safe.
 */
public final class KmsVsaSigner implements VsaSigner {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  // Failure text from the key service is quoted in messages; a page of it is not.
  private static final int MAX_DETAIL = 300;
  private static final ECParameterSpec P256 = p256();

  /** The KMS key to sign with (key id, key ARN or alias); unset: summaries are not signed with KMS. */
  public static final String SIGNING_KEY = "HEKATE_SIGNING_KEY";
  /** Its public key ({@link #parsePublicKey}); unset: fetched with {@code GetPublicKey}. */
  public static final String SIGNING_PUBLIC_KEY = "HEKATE_SIGNING_PUBLIC_KEY";

  private record VerifyingKey(PublicKey key, String id) {}

  private final String kmsKey;
  private final Supplier<KmsClient> clients;
  private final Optional<PublicKey> configuredKey;
  private KmsClient client; // guarded by this
  private volatile VerifyingKey verifyingKey;

  /**
   * A signer with {@code kmsKey}'s public key fetched from KMS, the client from {@link
   * #clientBuilder} (region and credentials from the environment; on Lambda, the function's).
   */
  public static KmsVsaSigner create(String kmsKey, Optional<URI> endpoint) {
    return new KmsVsaSigner(kmsKey, Optional.empty(), () -> clientBuilder(endpoint).build());
  }

  /**
   * As {@link #create(String, Optional)}, with the public key given as configuration ({@link
   * #parsePublicKey}) when present, so that {@code kms:GetPublicKey} is not needed.
   *
   * @throws IllegalArgumentException {@code publicKey} is not an EC P-256 public key
   */
  public static KmsVsaSigner create(String kmsKey, Optional<URI> endpoint, Optional<String> publicKey) {
    return new KmsVsaSigner(kmsKey, publicKey.map(KmsVsaSigner::parsePublicKey),
        () -> clientBuilder(endpoint).build());
  }

  /**
   * The signer template.yaml configures: {@value #SIGNING_KEY} and, when set, {@value
   * #SIGNING_PUBLIC_KEY}; blank counts as unset. Does no I/O.
   *
   * @return empty when {@value #SIGNING_KEY} is unset
   * @throws IllegalArgumentException naming {@value #SIGNING_PUBLIC_KEY}, when it is not an EC
   *     P-256 public key
   */
  public static Optional<KmsVsaSigner> fromEnvironment(Map<String, String> env, Optional<URI> endpoint) {
    Optional<String> key = Optional.ofNullable(env.get(SIGNING_KEY)).map(String::strip).filter(k -> !k.isEmpty());
    if (key.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> publicKey = Optional.ofNullable(env.get(SIGNING_PUBLIC_KEY)).filter(k -> !k.isBlank());
    try {
      return Optional.of(create(key.get(), endpoint, publicKey));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SIGNING_PUBLIC_KEY + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param kmsKey the KMS key: key id, key ARN, alias name or alias ARN
   * @param publicKey the key's public key, when known; else fetched with {@code GetPublicKey}
   * @param client builds the KMS client, called once, at the first request
   * @throws IllegalArgumentException {@code publicKey} is not an EC P-256 key
   */
  public KmsVsaSigner(String kmsKey, Optional<PublicKey> publicKey, Supplier<KmsClient> client) {
    this.kmsKey = Objects.requireNonNull(kmsKey, "kmsKey");
    if (kmsKey.isBlank()) {
      throw new IllegalArgumentException("the KMS key is empty");
    }
    this.configuredKey = Objects.requireNonNull(publicKey, "publicKey");
    this.clients = Objects.requireNonNull(client, "client");
    publicKey.ifPresent(k -> {
      if (!isP256(k)) {
        throw new IllegalArgumentException("the configured public key of " + kmsKey + " is not an EC P-256 key");
      }
    });
  }

  /**
   * A KMS client builder over the JDK's HttpURLConnection: 2 s to connect, 3 s between reads, 4 s
   * per attempt and 10 s per call with the SDK's retries; {@code endpoint} when given.
   */
  public static KmsClientBuilder clientBuilder(Optional<URI> endpoint) {
    KmsClientBuilder builder = KmsClient.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT)
            .build())
        .overrideConfiguration(c -> c.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  /**
   * An EC P-256 public key from configuration: the base64 DER SubjectPublicKeyInfo that {@code aws
   * kms get-public-key --query PublicKey --output text} prints, or the same in a PEM {@code PUBLIC
   * KEY} block.
   *
   * @throws IllegalArgumentException it is neither, or not a P-256 key
   */
  public static PublicKey parsePublicKey(String text) {
    Optional<byte[]> spki = text.contains("-----BEGIN")
        ? Keys.pemBlocks(text, "PUBLIC KEY").stream().findFirst()
        : Encoding.base64(text.strip());
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki.orElseThrow(
          () -> new IllegalArgumentException("neither base64 nor a PEM PUBLIC KEY block"))));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the signing public key is not a base64 or PEM EC public key");
    }
    if (!isP256(key)) {
      throw new IllegalArgumentException("the signing public key is not on the P-256 curve");
    }
    return key;
  }

  /**
   * The verifying key, fetched from KMS and checked at the first call when it was not configured.
   * A failure is not remembered: the next call asks again.
   *
   * @throws SigningException KMS could not be asked, or the key is not an ECDSA P-256 signing key
   */
  public PublicKey verifyingKey() throws SigningException {
    return loaded().key();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException the public key could not be fetched (the cause is the {@link
   *     SigningException}); call {@link #verifyingKey()} first to have it checked
   */
  @Override
  public String keyId() {
    return loadedUnchecked().id();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException as {@link #keyId()}
   */
  @Override
  public PublicKey publicKey() {
    return loadedUnchecked().key();
  }

  @Override
  public byte[] sign(byte[] message) throws SigningException {
    PublicKey key = verifyingKey();
    byte[] digest = sha256(message);
    SignResponse response;
    try {
      response = client().sign(r -> r.keyId(kmsKey)
          .message(SdkBytes.fromByteArray(digest))
          .messageType(MessageType.DIGEST)
          .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256));
    } catch (SdkException e) {
      throw failed("Sign", e);
    }
    if (response.signature() == null) {
      throw new SigningException("KMS Sign with key " + kmsKey + " answered without a signature");
    }
    byte[] signature = response.signature().asByteArray();
    if (!verifies(key, message, signature)) {
      throw new SigningException("KMS Sign with key " + kmsKey
          + " returned a signature that does not verify with the key's public key " + KeyIds.of(key));
    }
    return signature;
  }

  private VerifyingKey loaded() throws SigningException {
    VerifyingKey loaded = verifyingKey;
    if (loaded != null) {
      return loaded;
    }
    synchronized (this) {
      if (verifyingKey == null) {
        PublicKey key = configuredKey.isPresent() ? configuredKey.get() : fetchPublicKey();
        verifyingKey = new VerifyingKey(key, KeyIds.of(key));
      }
      return verifyingKey;
    }
  }

  private VerifyingKey loadedUnchecked() {
    try {
      return loaded();
    } catch (SigningException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private PublicKey fetchPublicKey() throws SigningException {
    GetPublicKeyResponse response;
    try {
      response = client().getPublicKey(r -> r.keyId(kmsKey));
    } catch (SdkException e) {
      throw failed("GetPublicKey", e);
    }
    String where = "KMS key " + kmsKey;
    if (response.keySpec() != KeySpec.ECC_NIST_P256) {
      throw new SigningException(where + " is " + response.keySpecAsString() + ", not ECC_NIST_P256 (ECDSA P-256)");
    }
    if (response.keyUsage() != KeyUsageType.SIGN_VERIFY) {
      throw new SigningException(where + " is for " + response.keyUsageAsString() + ", not SIGN_VERIFY");
    }
    if (!response.signingAlgorithms().contains(SigningAlgorithmSpec.ECDSA_SHA_256)) {
      throw new SigningException(where + " does not allow ECDSA_SHA_256 (it allows "
          + response.signingAlgorithmsAsStrings() + ")");
    }
    if (response.publicKey() == null) {
      throw new SigningException("KMS GetPublicKey of key " + kmsKey + " answered without a public key");
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(response.publicKey().asByteArray()));
    } catch (GeneralSecurityException e) {
      throw new SigningException("KMS GetPublicKey of key " + kmsKey + " answered with a key that is not an EC key");
    }
    if (!isP256(key)) {
      throw new SigningException("KMS GetPublicKey of key " + kmsKey + " answered with a key not on the P-256 curve");
    }
    return key;
  }

  private synchronized KmsClient client() {
    if (client == null) {
      client = clients.get();
    }
    return client;
  }

  // The SDK's message and the service's error code, never a stack trace; the exception keeps the
  // cause for the log.
  private SigningException failed(String operation, SdkException e) {
    String detail = e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    detail = detail.replaceAll("\\p{Cntrl}", " ");
    if (detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL) + "...";
    }
    return new SigningException("KMS " + operation + " with key " + kmsKey + " failed: " + detail, e);
  }

  private static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // malformed DER: not a signature by this key
    }
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static boolean isP256(PublicKey key) {
    return key instanceof ECPublicKey ec
        && ec.getParams().getCurve().equals(P256.getCurve())
        && ec.getParams().getGenerator().equals(P256.getGenerator())
        && ec.getParams().getOrder().equals(P256.getOrder())
        && ec.getParams().getCofactor() == P256.getCofactor();
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is missing from this JDK", e);
    }
  }
}
