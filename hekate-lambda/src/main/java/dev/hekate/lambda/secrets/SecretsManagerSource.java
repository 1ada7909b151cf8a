package dev.hekate.lambda.secrets;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Secrets Manager's {@code GetSecretValue}, through the AWS SDK over the JDK's HttpURLConnection.
 *
 * <p>The client is built at the first {@link #read}, never at construction: on Lambda the wiring
 * is built during init (and, with SnapStart, snapshotted), and neither credentials nor a
 * connection belong in a snapshot. The region is the secret ARN's own, so a secret in another
 * region works. Credentials come from the SDK's default chain (on Lambda, the function's role).
 */
public final class SecretsManagerSource implements SecretSource {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private final Optional<URI> endpoint;
  private final Optional<AwsCredentialsProvider> credentials;
  private SecretsManagerClient client;

  /** The real service, credentials from the default chain. */
  public SecretsManagerSource() {
    this(Optional.empty(), Optional.empty());
  }

  /**
   * @param endpoint another endpoint (a loopback stub in tests)
   * @param credentials fixed credentials instead of the default chain
   */
  public SecretsManagerSource(Optional<URI> endpoint, Optional<AwsCredentialsProvider> credentials) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  @Override
  public String read(String arn) throws SecretUnavailableException {
    Region region = region(arn);
    try {
      GetSecretValueResponse response = client(region).getSecretValue(r -> r.secretId(arn));
      if (response.secretString() == null) {
        throw new SecretUnavailableException("the secret holds binary data, not a string");
      }
      return response.secretString();
    } catch (SdkException e) {
      // SDK messages name the secret and the role, never the value.
      throw new SecretUnavailableException("Secrets Manager: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private synchronized SecretsManagerClient client(Region region) {
    if (client == null) {
      SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
          .region(region)
          .httpClient(UrlConnectionHttpClient.builder()
              .connectionTimeout(CONNECT_TIMEOUT)
              .socketTimeout(SOCKET_TIMEOUT)
              .build())
          .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
      endpoint.ifPresent(builder::endpointOverride);
      credentials.ifPresent(builder::credentialsProvider);
      client = builder.build();
    }
    return client;
  }

  private static Region region(String arn) throws SecretUnavailableException {
    String[] parts = arn.split(":", 7);
    if (parts.length < 7 || !parts[2].equals("secretsmanager") || parts[3].isEmpty()) {
      throw new SecretUnavailableException("not a Secrets Manager secret ARN");
    }
    return Region.of(parts[3]);
  }
}
