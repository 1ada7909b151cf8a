package dev.hekate.core.bundle;

import java.util.List;
import java.util.Objects;

/**
 * A parsed Sigstore bundle. Parsed is not verified: nothing here has been checked beyond its
 * shape. {@link dev.hekate.core.verify.BundleVerifier} turns it into a verified result.
 */
public record Bundle(
    BundleVersion version,
    String mediaType,
    VerificationMaterial verificationMaterial,
    List<TlogEntry> tlogEntries,
    List<byte[]> rfc3161Timestamps,
    Content content) {

  public Bundle {
    // One null check per component: records validate what they hold.
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(verificationMaterial, "verificationMaterial");
    tlogEntries = List.copyOf(tlogEntries);
    rfc3161Timestamps = rfc3161Timestamps.stream().map(byte[]::clone).toList();
    Objects.requireNonNull(content, "content");
  }

  @Override
  public List<byte[]> rfc3161Timestamps() {
    return rfc3161Timestamps.stream().map(byte[]::clone).toList();
  }
}
