package dev.hekate.core.result;

/**
 * Stable identifiers of every check Hekate runs. Ids are part of the public contract: they appear
 * in JSON verdicts, metrics tags and monitors, so they are never renamed, only added.
 *
 * <p>The order of the constants follows the pipeline: bundle, trust, transparency log, timestamps,
 * certificate, signature, statement, policy, npm correlation. Each says whether it is
 * {@linkplain #required() required} for a VERIFIED verdict.
 */
public enum CheckId {
  // bundle
  /** The bundle is well-formed JSON within Hekate's input limits and has the required fields. */
  BUNDLE_FORMAT,
  /** The media type names a bundle version Hekate supports. */
  BUNDLE_MEDIA_TYPE,
  /** The verification material is a usable certificate, chain or public-key hint. */
  BUNDLE_VERIFICATION_MATERIAL,
  /** Transparency log entries are present, bounded, unique and carry what the bundle version requires. */
  BUNDLE_TLOG_ENTRIES,

  // trust material
  /** The trusted root (or npm keys document) parsed and every validity window is well-formed. */
  TRUSTED_ROOT,

  // transparency log
  /** The entry's log id names a transparency log of the trusted root, valid at the entry's time. */
  TLOG_KEY,
  /** The canonicalized log entry body describes exactly this bundle's signature, key and content. */
  TLOG_ENTRY_BODY,
  /** The signed entry timestamp (inclusion promise) verifies with the log's key. */
  TLOG_SET,
  /** The inclusion proof recomputes (RFC 6962) to the root hash it claims. */
  TLOG_INCLUSION_PROOF,
  /** The checkpoint is a signed note from the log, for the proof's root hash and tree size. */
  TLOG_CHECKPOINT,

  // timestamps
  /** An RFC 3161 timestamp verifies against a timestamp authority of the trusted root. */
  TIMESTAMP_RFC3161,
  /** Enough verified time sources exist (integrated time and/or RFC 3161) to anchor the signature. */
  TIMESTAMP_THRESHOLD,

  // certificate
  /** The signing certificate chains to a certificate authority valid at the signing time. */
  CERTIFICATE_CHAIN,
  /** The signing certificate was valid at every verified signing time. */
  CERTIFICATE_VALIDITY,
  /** An embedded signed certificate timestamp verifies against a CT log of the trusted root. */
  CERTIFICATE_SCT,

  // public keys (non-Fulcio signing)
  /** The signing public key is the one given, or the one the hint names, valid at the signing time. */
  PUBLIC_KEY,

  // signature
  /** The bundle's message digest equals the artifact's digest. */
  ARTIFACT_DIGEST,
  /** The message signature verifies over the artifact. */
  MESSAGE_SIGNATURE,
  /** The DSSE envelope's signature verifies over its pre-authentication encoding. */
  DSSE_SIGNATURE,

  // statement
  /** The DSSE payload is an in-toto statement of a supported type. */
  STATEMENT_FORMAT,
  /** The artifact's digest is a subject of the in-toto statement. */
  STATEMENT_SUBJECT,

  // identity policy
  /** The certificate's subject alternative name matches the expected identity. */
  IDENTITY_SAN,
  /** The certificate's OIDC issuer extension matches the expected issuer. */
  IDENTITY_ISSUER,
  /** The certificate's Fulcio extensions match the expected values. */
  IDENTITY_EXTENSIONS,

  // npm correlation (one package version: publish attestation, provenance, registry)
  /** The attestations response is well-formed: one publish attestation and one provenance, chosen by predicate type, each declared as what it signs. */
  NPM_ATTESTATIONS,
  /** Both statements' {@code pkg:npm} subjects, and the publish predicate, name the requested package and version. */
  NPM_SUBJECT,
  /** Both statements' SHA-512 subject digests equal the registry's {@code dist.integrity}. */
  NPM_INTEGRITY,
  /** The tarball the registry serves hashes to {@code dist.integrity}. */
  NPM_TARBALL,
  /** The registry's ECDSA signature over {@code name@version:integrity} verifies with its key. */
  NPM_REGISTRY_SIGNATURE,
  /** The provenance names a supported builder and build type. */
  PROVENANCE_BUILDER,
  /** The signing certificate's claims (repository, commit, workflow, run, ids, runner) equal the provenance's. */
  PROVENANCE_CERTIFICATE,
  /**
   * The packument's unsigned repository URL and gitHead agree with the provenance. Finding-only: a
   * disagreement is a WARNING with findings, never a failure (the packument is a claim, not evidence).
   */
  REGISTRY_SOURCE,
  // SLSA provenance of an artifact (hekate verify-artifact, after slsa-verifier's verify-artifact)
  /**
   * The provenance file is a Sigstore bundle whose verified DSSE statement is a SLSA provenance v0.2
   * or v1. MISSING for a raw DSSE envelope: it carries no transparency log entry, and finding one
   * needs a Rekor lookup, made only when asked ({@code verify-artifact --rekor-url}): then MISSING
   * when the log has no entry of the envelope, ERROR when the log could not be asked.
   */
  SLSA_PROVENANCE,
  /** The signer is a trusted slsa-github-generator builder at a release tag, and the one asked for. */
  SLSA_BUILDER,
  /** The certificate's source repository, and the provenance's workflow and source, are the expected repository. */
  SLSA_SOURCE,
  /** Every artifact's SHA-256 is a subject of the provenance. */
  SLSA_SUBJECT,
  /** The provenance was built from the expected branch. */
  SLSA_BRANCH,
  /** The provenance was built from the expected tag (exactly, or matching a semantic version prefix). */
  SLSA_TAG,
  // in-toto layouts and links (hekate verify-layout, after in-toto-verify)
  /** The layout, the links and the keys are well-formed in-toto v1.0 metadata within Hekate's input limits. */
  INTOTO_FORMAT,
  /**
   * Everything the layout and its links use is supported by this version (DSSE envelopes,
   * sublayouts, certificate signatures, other key types and schemes are not): FAILED, never
   * skipped, when something is not.
   */
  INTOTO_UNSUPPORTED,
  /** Every layout key given signed the layout (its canonical JSON). */
  INTOTO_LAYOUT_SIGNATURE,
  /** The layout had not expired at the verification time. */
  INTOTO_EXPIRED,
  /** The links of each step verify with the functionary keys the layout names for the step. */
  INTOTO_LINK_SIGNATURE,
  /** Each step has links from at least threshold distinct functionaries, agreeing on materials and products. */
  INTOTO_THRESHOLD,
  /**
   * The layout's inspections ran (only with {@code --run-inspections}) and recorded their artifacts;
   * FAILED when the layout has inspections that were not run.
   */
  INTOTO_INSPECTION,
  /** Every step's and inspection's material and product rules hold, applied in order with in-toto's queue. */
  INTOTO_ARTIFACT_RULE,
  /**
   * Every artifact the caller names (path and SHA-256; {@code POST /v1/in-toto/verify}'s
   * {@code artifacts}) is a product of the verified supply chain: the last step that records the
   * path records that digest. Planned only when artifacts are named.
   */
  INTOTO_PRODUCT,
  /** The command a link records is the step's expected command. Not required: a difference is a WARNING, as in in-toto. */
  INTOTO_COMMAND(false),
  /**
   * The version's trust tier is not below the highest tier of any version published before it
   * (any major line). Not required: a downgrade is WARNING with a {@code trust_downgrade} finding
   * and {@code regression: true} (PASSED with {@code trust_downgrade_excepted} when the operator
   * excepted it), a version without a publish time is UNKNOWN.
   */
  TRUST_HISTORY(false),
  /**
   * GitHub confirms the workflow run the provenance claims. Not required: an extra assurance that
   * runs only where configured, and GitHub being unreachable leaves it UNKNOWN; when it runs and
   * GitHub contradicts the provenance, the verdict is FAILED.
   */
  GITHUB_RUN(false);

  private final boolean required;

  CheckId() {
    this(true);
  }

  CheckId(boolean required) {
    this.required = required;
  }

  /**
   * Whether a verdict can be VERIFIED only with this check PASSED (or, for a finding-only check,
   * WARNING). A check that is not required may be UNKNOWN or absent; it may never be FAILED.
   */
  public boolean required() {
    return required;
  }

  /** The id as written in JSON and tags: lower case with dots, e.g. {@code tlog.inclusion_proof}. */
  public String wireName() {
    String name = name().toLowerCase(java.util.Locale.ROOT);
    int underscore = name.indexOf('_');
    return underscore < 0 ? name : name.substring(0, underscore) + "." + name.substring(underscore + 1);
  }
}
