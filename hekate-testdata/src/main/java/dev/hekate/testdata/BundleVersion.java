package dev.hekate.testdata;

/** The bundle format versions in the wild, and the media type each is labelled with. */
public enum BundleVersion {
  /** {@code ;version=0.1}: certificate chain; inclusion proof optional (a SET suffices). */
  V0_1("application/vnd.dev.sigstore.bundle+json;version=0.1", false),
  /** {@code ;version=0.2}: certificate chain; inclusion proof required. */
  V0_2("application/vnd.dev.sigstore.bundle+json;version=0.2", false),
  /** {@code ;version=0.3}: a single leaf {@code certificate} instead of a chain. */
  V0_3("application/vnd.dev.sigstore.bundle+json;version=0.3", true),
  /** The v0.3 format under its newer media type. */
  V0_3_NEW_MEDIA_TYPE("application/vnd.dev.sigstore.bundle.v0.3+json", true);

  // Plain field assignments: each class stores its own fields, nothing shared.
  private final String mediaType;
  private final boolean singleCertificate;

  BundleVersion(String mediaType, boolean singleCertificate) {
    this.mediaType = mediaType;
    this.singleCertificate = singleCertificate;
  }

  /** The {@code mediaType} value. */
  public String mediaType() {
    return mediaType;
  }

  /** Whether the bundle carries {@code certificate} (v0.3) rather than {@code x509CertificateChain}. */
  public boolean singleCertificate() {
    return singleCertificate;
  }
}
