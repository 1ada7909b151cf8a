package dev.hekate.core.npm;

import java.util.Objects;

/**
 * Which registry request failed for an {@link Status#ERROR} verdict, for the
 * {@code hekate.registry.error} metric.
 *
 * @param endpoint {@code packument}, {@code attestations}, {@code tarball} or {@code keys}
 * @param httpStatus the last HTTP status, or 0 when there was no response
 */
public record RegistryFailure(String endpoint, int httpStatus) {
  public RegistryFailure {
    Objects.requireNonNull(endpoint, "endpoint");
  }
}
