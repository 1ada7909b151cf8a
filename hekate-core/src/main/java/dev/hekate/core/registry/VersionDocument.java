package dev.hekate.core.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a packument's {@code versions}: the fields of the published manifest that Hekate
 * correlates with provenance. Unverified registry data.
 *
 * @param name the package name (always the packument's own name)
 * @param version the version (always the key it is filed under)
 * @param dist the distribution metadata
 * @param gitHead the commit the version was published from, as npm recorded it
 * @param repositoryUrl {@code repository}, or {@code repository.url} when it is an object
 * @param npmUser {@code _npmUser.name}: the account that published the version
 * @param trustedPublisher whether {@code _npmUser.trustedPublisher} is present: the registry says
 *     the version was published through trusted publishing (an OIDC identity, no long-lived token)
 * @param approver {@code _npmUser.approver.name} when {@code _npmUser.approver} is an object: the
 *     registry says a maintainer approved the version through staged publishing (with 2FA); the
 *     name is empty when the registry gives none
 */
public record VersionDocument(
    String name,
    String version,
    Dist dist,
    Optional<String> gitHead,
    Optional<String> repositoryUrl,
    Optional<String> npmUser,
    boolean trustedPublisher,
    Optional<String> approver) {

  public VersionDocument {
    // A record's components and their null checks: records list and validate what they hold.
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(dist, "dist");
    Objects.requireNonNull(gitHead, "gitHead");
    Objects.requireNonNull(repositoryUrl, "repositoryUrl");
    Objects.requireNonNull(npmUser, "npmUser");
    Objects.requireNonNull(approver, "approver");
  }

  /** A version the registry does not say was approved through staged publishing. */
  public VersionDocument(String name, String version, Dist dist, Optional<String> gitHead,
      Optional<String> repositoryUrl, Optional<String> npmUser, boolean trustedPublisher) {
    this(name, version, dist, gitHead, repositoryUrl, npmUser, trustedPublisher, Optional.empty());
  }

  /** A version the registry does not say was trusted-published. */
  public VersionDocument(String name, String version, Dist dist, Optional<String> gitHead,
      Optional<String> repositoryUrl, Optional<String> npmUser) {
    this(name, version, dist, gitHead, repositoryUrl, npmUser, false);
  }
}
