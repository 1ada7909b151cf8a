package dev.hekate.core.json;

/**
 * Every bound Hekate places on untrusted input, in one place. A verifier reads attacker-supplied
 * JSON and ASN.1; these limits keep one request from costing unbounded memory or time.
 */
public final class Limits {
  /** Largest Sigstore bundle accepted, in bytes. Real bundles are 3–15 KiB. */
  public static final int MAX_BUNDLE_BYTES = 1 << 20;
  /** Largest trusted root or keys document accepted, in bytes. */
  public static final int MAX_TRUST_DOCUMENT_BYTES = 1 << 20;
  /** Largest npm attestations response accepted, in bytes. */
  public static final int MAX_ATTESTATIONS_BYTES = 4 << 20;
  /** Largest DSSE payload accepted, in bytes (decoded). */
  public static final int MAX_DSSE_PAYLOAD_BYTES = 2 << 20;
  /** Deepest JSON nesting accepted. Bundles nest about 8 deep. */
  public static final int MAX_JSON_DEPTH = 32;
  /** Longest JSON string accepted, in characters. */
  public static final int MAX_JSON_STRING = 4 << 20;
  /** Most transparency log entries in one bundle (sigstore-go uses the same bound). */
  public static final int MAX_TLOG_ENTRIES = 32;
  /** Most RFC 3161 timestamps in one bundle. */
  public static final int MAX_TIMESTAMPS = 32;
  /** Most certificates in one verification-material chain. */
  public static final int MAX_CHAIN_LENGTH = 10;
  /** Most hashes in one inclusion proof: a tree of 2^64 leaves needs 64. */
  public static final int MAX_PROOF_HASHES = 64;
  /** Most signature lines in one checkpoint note. */
  public static final int MAX_NOTE_SIGNATURES = 16;
  /** Most subjects in one in-toto statement. */
  public static final int MAX_STATEMENT_SUBJECTS = 1024;

  private Limits() {}
}
