package dev.hekate.core.registry;

import static dev.hekate.core.http.HttpExecutor.describe;
import static dev.hekate.core.http.HttpExecutor.origin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.concurrent.SharedCache;
import dev.hekate.core.http.BoundedBody;
import dev.hekate.core.http.HttpExecutor.Attempt;
import dev.hekate.core.http.HttpExecutor.Outcome;
import dev.hekate.core.http.HttpExecutor;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.registry.RegistryException.Endpoint;
import dev.hekate.core.registry.RegistryException.Kind;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Headers;
import okhttp3.HttpUrl;
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
 *       exponential backoff and jitter, honouring {@code Retry-After} up to a cap; a kept-alive
 *       connection the registry had closed is replaced without spending an attempt ({@link
 *       HttpExecutor} says exactly what counts).
 *   <li>Failures are {@link RegistryException}s whose {@link RegistryException.Kind} separates "not
 *       there" ({@code NOT_FOUND}), "could not look" ({@code UNAVAILABLE}) and "answered with
 *       something unusable" ({@code INVALID_RESPONSE}).
 * </ul>
 *
 * <p>One {@link HttpExecutor}, and so one OkHttp client, is built per instance; construction opens no
 * connection (so a SnapStart snapshot holds no socket). Instances are thread-safe and immutable
 * but for one remembered answer: whether the registry publishes signing keys ({@link #signingKeys()}).
 * Identical requests in flight at once are made once and their answer shared ({@link SharedCache}):
 * a packument by name, attestations and tarballs by URL, the keys; nothing is kept once answered.
 * Shared answers are the same objects for every caller: arrays returned here must not be changed.
 *
 * <p>It stays one file because the same-origin rule above is enforced in one place: every request,
 * redirect and URL taken from a response passes through this class, next to the request it makes.
 */
public final class RegistryClient {
  private static final String JSON = "application/json";

  // Each client holds and checks its own configuration and executor.
  private final RegistryConfig config;
  private final HttpExecutor http;
  // Empty until the registry has answered; a failure to ask is not remembered.
  private final AtomicReference<Optional<RegistryKeys>> signingKeys = new AtomicReference<>(Optional.empty());
  private final SharedCache<String, Packument> packuments = SharedCache.coalescing();
  private final SharedCache<HttpUrl, Optional<byte[]>> attestationBodies = SharedCache.coalescing();
  private final SharedCache<HttpUrl, TarballDigests> tarballs = SharedCache.coalescing();
  private final SharedCache<String, RegistryKeys> keysAnswers = SharedCache.coalescing();

  private RegistryClient(RegistryConfig config) {
    this.config = config;
    this.http = new HttpExecutor(config);
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
    return packuments.get(name, () -> fetchPackument(name));
  }

  private Packument fetchPackument(String name) throws RegistryException {
    Endpoint endpoint = Endpoint.PACKUMENT;
    HttpUrl url = http.base().newBuilder().addEncodedPathSegment(PackageSpec.encodeName(name)).build();
    byte[] body = get(endpoint, url, JSON, false, b -> read(endpoint, b, config.maxPackumentBytes()))
        .orElseThrow(() -> new RegistryException(Kind.NOT_FOUND, endpoint, 404,
            "package " + name + " was not found at " + describe(http.base())));
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
      url = http.base().newBuilder()
          .addEncodedPathSegments("-/npm/v1/attestations")
          .addEncodedPathSegment(spec.encodedName() + "@" + version)
          .build();
    }
    return attestationBodies.get(url, () -> fetchAttestations(url));
  }

  private Optional<byte[]> fetchAttestations(HttpUrl url) throws RegistryException {
    Endpoint endpoint = Endpoint.ATTESTATIONS;
    int max = Limits.MAX_ATTESTATIONS_BYTES;
    Optional<byte[]> body = get(endpoint, url, JSON, false, b -> read(endpoint, b, max));
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
    return tarballs.get(url, () -> get(endpoint, url, "application/octet-stream, */*", true, b -> digest(endpoint, b))
        .orElseThrow(() -> new RegistryException(Kind.NOT_FOUND, endpoint, 404,
            "tarball " + describe(url) + " was not found")));
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
    HttpUrl url = http.base().newBuilder().addEncodedPathSegments("-/npm/v1/keys").build();
    int max = Limits.MAX_NPM_KEYS_BYTES;
    byte[] body = get(endpoint, url, JSON, false, b -> read(endpoint, b, max))
        .orElseThrow(() -> new RegistryException(Kind.NOT_FOUND, endpoint, 404,
            "the registry at " + describe(http.base()) + " has no signing keys endpoint"));
    requireJsonObject(endpoint, body, max, "keys response");
    return body;
  }

  /**
   * Whether the registry publishes signing keys: {@link RegistryKeys#PUBLISHED} when
   * {@code /-/npm/v1/keys} lists at least one key, {@link RegistryKeys#NOT_PUBLISHED} when it
   * answers 404 or lists none (a mirror). Asked once per client: the answer is remembered, a
   * failure to get one is not (the next call asks again).
   *
   * @throws RegistryException {@code UNAVAILABLE} when the registry could not be asked (after the
   *     retries), {@code INVALID_RESPONSE} when it answered something that is not a keys document
   */
  public RegistryKeys signingKeys() throws RegistryException {
    Optional<RegistryKeys> known = signingKeys.get();
    if (known.isPresent()) {
      return known.get();
    }
    return keysAnswers.get("keys", this::askSigningKeys);
  }

  private RegistryKeys askSigningKeys() throws RegistryException {
    RegistryKeys answer;
    try {
      JsonNode keys = Json.parse(keys(), Limits.MAX_NPM_KEYS_BYTES, "keys response").path("keys");
      answer = keys.isArray() && !keys.isEmpty() ? RegistryKeys.PUBLISHED : RegistryKeys.NOT_PUBLISHED;
    } catch (RegistryException e) {
      if (e.kind() != Kind.NOT_FOUND) {
        throw e;
      }
      answer = RegistryKeys.NOT_PUBLISHED;
    } catch (JsonFormatException e) {
      throw invalid(Endpoint.KEYS, 200, e.getMessage());
    }
    signingKeys.set(Optional.of(answer));
    return answer;
  }

  // ---------------------------------------------------------------------------------------------
  // One request: what the registry's answers mean. Attempts, redirects and waits are the executor's.

  @FunctionalInterface
  private interface BodyReader<T> {
    T read(ResponseBody body) throws IOException, RegistryException;
  }

  /** The body {@code reader} makes of a 200, or empty on 404. */
  private <T> Optional<T> get(Endpoint endpoint, HttpUrl url, String accept, boolean identity, BodyReader<T> reader)
      throws RegistryException {
    Outcome<Optional<T>> outcome = http.get(url, headers(accept, identity),
        (target, response) -> answer(endpoint, target, response, reader));
    return switch (outcome) {
      case Outcome.Answered<Optional<T>> answered -> answered.value();
      case Outcome.Refused<Optional<T>> refused -> throw invalid(endpoint, refused.status(), refused.reason());
      case Outcome.GaveUp<Optional<T>> gaveUp when gaveUp.interrupted() ->
          throw new RegistryException(Kind.UNAVAILABLE, endpoint, gaveUp.status(),
              endpoint.tag() + " request interrupted while waiting to retry");
      case Outcome.GaveUp<Optional<T>> gaveUp ->
          throw new RegistryException(Kind.UNAVAILABLE, endpoint, gaveUp.status(), endpoint.tag() + " request to "
              + describe(url) + " failed after " + gaveUp.attempts() + " attempt(s): " + gaveUp.reason(),
              gaveUp.error().orElse(null));
    };
  }

  private <T> Attempt<Optional<T>> answer(Endpoint endpoint, HttpUrl target, Response response,
      BodyReader<T> reader) throws IOException, RegistryException {
    int status = response.code();
    if (status == 200) {
      return new Attempt.Answer<>(Optional.of(reader.read(response.body())));
    }
    if (status == 404) {
      return new Attempt.Answer<>(Optional.empty());
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new Attempt.Retry<>("HTTP " + status, status, http.retryAfter(response));
    }
    if (status >= 400) {
      throw new RegistryException(Kind.UNAVAILABLE, endpoint, status,
          endpoint.tag() + " request to " + describe(target) + " was refused: HTTP " + status);
    }
    throw invalid(endpoint, status, "unexpected HTTP " + status + " from " + describe(target));
  }

  private Headers headers(String accept, boolean identity) {
    Headers.Builder headers = new Headers.Builder().add("User-Agent", config.userAgent()).add("Accept", accept);
    if (identity) {
      // OkHttp then leaves the body alone: digests must cover the bytes as served.
      headers.add("Accept-Encoding", "identity");
    }
    return headers.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Bodies.

  private static byte[] read(Endpoint endpoint, ResponseBody body, int max) throws IOException, RegistryException {
    try {
      return BoundedBody.read(body, max);
    } catch (BoundedBody.TooLargeException e) {
      throw tooLarge(endpoint, e);
    }
  }

  private TarballDigests digest(Endpoint endpoint, ResponseBody body) throws IOException, RegistryException {
    MessageDigest sha512 = messageDigest("SHA-512");
    MessageDigest sha1 = messageDigest("SHA-1");
    try {
      long size = BoundedBody.stream(body, config.maxTarballBytes(), (buffer, length) -> {
        sha512.update(buffer, 0, length);
        sha1.update(buffer, 0, length);
      });
      return new TarballDigests(sha512.digest(), sha1.digest(), size);
    } catch (BoundedBody.TooLargeException e) {
      throw tooLarge(endpoint, e);
    }
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
    if (!http.sameOrigin(parsed)) {
      throw invalid(endpoint, 0, "refusing to fetch " + endpoint.tag() + " from another origin ("
          + origin(parsed) + "); the registry is " + origin(http.base()));
    }
    return parsed;
  }

  private static RegistryException tooLarge(Endpoint endpoint, BoundedBody.TooLargeException e) {
    return invalid(endpoint, 200, endpoint.tag() + " response is over the limit of " + e.limit() + " bytes (at least "
        + e.size() + ")");
  }

  private static RegistryException invalid(Endpoint endpoint, int status, String message) {
    return new RegistryException(Kind.INVALID_RESPONSE, endpoint, status, message);
  }
}
