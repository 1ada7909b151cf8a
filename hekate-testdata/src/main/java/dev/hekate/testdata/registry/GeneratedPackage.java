package dev.hekate.testdata.registry;

import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeNpmKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One package version minted by {@link GeneratedNpm}: a tarball, its publish attestation and
 * provenance, the attestations response holding both, and the manifest fields that agree with
 * them. Trust material to verify with comes with the bundles ({@link FakeBundle#trustedRootJson()},
 * {@link FakeBundle#npmKeysJson()}). Byte arrays are copied in and out.
 *
 * @param name the package name
 * @param version the version
 * @param tarball the tarball the attestations are about
 * @param publish the publish attestation (signed with the registry key)
 * @param provenance the SLSA v1 provenance (signed with a Fulcio certificate for {@code identity})
 * @param attestations the response body: publish first, then provenance, as npm lists them
 * @param identity the provenance certificate's workflow identity (SAN)
 * @param gitHead the commit the provenance says was built
 * @param repositoryUrl the source repository as the manifest writes it ({@code git+https://github.com/o/r.git})
 * @param publishedAt the provenance's log time, used as {@code time[version]}
 * @param registryKey the key that signs {@code dist.signatures}
 */
public record GeneratedPackage(
    String name,
    String version,
    byte[] tarball,
    FakeBundle publish,
    FakeBundle provenance,
    byte[] attestations,
    String identity,
    String gitHead,
    String repositoryUrl,
    Instant publishedAt,
    FakeNpmKey registryKey) {

  public GeneratedPackage {
    // A record's components and their null checks: records list and validate what they hold.
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    tarball = tarball.clone();
    Objects.requireNonNull(publish, "publish");
    Objects.requireNonNull(provenance, "provenance");
    attestations = attestations.clone();
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(gitHead, "gitHead");
    Objects.requireNonNull(repositoryUrl, "repositoryUrl");
    Objects.requireNonNull(publishedAt, "publishedAt");
    Objects.requireNonNull(registryKey, "registryKey");
  }

  // Defensive copies of array components: a record must not share a caller's array.
  @Override
  public byte[] tarball() {
    return tarball.clone();
  }

  @Override
  public byte[] attestations() {
    return attestations.clone();
  }

  /** {@code dist.integrity} of the tarball: {@code sha512-<base64>}. */
  public String integrity() {
    return RegistryJson.sri(tarball);
  }

  /**
   * A builder holding this version as an honest registry serves it (tarball, attestations, time,
   * gitHead, repository, {@code dist.signatures} by the registry key), to publish as is or to change.
   */
  public PackageVersion.Builder packageVersion() {
    return PackageVersion.builder(name, version)
        .tarball(tarball)
        .attestations(attestations)
        .publishedAt(publishedAt)
        .gitHead(gitHead)
        .repositoryUrl(repositoryUrl)
        .signedBy(registryKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratedPackage g && name.equals(g.name) && version.equals(g.version)
        && Arrays.equals(tarball, g.tarball) && Arrays.equals(attestations, g.attestations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, Arrays.hashCode(attestations));
  }

  @Override
  public String toString() {
    return "GeneratedPackage[" + name + "@" + version + "]";
  }
}
