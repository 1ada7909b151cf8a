package dev.hekate.testdata.registry;

import dev.hekate.testdata.BundleVersion;
import dev.hekate.testdata.TlogKind;

/**
 * The shapes npm attestations have had over the years, as {@link GeneratedNpm} mints them. The
 * provenance is always SLSA v1 (the npm CLI's current statement); the bundle and log entry vary.
 */
public enum BundleGeneration {
  /** 2023: both bundles v0.1, intoto 0.0.2 entries with a SET and no inclusion proof. */
  V01_INTOTO_SET_ONLY(BundleVersion.V0_1, BundleVersion.V0_1, TlogKind.INTOTO_002, false),
  /** 2024: both bundles v0.2, intoto 0.0.2 entries with SET and inclusion proof. */
  V02_INTOTO_PROOF(BundleVersion.V0_2, BundleVersion.V0_2, TlogKind.INTOTO_002, true),
  /** 2025 on: publish bundle v0.2, provenance v0.3 under the new media type, dsse 0.0.1 entries with proof. */
  V03_DSSE(BundleVersion.V0_2, BundleVersion.V0_3_NEW_MEDIA_TYPE, TlogKind.DSSE_001, true);

  private final BundleVersion publishVersion;
  private final BundleVersion provenanceVersion;
  private final TlogKind tlogKind;
  private final boolean inclusionProof;

  BundleGeneration(BundleVersion publishVersion, BundleVersion provenanceVersion, TlogKind tlogKind,
      boolean inclusionProof) {
    // Plain field assignments: each class stores its own fields, nothing shared.
    this.publishVersion = publishVersion;
    this.provenanceVersion = provenanceVersion;
    this.tlogKind = tlogKind;
    this.inclusionProof = inclusionProof;
  }

  /** The publish attestation's bundle version. */
  public BundleVersion publishVersion() {
    return publishVersion;
  }

  /** The provenance's bundle version. */
  public BundleVersion provenanceVersion() {
    return provenanceVersion;
  }

  /** The Rekor entry kind of both bundles. */
  public TlogKind tlogKind() {
    return tlogKind;
  }

  /** Whether the entries carry an inclusion proof (a SET is always there). */
  public boolean inclusionProof() {
    return inclusionProof;
  }
}
