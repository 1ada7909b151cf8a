package dev.hekate.testdata;

/**
 * The Rekor entry type written to the log, which also picks the log: {@code 0.0.1} hashedrekord,
 * intoto and dsse entries go to the Rekor v1 log, {@code 0.0.2} hashedrekord and dsse to Rekor v2.
 */
public enum TlogKind {
  /** Rekor v1 hashedrekord: hex SHA-256 of the artifact, signature, base64 PEM cert or key. Message signatures only. */
  HASHEDREKORD_001("hashedrekord", "0.0.1", false, false),
  /**
   * Rekor v1 intoto 0.0.1, as slsa-github-generator logged its raw DSSE provenance before v2.1.0:
   * the SHA-256 of the envelope as submitted (its own JSON, certificate inside the signature), the
   * payload hash and the base64 PEM certificate. DSSE only.
   */
  INTOTO_001("intoto", "0.0.1", false, true),
  /** Rekor v1 intoto 0.0.2: the whole envelope, with the payload, signature and PEM each base64-encoded twice. DSSE only. */
  INTOTO_002("intoto", "0.0.2", false, true),
  /** Rekor v1 dsse 0.0.1: payload hash, envelope hash and {signature, verifier} pairs. DSSE only. */
  DSSE_001("dsse", "0.0.1", false, true),
  /**
   * Rekor v2 hashedrekord 0.0.2. For a message signature the digest is SHA-256 of the artifact;
   * for DSSE it is SHA-256 of the PAE ("hashedrekord over DSSE", how current clients log DSSE to v2).
   */
  HASHEDREKORD_002("hashedrekord", "0.0.2", true, false),
  /** Rekor v2 dsse 0.0.2 ({@code dsseV002}). Some clients (sigstore-java) reject it. DSSE only. */
  DSSE_002("dsse", "0.0.2", true, true);

  private final String kind;
  private final String version;
  private final boolean rekorV2;
  private final boolean dsseOnly;

  TlogKind(String kind, String version, boolean rekorV2, boolean dsseOnly) {
    // Plain field assignments: each class stores its own fields, nothing shared.
    this.kind = kind;
    this.version = version;
    this.rekorV2 = rekorV2;
    this.dsseOnly = dsseOnly;
  }

  /** {@code kindVersion.kind}. */
  public String kind() {
    return kind;
  }

  /** {@code kindVersion.version}. */
  public String version() {
    return version;
  }

  /** Whether the entry goes to the Rekor v2 log (no integrated time, no SET). */
  public boolean rekorV2() {
    return rekorV2;
  }

  /** Whether the kind can only log a DSSE envelope. */
  boolean dsseOnly() {
    return dsseOnly;
  }

  /** Whether the kind can log a message signature. */
  boolean acceptsMessageSignature() {
    return this == HASHEDREKORD_001 || this == HASHEDREKORD_002;
  }
}
