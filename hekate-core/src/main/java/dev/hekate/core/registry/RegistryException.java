package dev.hekate.core.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * A registry request did not yield a usable answer. {@link #kind()} says which of three things
 * happened, {@link #endpoint()} and {@link #httpStatus()} say where (they are meant as metric
 * tags). The message is written by Hekate and safe to show: no response bodies, no credentials,
 * no stack traces.
 */
public final class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, in the terms a verdict needs. */
  public enum Kind {
    /** The registry answered 404: the package, version or tarball does not exist there. */
    NOT_FOUND,
    /**
     * We could not look: a network error, a timeout, a 429 or 5xx that outlasted the retries, or
     * a refusal such as 401/403. Retryable later; maps to a verdict of ERROR, never FAILED.
     */
    UNAVAILABLE,
    /**
     * The registry answered, but with something unusable: malformed JSON, wrong types, a body
     * over its size limit, or a URL (or redirect) to another origin.
     */
    INVALID_RESPONSE
  }

  /** The registry call that failed. */
  public enum Endpoint {
    PACKUMENT,
    ATTESTATIONS,
    TARBALL,
    KEYS;

    /** Lower-case name, for metric tags. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final Endpoint endpoint;
  private final int httpStatus;

  RegistryException(Kind kind, Endpoint endpoint, int httpStatus, String message, Throwable cause) {
    super(message, cause, false, cause != null);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.httpStatus = httpStatus;
  }

  RegistryException(Kind kind, Endpoint endpoint, int httpStatus, String message) {
    this(kind, endpoint, httpStatus, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The HTTP status of the last response, or 0 when there was none (network error, timeout). */
  public int httpStatus() {
    return httpStatus;
  }

  /** Whether trying again later could succeed: true exactly for {@link Kind#UNAVAILABLE}. */
  public boolean retryable() {
    return kind == Kind.UNAVAILABLE;
  }
}
