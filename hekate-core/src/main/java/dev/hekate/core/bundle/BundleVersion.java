package dev.hekate.core.bundle;

import java.util.Optional;

/** The Sigstore bundle versions Hekate reads, with what each requires of its log entries. */
public enum BundleVersion {
  /** v0.1: a signed entry timestamp is enough; inclusion proofs are optional. */
  V0_1,
  /** v0.2: every log entry needs an inclusion proof. */
  V0_2,
  /** v0.3: as v0.2, and the verification material may be a single certificate. */
  V0_3;

  /** The version a media type names, or empty for a media type Hekate does not support. */
  public static Optional<BundleVersion> fromMediaType(String mediaType) {
    return switch (mediaType) {
      case "application/vnd.dev.sigstore.bundle+json;version=0.1" -> Optional.of(V0_1);
      case "application/vnd.dev.sigstore.bundle+json;version=0.2" -> Optional.of(V0_2);
      case "application/vnd.dev.sigstore.bundle+json;version=0.3",
           "application/vnd.dev.sigstore.bundle.v0.3+json" -> Optional.of(V0_3);
      default -> Optional.empty();
    };
  }

  /** Whether log entries of this version must carry an inclusion proof. */
  public boolean requiresInclusionProof() {
    return this != V0_1;
  }
}
