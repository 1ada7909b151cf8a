package dev.hekate.lambda.sweep;

import dev.hekate.core.config.Environment;
import dev.hekate.core.sweep.WatchlistSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sweep's watchlist kept in an S3 object ({@value #ENV}{@code =s3://bucket/key}), in the text
 * form of {@link dev.hekate.core.sweep.Watchlist}: the planner reads it at every run, so a new
 * list takes effect at the next hour without a deployment. The object is read whole (at most
 * {@link dev.hekate.core.json.Limits#MAX_WATCHLIST_BYTES}); a missing object, a refusal or an outage is
 * a {@link dev.hekate.core.sweep.WatchlistException}, and the planner run fails (EventBridge
 * retries it) rather than sweeping a default list nobody chose.
 *
 * <p>Precedence ({@link WatchlistSource#fromEnvironment}): {@code HEKATE_WATCHLIST} over
 * {@code HEKATE_WATCHLIST_FILE} over this over the embedded list.
 */
public final class S3Watchlist {
  /** {@code s3://bucket/key} of the watchlist object. */
  public static final String ENV = "HEKATE_WATCHLIST_S3_URI";

  // S3's bucket naming rules (3..63 of a-z 0-9 . -, starting and ending with a letter or digit).
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final int MAX_KEY_BYTES = 1024;

  private S3Watchlist() {}

  /** Where the object is. */
  public record Location(String bucket, String key) {
    public Location {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(key, "key");
    }

    /**
     * Parses {@code s3://bucket/key}.
     *
     * @throws IllegalArgumentException naming {@value #ENV} when it is not such a URI
     */
    public static Location parse(String uri) {
      String text = uri.strip();
      if (!text.startsWith("s3://")) {
        throw new IllegalArgumentException(ENV + " must be s3://bucket/key");
      }
      String rest = text.substring("s3://".length());
      int slash = rest.indexOf('/');
      if (slash < 0 || slash == rest.length() - 1) {
        throw new IllegalArgumentException(ENV + " must name an object: s3://bucket/key");
      }
      String bucket = rest.substring(0, slash);
      String key = rest.substring(slash + 1);
      if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
        throw new IllegalArgumentException(ENV + " names an invalid bucket: " + bucket);
      }
      if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES || key.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(ENV + " names an invalid object key");
      }
      return new Location(bucket, key);
    }

    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key;
    }
  }

  /**
   * The S3 source when {@value #ENV} is set, else empty.
   *
   * @throws IllegalArgumentException if it is set but not an {@code s3://bucket/key} URI
   */
  public static Optional<WatchlistSource> fromEnvironment(Map<String, String> env) {
    return Environment.value(env, ENV).map(uri -> source(Location.parse(uri), S3Watchlist::defaultClient));
  }

  /** Reads the object through the client {@code client} supplies, at each load. */
  public static WatchlistSource source(Location location, Supplier<S3Client> client) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(client, "client");
    return WatchlistSource.of(location.toString(), () -> {
      try {
        return client.get().getObject(r -> r.bucket(location.bucket()).key(location.key()));
      } catch (SdkException e) {
        throw new IOException(e.getMessage(), e);
      }
    });
  }

  // Built at the first load, not during init: it reads the region and credentials from the
  // Lambda environment. Over the JDK's HttpURLConnection, like the SQS client.
  private static S3Client defaultClient() {
    return Holder.CLIENT;
  }

  private static final class Holder {
    static final S3Client CLIENT = S3Client.builder()
        // AWS SDK client set-up, one per service: each builder is its own type.
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build())
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)))
        .build();
  }
}
