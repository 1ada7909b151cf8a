package dev.hekate.core.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A version's {@code dist} object as the registry served it. Nothing here is verified: the
 * integrity is what the registry claims, and the URLs are the registry's (the client fetches them
 * only from the configured registry's origin).
 *
 * @param integrity the SRI string, e.g. {@code sha512-...}; absent for versions published before
 *     npm recorded it (2017)
 * @param shasum the hex SHA-1 of the tarball
 * @param tarball the tarball URL
 * @param attestationsUrl {@code dist.attestations.url}, when the version has attestations
 * @param provenancePredicateType {@code dist.attestations.provenance.predicateType}
 * @param signatures {@code dist.signatures}, possibly empty
 */
public record Dist(
    Optional<String> integrity,
    String shasum,
    String tarball,
    Optional<String> attestationsUrl,
    Optional<String> provenancePredicateType,
    List<RegistrySignature> signatures) {

  public Dist {
    // A record's components and their null checks: records list and validate what they hold.
    Objects.requireNonNull(integrity, "integrity");
    Objects.requireNonNull(shasum, "shasum");
    Objects.requireNonNull(tarball, "tarball");
    Objects.requireNonNull(attestationsUrl, "attestationsUrl");
    Objects.requireNonNull(provenancePredicateType, "provenancePredicateType");
    signatures = List.copyOf(signatures);
  }
}
