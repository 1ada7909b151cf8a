package dev.hekate.core.sweep;

import dev.hekate.core.registry.RegistryException;
import java.util.Objects;

/**
 * A registry request of the sweep that failed, with what the {@code hekate.registry.error} metric
 * is tagged with.
 *
 * @param endpoint {@code packument}, {@code attestations}, {@code tarball} or {@code keys}
 * @param httpStatus the last HTTP status, or 0 when there was no response
 * @param notFound whether the registry answered 404 (the package is gone)
 * @param message Hekate's own message, safe to show
 */
public record FetchFailure(String endpoint, int httpStatus, boolean notFound, String message) {
  public FetchFailure {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(message, "message");
  }

  static FetchFailure of(RegistryException e) {
    return new FetchFailure(e.endpoint().tag(), e.httpStatus(), e.kind() == RegistryException.Kind.NOT_FOUND,
        e.getMessage() == null ? e.kind().name() : e.getMessage());
  }
}
