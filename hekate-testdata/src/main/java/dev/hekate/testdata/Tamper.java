package dev.hekate.testdata;

/**
 * One deliberate defect in a generated bundle (or in the trust material that goes with it). Each
 * tamper breaks exactly one check and re-signs whatever else must stay valid, so a verifier that
 * fails with any other check id has a bug. Tampers can be combined.
 *
 * <p>Where a tamper needs something the bundle would not otherwise have (a timestamp, a proof), the
 * builder either adds it or rejects the combination with {@link IllegalArgumentException}.
 */
public enum Tamper {
  /** The content signature (message signature or DSSE signature) has a flipped bit; the tlog entry and timestamp are made over the flipped signature, so only signature verification fails. */
  SIGNATURE("content signature"),
  /**
   * {@link FakeBundle#artifact()} returns bytes other than the ones signed; the bundle itself is
   * untouched, so every check that reads the artifact fails: for a message signature the signature
   * over the artifact, the message digest and the hashedrekord digest; for a statement, the subject digest.
   */
  ARTIFACT("artifact / subject digest"),
  /** {@code messageSignature.messageDigest} differs from the artifact's SHA-256; signature and tlog entry are over the real artifact. Message signatures only. */
  MESSAGE_DIGEST("message digest"),
  /** The DSSE payload gains a trailing space after signing (still the same JSON); the tlog entry is made over the changed envelope, so only the DSSE signature fails. DSSE only. */
  DSSE_PAYLOAD("DSSE signature over payload"),
  /** The tlog body names a different (valid) signature by the same key; the log signed that body, so SET, proof and checkpoint verify. Only the body-vs-bundle comparison fails. */
  TLOG_BODY_SIGNATURE("tlog body matches bundle signature"),
  /** The tlog body names a different certificate (another leaf for the same identity) or public key, re-logged. Only the body-vs-bundle comparison fails. */
  TLOG_BODY_KEY("tlog body matches bundle key"),
  /** The signed entry timestamp has a flipped bit. Rekor v1 with SET only. */
  SET_SIGNATURE("SET signature"),
  /** {@code integratedTime} is one second earlier than the SET covers (still inside the certificate's validity). Rekor v1 with SET only. */
  INTEGRATED_TIME("SET signature (integrated time)"),
  /** One inclusion-proof hash has a flipped bit; the checkpoint is for the true root. */
  INCLUSION_PROOF_HASH("inclusion proof"),
  /** {@code inclusionProof.rootHash} is wrong and the checkpoint is re-signed for that wrong root, so only the proof recomputation fails. */
  ROOT_HASH("inclusion proof (root hash)"),
  /** The checkpoint signature has a flipped bit (hint and name intact). */
  CHECKPOINT_SIGNATURE("checkpoint signature"),
  /** The checkpoint signature line carries a wrong 4-byte key hint (the signature bytes are valid). */
  CHECKPOINT_KEY_HINT("checkpoint key hint"),
  /** The checkpoint names another origin, validly signed by the log key under its usual key name; only the origin check fails. */
  CHECKPOINT_ORIGIN("checkpoint origin"),
  /** The entry comes from a log with the same names but a key absent from the trusted root; everything verifies against that unknown key. */
  UNKNOWN_LOG("tlog is trusted"),
  /**
   * The log time is after the certificate's notAfter: for Rekor v1 the integrated time (SET re-signed;
   * a timestamp, if any, stays inside the validity), for Rekor v2 the RFC 3161 time.
   */
  CERT_EXPIRED_AT_LOG_TIME("certificate valid at log time"),
  /** The log time is before the certificate's notBefore (as above). */
  CERT_NOT_YET_VALID("certificate valid at log time"),
  /** The leaf is issued by a CA with the trusted CA's names but another key; its SCT is valid. */
  UNTRUSTED_CA("certificate chains to trusted CA"),
  /** The bundle's {@code x509CertificateChain} lists leaf, intermediate and root. v0.1/v0.2 only. */
  ROOT_IN_CHAIN("chain does not contain the root"),
  /** The embedded SCT's signature has a flipped bit (the certificate is validly signed over it). */
  SCT_SIGNATURE("SCT signature"),
  /** The leaf has no embedded SCT list. */
  NO_SCT("SCT present"),
  /** The SCT comes from a CT log absent from the trusted root. */
  UNTRUSTED_CT_LOG("SCT log is trusted"),
  /** The RFC 3161 timestamp's message imprint is over other bytes than the signature. */
  TSA_IMPRINT("timestamp message imprint"),
  /** The timestamp is signed by a TSA absent from the trusted root (its certificate embedded). */
  UNTRUSTED_TSA("timestamp authority is trusted"),
  /** The tlog entry has no inclusion proof (fatal for v0.2+ and Rekor v2; a v0.1 bundle with a SET is still valid). */
  NO_INCLUSION_PROOF("inclusion proof present"),
  /** The tlog entry has no inclusion promise (SET). Rekor v1 only. */
  NO_SET("SET present"),
  /** {@code tlogEntries} is empty. */
  NO_TLOG_ENTRY("tlog entry present"),
  /** The same tlog entry appears twice. */
  DUPLICATE_TLOG_ENTRY("no duplicate tlog entries"),
  /** The certificate's SAN is another identity than the one requested ({@link FakeBundle#expectedIdentity()}). A policy failure; the bundle is valid. */
  WRONG_SAN("identity policy"),
  /** The certificate's OIDC issuer is another than the one requested ({@link FakeBundle#expectedIssuer()}). A policy failure. */
  WRONG_ISSUER("issuer policy"),
  /** The npm keys.json that goes with the bundle ({@link FakeBundle#npmKeysJson()}) ends the key's validity before the log time. npm key only. */
  NPM_KEY_OUTSIDE_VALIDITY("npm key valid at log time"),
  /** {@code mediaType} names an unknown bundle version ({@code ;version=99.9}). */
  WRONG_MEDIA_TYPE("bundle media type"),
  /** The certificate chain is empty (v0.3: the certificate has empty {@code rawBytes}). */
  // Enum constants: the list is the data, so its shape repeats.
  EMPTY_CHAIN("certificate present");

  private final String breaks;

  Tamper(String breaks) {
    this.breaks = breaks;
  }

  /** A few words naming the check this tamper breaks, for test display names. */
  public String breaks() {
    return breaks;
  }
}
