package dev.hekate.core.registry;

import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.registry.RegistryException.Endpoint;
import dev.hekate.core.registry.RegistryException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fetches what npm provenance verification needs from one npm registry: the packument, a
 * version's attestations, the tarball's digests, and the registry's signing keys.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Requests go only to the configured registry's origin (scheme, host and port). Package names
 *       are validated by {@link PackageSpec} before they become a path segment; tarball and
 *       attestation URLs taken from the registry's own responses, and redirects, are followed only
 *       when same-origin, so the bearer token never leaves that origin.
 *   <li>Every response is size-bounded while it is read (before parsing), and tarballs are
 *       streamed through SHA-512 and SHA-1, never held in memory.
 *   <li>Network errors, timeouts, 408, 429 and 5xx are retried a bounded number of times with
 *       exponential backoff and jitter, honouring {@code Retry-After} up to a cap.
 *   <li>Failures are {@link RegistryException}s whose {@link RegistryException.Kind} separates "not
 *       there" ({@code NOT_FOUND}), "could not look" ({@code UNAVAILABLE}) and "answered with
 *       something unusable" ({@code INVALID_RESPONSE}).
 * </ul>
 *
 * <p>One {@link OkHttpClient} is built per instance; construction opens no connection (so a
 * SnapStart snapshot holds no socket). Instances are immutable and thread-safe.
 */
public final class RegistryClient {
  private static final String JSON = "application/json";

  private final RegistryConfig config;
  private final HttpUrl base;
  private final OkHttpClient http;

  private RegistryClient(RegistryConfig config) {
    this.config = config;
    this.base = HttpUrl.get(config.baseUrl());
    this.http = new OkHttpClient.Builder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .callTimeout(config.callTimeout())
        // Redirects are handled here, same-origin only; retries too, so that attempts are counted.
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
  }

  /** A client for the registry {@code config} names. Opens no connection. */
  public static RegistryClient create(RegistryConfig config) {
    return new RegistryClient(Objects.requireNonNull(config, "config"));
  }

  public RegistryConfig config() {
    return config;
  }

  /**
   * The full packument of {@code name}: {@code GET {base}/{encodedName}} with
   * {@code Accept: application/json} (not the abbreviated document, which lacks {@code time},
   * {@code repository}, {@code gitHead} and {@code _npmUser}).
   *
   * @throws IllegalArgumentException if {@code name} is not a valid package name (parse user input
   *     with {@link PackageSpec#parse} first)
   * @throws RegistryException {@code NOT_FOUND} on 404; {@code UNAVAILABLE} when the registry
   *     could not be reached; {@code INVALID_RESPONSE} when the packument is malformed, oversized,
   *     or names another package
   */
  public Packument packument(String name) throws RegistryException {
    if (!PackageSpec.isValidName(Objects.requireNonNull(name, "name"))) {
      throw new IllegalArgumentException("invalid package name " + PackageSpec.quote(name));
    }
    Endpoint endpoint = Endpoint.PACKUMENT;
    HttpUrl url = base.newBuilder().addEncodedPathSegment(PackageSpec.encodeName(name)).build();
    byte[] body = get(endpoint, url, JSON, false, b -> readCapped(endpoint, b, config.maxPackumentBytes()))
        .orElseThrow(() -> new RegistryException(Kind.NOT_FOUND, endpoint, 404,
            "package " + name + " was not found at " + describe(base)));
    Packument packument;
    try {
      packument = PackumentParser.parse(body, config.maxPackumentBytes());
    } catch (JsonFormatException e) {
      throw invalid(endpoint, 200, e.getMessage());
    }
    if (!packument.name().equals(name)) {
      throw invalid(endpoint, 200, "the registry answered the request for " + name
          + " with the packument of " + PackageSpec.quote(packument.name()));
    }
    return packument;
  }

  /** The packument of {@code spec}'s package; its version plays no part here. */
  public Packument packument(PackageSpec spec) throws RegistryException {
    return packument(spec.name());
  }

  /**
   * The attestations response ({@code {"attestations":[...]}}) of {@code spec}, unverified:
   * from {@code dist.attestations.url} when the registry gave one, else from
   * {@code {base}/-/npm/v1/attestations/{encodedName}@{version}} (mirrors often strip
   * {@code dist.attestations}).
   *
   * @return the response body, or empty when the registry has no attestations (404)
   * @throws IllegalArgumentException if {@code spec} has no version
   * @throws RegistryException {@code UNAVAILABLE} when the registry could not be reached;
   *     {@code INVALID_RESPONSE} when the URL is another origin's, or the body is oversized or not
   *     a JSON object
   */
  public Optional<byte[]> attestations(PackageSpec spec, Dist dist) throws RegistryException {
    String version = spec.version().orElseThrow(
        () -> new IllegalArgumentException("attestations need an exact version, not " + spec));
    Endpoint endpoint = Endpoint.ATTESTATIONS;
    HttpUrl url;
    if (dist.attestationsUrl().isPresent()) {
      url = sameOriginUrl(endpoint, dist.attestationsUrl().get());
    } else {
      url = base.newBuilder()
          .addEncodedPathSegments("-/npm/v1/attestations")
          .addEncodedPathSegment(spec.encodedName() + "@" + version)
          .build();
    }
    int max = RegistryLimits.MAX_ATTESTATIONS_BYTES;
    Optional<byte[]> body = get(endpoint, url, JSON, false, b -> readCapped(endpoint, b, max));
    if (body.isPresent()) {
      requireJsonObject(endpoint, body.get(), max, "attestations response");
    }
    return body;
  }

  /**
   * As {@link #attestations(PackageSpec, Dist)} for a version document from a packument.
   *
   * @throws RegistryException as there, and {@code INVALID_RESPONSE} when the document's name or
   *     version cannot form the fallback URL
   */
  public Optional<byte[]> attestations(VersionDocument version) throws RegistryException {
    PackageSpec spec;
    try {
      spec = PackageSpec.of(version.name(), version.version());
    } catch (InvalidSpecException e) {
      throw invalid(Endpoint.ATTESTATIONS, 0, "the packument's version document is unusable: " + e.getMessage());
    }
    return attestations(spec, version.dist());
  }

  /**
   * Streams the tarball named by {@code version.dist().tarball()} through SHA-512 and SHA-1.
   * The bytes are digested exactly as served: no content decoding is requested or applied.
   *
   * @throws RegistryException {@code NOT_FOUND} on 404; {@code UNAVAILABLE} when the registry
   *     could not be reached; {@code INVALID_RESPONSE} when the URL is another origin's or the
   *     tarball is over the configured size
   */
  public TarballDigests tarball(VersionDocument version) throws RegistryException {
    return tarball(version.dist());
  }

  /** As {@link #tarball(VersionDocument)}, from the {@code dist} object alone. */
  public TarballDigests tarball(Dist dist) throws RegistryException {
    Endpoint endpoint = Endpoint.TARBALL;
    HttpUrl url = sameOriginUrl(endpoint, dist.tarball());
    return get(endpoint, url, "application/octet-stream, */*", true, b -> digest(endpoint, b))
        .orElseThrow(() -> new RegistryException(Kind.NOT_FOUND, endpoint, 404,
            "tarball " + describe(url) + " was not found"));
  }

  /**
   * The registry's signing keys, {@code GET {base}/-/npm/v1/keys}, unverified (the caller
   * decides whether to trust them over the embedded copy).
   *
   * @throws RegistryException {@code NOT_FOUND} on 404; {@code UNAVAILABLE} when the registry
   *     could not be reached; {@code INVALID_RESPONSE} when the body is oversized or not a JSON
   *     object
   */
  public byte[] keys() throws RegistryException {
    Endpoint endpoint = Endpoint.KEYS;
    HttpUrl url = base.newBuilder().addEncodedPathSegments("-/npm/v1/keys").build();
    int max = RegistryLimits.MAX_KEYS_BYTES;
    byte[] body = get(endpoint, url, JSON, false, b -> readCapped(endpoint, b, max))
        .orElseThrow(() -> new RegistryException(Kind.NOT_FOUND, endpoint, 404,
            "the registry at " + describe(base) + " has no signing keys endpoint"));
    requireJsonObject(endpoint, body, max, "keys response");
    return body;
  }

  // ---------------------------------------------------------------------------------------------
  // One request: attempts, redirects, retries.

  @FunctionalInterface
  private interface BodyReader<T> {
    T read(ResponseBody body) throws IOException, RegistryException;
  }

  /** The outcome of one attempt: an answer (empty on 404), or a reason to try again. */
  private sealed interface Attempt<T> {
    record Answer<T>(Optional<T> value) implements Attempt<T> {}

    record Retry<T>(int status, Optional<Duration> retryAfter, IOException error) implements Attempt<T> {}
  }

  private <T> Optional<T> get(Endpoint endpoint, HttpUrl url, String accept, boolean identity, BodyReader<T> reader)
      throws RegistryException {
    Attempt.Retry<T> last = null;
    int attempts = 0;
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      if (attempt > 1) {
        Duration wait;
        if (last.retryAfter().isPresent()) {
          Duration asked = last.retryAfter().get();
          wait = asked.compareTo(config.maxRetryAfter()) > 0 ? config.maxRetryAfter() : asked;
        } else {
          wait = backoffFor(attempt - 1);
        }
        pause(endpoint, wait, last);
      }
      attempts = attempt;
      switch (attempt(endpoint, url, accept, identity, reader)) {
        case Attempt.Answer<T> answer -> {
          return answer.value();
        }
        case Attempt.Retry<T> retry -> last = retry;
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    String why = last.status() != 0 ? "HTTP " + last.status() : describe(last.error());
    throw new RegistryException(Kind.UNAVAILABLE, endpoint, last.status(),
        endpoint.tag() + " request to " + describe(url) + " failed after " + attempts + " attempt(s): " + why,
        last.error());
  }

  private <T> Attempt<T> attempt(Endpoint endpoint, HttpUrl url, String accept, boolean identity, BodyReader<T> reader)
      throws RegistryException {
    HttpUrl target = url;
    for (int redirects = 0; ; redirects++) {
      try (Response response = http.newCall(request(target, accept, identity)).execute()) {
        int status = response.code();
        if (status == 200) {
          return new Attempt.Answer<>(Optional.of(reader.read(response.body())));
        }
        if (status == 404) {
          return new Attempt.Answer<>(Optional.empty());
        }
        if (isRedirect(status)) {
          String location = response.header("Location");
          HttpUrl next = location == null ? null : target.resolve(location);
          if (next == null) {
            throw invalid(endpoint, status, "redirect from " + describe(target) + " has no usable Location");
          }
          if (!sameOrigin(next)) {
            throw invalid(endpoint, status, "refusing to follow a redirect from " + describe(target)
                + " to another origin (" + origin(next) + ")");
          }
          if (redirects >= RegistryLimits.MAX_REDIRECTS) {
            throw invalid(endpoint, status, "more than " + RegistryLimits.MAX_REDIRECTS + " redirects from "
                + describe(url));
          }
          target = next;
          continue;
        }
        if (status == 408 || status == 429 || status >= 500) {
          return new Attempt.Retry<>(status, retryAfter(response), null);
        }
        if (status >= 400) {
          throw new RegistryException(Kind.UNAVAILABLE, endpoint, status,
              endpoint.tag() + " request to " + describe(target) + " was refused: HTTP " + status);
        }
        throw invalid(endpoint, status, "unexpected HTTP " + status + " from " + describe(target));
      } catch (IOException e) {
        return new Attempt.Retry<>(0, Optional.empty(), e);
      }
    }
  }

  private Request request(HttpUrl target, String accept, boolean identity) {
    Request.Builder builder = new Request.Builder()
        .url(target)
        .get()
        .header("User-Agent", config.userAgent())
        .header("Accept", accept);
    if (identity) {
      // OkHttp then leaves the body alone: digests must cover the bytes as served.
      builder.header("Accept-Encoding", "identity");
    }
    if (sameOrigin(target)) {
      config.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    }
    return builder.build();
  }

  private void pause(Endpoint endpoint, Duration wait, Attempt.Retry<?> last) throws RegistryException {
    try {
      config.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Kind.UNAVAILABLE, endpoint, last.status(),
          endpoint.tag() + " request interrupted while waiting to retry");
    }
  }

  /** Before retry {@code n} (1-based): {@code min(max, base * 2^(n-1))}, half fixed, half random. */
  private Duration backoffFor(int retry) {
    long baseMillis = config.backoffBase().toMillis();
    long maxMillis = config.backoffMax().toMillis();
    long exponential = retry > 20 ? maxMillis : Math.min(maxMillis, baseMillis << (retry - 1));
    long half = exponential / 2;
    return Duration.ofMillis(exponential - half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; unparseable values are ignored. */
  private Optional<Duration> retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return Optional.empty();
    }
    value = value.strip();
    if (value.matches("[0-9]{1,10}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration delay = Duration.between(config.clock().instant(), at.toInstant());
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  // ---------------------------------------------------------------------------------------------
  // Bodies.

  private static byte[] readCapped(Endpoint endpoint, ResponseBody body, int max)
      throws IOException, RegistryException {
    long declared = body.contentLength();
    if (declared > max) {
      throw tooLarge(endpoint, declared, max);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    try (InputStream in = body.byteStream()) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > max) {
          throw tooLarge(endpoint, total, max);
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private TarballDigests digest(Endpoint endpoint, ResponseBody body) throws IOException, RegistryException {
    long max = config.maxTarballBytes();
    long declared = body.contentLength();
    if (declared > max) {
      throw tooLarge(endpoint, declared, max);
    }
    MessageDigest sha512 = messageDigest("SHA-512");
    MessageDigest sha1 = messageDigest("SHA-1");
    long size = 0;
    try (InputStream in = body.byteStream()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        size += n;
        if (size > max) {
          throw tooLarge(endpoint, size, max);
        }
        sha512.update(buffer, 0, n);
        sha1.update(buffer, 0, n);
      }
    }
    return new TarballDigests(sha512.digest(), sha1.digest(), size);
  }

  private static void requireJsonObject(Endpoint endpoint, byte[] body, int max, String what)
      throws RegistryException {
    try {
      if (!Json.parse(body, max, what).isObject()) {
        throw invalid(endpoint, 200, what + " is not a JSON object");
      }
    } catch (JsonFormatException e) {
      throw invalid(endpoint, 200, e.getMessage());
    }
  }

  private static MessageDigest messageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Origins and messages.

  /** A URL from a registry response, accepted only when it is on the registry's origin. */
  private HttpUrl sameOriginUrl(Endpoint endpoint, String url) throws RegistryException {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw invalid(endpoint, 0, "the registry gave a " + endpoint.tag() + " URL that is not an http(s) URL: "
          + PackageSpec.quote(url));
    }
    if (!sameOrigin(parsed)) {
      throw invalid(endpoint, 0, "refusing to fetch " + endpoint.tag() + " from another origin ("
          + origin(parsed) + "); the registry is " + origin(base));
    }
    return parsed;
  }

  private boolean sameOrigin(HttpUrl url) {
    return url.scheme().equals(base.scheme()) && url.host().equals(base.host()) && url.port() == base.port();
  }

  private static String origin(HttpUrl url) {
    return url.scheme() + "://" + url.host() + ":" + url.port();
  }

  /** Scheme, host, port and path: never user info or query, which could carry secrets. */
  private static String describe(HttpUrl url) {
    return origin(url) + url.encodedPath();
  }

  private static String describe(IOException error) {
    if (error instanceof InterruptedIOException) {
      return "timed out";
    }
    if (error instanceof ConnectException || error instanceof NoRouteToHostException) {
      return "could not connect";
    }
    if (error instanceof UnknownHostException) {
      return "unknown host";
    }
    if (error instanceof SSLException) {
      return "TLS failure";
    }
    return "network error (" + error.getClass().getSimpleName() + ")";
  }

  private static RegistryException tooLarge(Endpoint endpoint, long size, long max) {
    return invalid(endpoint, 200, endpoint.tag() + " response is over the limit of " + max + " bytes (at least "
        + size + ")");
  }

  private static RegistryException invalid(Endpoint endpoint, int status, String message) {
    return new RegistryException(Kind.INVALID_RESPONSE, endpoint, status, message);
  }
}
