package dev.hekate.core.json;

/**
 * Every bound Hekate places on untrusted input, in one place: whatever an attacker, a remote
 * server or a queue sender controls — bytes, entries, signatures, versions, name lengths,
 * redirects. These limits keep one request from costing unbounded memory or time. Each says what
 * it bounds and why that number; the numbers sit well above what real data needs.
 *
 * <p>Timeouts, backoff and attempts are not input bounds; they are with the configuration that
 * uses them ({@code HttpPolicy}, {@code RegistryConfig}, {@code GitHubConfig}). Bounds on what
 * Hekate writes (Datadog tag and event lengths, log-line cuts) are with their writers.
 */
public final class Limits {

  // ---- JSON, wherever it comes from (enforced by Json's StreamReadConstraints) ----

  /** Deepest JSON nesting accepted. Bundles nest about 8 deep; 32 stops recursion bombs early. */
  public static final int MAX_JSON_DEPTH = 32;
  /**
   * Longest JSON string accepted, in characters. The longest real strings are base64 DSSE payloads
   * and inlined readmes; 4 MiB covers both and stops one string from filling the heap.
   */
  public static final int MAX_JSON_STRING = 4 << 20;

  // ---- Sigstore bundles and trust material (offline verification) ----

  /** Largest Sigstore bundle accepted, in bytes. Real bundles are 3–15 KiB. */
  public static final int MAX_BUNDLE_BYTES = 1 << 20;
  /**
   * Largest trusted root or keys document accepted, in bytes. The public-good trusted root is about
   * 7 KiB, npm's keys about 2 KiB.
   */
  public static final int MAX_TRUST_DOCUMENT_BYTES = 1 << 20;
  /**
   * Largest DSSE payload accepted, in bytes (decoded). SLSA provenance statements are a few KiB;
   * 2 MiB bounds the decoded copy held beside the bundle.
   */
  public static final int MAX_DSSE_PAYLOAD_BYTES = 2 << 20;
  /** Most transparency log entries in one bundle (sigstore-go uses the same bound). */
  public static final int MAX_TLOG_ENTRIES = 32;
  /** Most RFC 3161 timestamps in one bundle: the same bound as tlog entries. */
  public static final int MAX_TIMESTAMPS = 32;
  /**
   * Largest DER-encoded RFC 3161 timestamp token accepted, in bytes. Sigstore's TSA answers in
   * about 1.3 KiB; a token that embeds a long chain is about 5.5 KiB.
   */
  public static final int MAX_TIMESTAMP_BYTES = 64 * 1024;
  /** Most certificates in one verification-material chain. Fulcio chains hold 2 or 3. */
  // Constant declarations: the list is the data, so its shape repeats.
  public static final int MAX_CHAIN_LENGTH = 10;
  /**
   * Most signed certificate timestamps read from one certificate's SCT list; Fulcio embeds one,
   * public CAs two or three.
   */
  public static final int MAX_SCTS = 16;
  /** Most hashes in one inclusion proof: a tree of 2^64 leaves needs 64. */
  public static final int MAX_PROOF_HASHES = 64;
  /** Most signature lines in one checkpoint note. Rekor signs with one key, witnesses add a few. */
  public static final int MAX_NOTE_SIGNATURES = 16;
  /** Most subjects in one in-toto statement. An npm provenance names one tarball. */
  public static final int MAX_STATEMENT_SUBJECTS = 1024;

  // ---- npm registry ----

  /** Longest package name (npm's limit for new packages). */
  public static final int MAX_PACKAGE_NAME_LENGTH = 214;
  /** Longest version string (node-semver's {@code MAX_LENGTH}). */
  public static final int MAX_VERSION_LENGTH = 256;
  /**
   * Default largest full packument accepted, in bytes after decompression; configurable per client.
   * Popular packages' packuments run to tens of MiB (every version's manifest and the readme are
   * inlined).
   */
  public static final int DEFAULT_MAX_PACKUMENT_BYTES = 64 << 20;
  /** Most versions in one packument. The largest real packuments hold a few tens of thousands. */
  public static final int MAX_PACKUMENT_VERSIONS = 100_000;
  /** Most dist-tags in one packument. Real packages have a handful; a few have hundreds. */
  public static final int MAX_DIST_TAGS = 10_000;
  /** Most registry signatures in one version's {@code dist.signatures}. npm signs with one key. */
  public static final int MAX_DIST_SIGNATURES = 16;
  /**
   * Largest npm attestations response accepted, in bytes. A real one, a publish attestation and a
   * provenance bundle, is about 15 KiB.
   */
  public static final int MAX_ATTESTATIONS_BYTES = 4 << 20;
  /**
   * Most attestations in one npm attestations response. npm publishes two (publish and
   * provenance); 16 leaves room for new kinds.
   */
  public static final int MAX_ATTESTATIONS = 16;
  /** Largest {@code /-/npm/v1/keys} response accepted, in bytes. The real one is about 2 KiB. */
  public static final int MAX_NPM_KEYS_BYTES = 1 << 20;
  /**
   * Default largest tarball accepted, in bytes; configurable per client. The tarball is streamed
   * into its digest, never held whole, so this bounds download time rather than memory; real
   * tarballs are kilobytes to tens of MiB.
   */
  public static final long DEFAULT_MAX_TARBALL_BYTES = 256L << 20;

  // ---- GitHub REST API ----

  /** Longest GitHub user or organisation name (GitHub's own limit). */
  public static final int MAX_GITHUB_OWNER_LENGTH = 39;
  /** Longest GitHub repository name (GitHub's own limit). */
  public static final int MAX_GITHUB_REPO_LENGTH = 100;
  /**
   * Default largest GitHub response accepted, in bytes after decompression; configurable per
   * client. A workflow run is about 10 KiB.
   */
  public static final int DEFAULT_MAX_GITHUB_RESPONSE_BYTES = 1 << 20;
  /**
   * Most bytes of a GitHub error response read to tell a rate limit from a refusal. The message
   * that says which is in the first few hundred bytes.
   */
  public static final int MAX_GITHUB_ERROR_BODY_BYTES = 16 * 1024;

  // ---- Rekor v1 lookups (verify-artifact --rekor-url) ----

  /**
   * Most entries of a Rekor index search examined for one envelope (sigstore-go bounds a bundle's
   * entries the same way). A search by envelope hash lists one; a search by artifact digest lists
   * every entry whose statement names the artifact, which anyone can add to.
   */
  public static final int MAX_REKOR_CANDIDATES = 32;
  /**
   * Largest Rekor response accepted, in bytes: a search answer (a list of entry UUIDs, about 85
   * bytes each) or one entry (body, proof, and the attestation Rekor stores beside it: real ones
   * are 5–40 KiB).
   */
  public static final int MAX_REKOR_RESPONSE_BYTES = 1 << 20;

  // ---- HTTP, for every client ----

  /**
   * Most same-origin redirects followed for one request. GitHub redirects a renamed repository
   * once, registries move a tarball once; more is a loop or a server wasting our time.
   */
  public static final int MAX_REDIRECTS = 3;

  // ---- Hekate's own API, sweep queue, watchlist and secrets ----

  /**
   * Longest path and query of an API request, in characters. The longest valid request, a name
   * and a version at their longest and fully percent-encoded, is under 1,000.
   */
  public static final int MAX_API_URL_LENGTH = 2048;
  /**
   * Most bytes of a request body the local server reads and drops past what it passes to the
   * handler (the lambda module's {@code ApiLimits.MAX_REQUEST_BODY_BYTES}); reading a little lets a
   * client that sent too much see its response.
   */
  public static final int MAX_LOCAL_REQUEST_BODY_BYTES = 64 * 1024;
  /**
   * Largest sweep queue message accepted, in bytes. A message of the most packages, each name at
   * its longest, is about 22 KiB. Anything with {@code sqs:SendMessage} can queue one.
   */
  public static final int MAX_SWEEP_MESSAGE_BYTES = 64 * 1024;
  /**
   * Most packages in one sweep queue message, which one worker invocation verifies; also the most
   * a configuration may ask for per message.
   */
  public static final int MAX_SWEEP_MESSAGE_PACKAGES = 100;
  /**
   * Largest watchlist accepted, in bytes, from a file or an S3 object. 100,000 names of typical
   * length fit in about 2 MiB.
   */
  public static final int MAX_WATCHLIST_BYTES = 8 * 1024 * 1024;
  /** Most names in one watchlist: a hundred times the embedded list of 1,000. */
  public static final int MAX_WATCHLIST_NAMES = 100_000;
  /**
   * Most trust exceptions ({@code NAME} or {@code NAME@VERSION}) one source may give: an option,
   * {@code HEKATE_TRUST_EXCLUDE}, a watchlist. Exceptions are chosen one by one by a person.
   */
  public static final int MAX_TRUST_EXCEPTIONS = 1_000;
  /**
   * Largest lockfile policy file ({@code hekate.json}, {@code .hekate.yaml}): a person writes it;
   * a megabyte holds thousands of patterns.
   */
  public static final int MAX_POLICY_BYTES = 1 << 20;
  /** Most patterns in one map of a lockfile policy ({@code require}, {@code sources}). */
  public static final int MAX_POLICY_PATTERNS = 10_000;
  /** Most expected repositories for one pattern of a lockfile policy's {@code sources}. */
  public static final int MAX_POLICY_SOURCES_PER_PATTERN = 100;
  /**
   * Most trust exceptions in one sweep queue message (those of its packages): with
   * {@link #MAX_SWEEP_MESSAGE_PACKAGES} names at their longest, still under
   * {@link #MAX_SWEEP_MESSAGE_BYTES}.
   */
  public static final int MAX_SWEEP_MESSAGE_TRUST_EXCEPTIONS = 50;
  /**
   * Most versions of one package a sweep verifies in one run, the latest included: the ceiling
   * that keeps a packument of {@link #MAX_PACKUMENT_VERSIONS} versions, all published in one
   * window, from holding a worker for hours. Four times the flood threshold (25); what lies beyond
   * it is counted as deferred and alarms, never dropped silently.
   */
  public static final int MAX_SWEEP_VERSIONS_PER_PACKAGE = 100;
  /**
   * Largest secret parsed as JSON, in bytes. A token secret is under 1 KiB; Secrets Manager itself
   * allows 64 KiB.
   */
  public static final int MAX_SECRET_JSON_BYTES = 64 * 1024;

  /**
   * Most earlier versions verified to find the base for continuity findings (walking back past
   * versions whose provenance does not verify): each costs a registry request and a verification.
   */
  public static final int MAX_CONTINUITY_CANDIDATES = 3;

  // ---- in-toto layouts and links (hekate verify-layout) ----

  /** Largest in-toto layout or link file accepted, in bytes. Real ones are 1–10 KiB. */
  public static final int MAX_INTOTO_METADATA_BYTES = 4 << 20;
  /** Largest in-toto key file (PEM or securesystemslib JSON), in bytes. An RSA-4096 PEM is under 1 KiB. */
  public static final int MAX_INTOTO_KEY_BYTES = 64 * 1024;
  /** Most layout keys given on the command line, and most keys in one layout. */
  public static final int MAX_INTOTO_KEYS = 256;
  /** Most signatures on one layout or link. */
  public static final int MAX_INTOTO_SIGNATURES = 64;
  /** Most steps, and most inspections, in one layout. */
  public static final int MAX_INTOTO_STEPS = 1_000;
  /** Most artifact rules in one step's materials or products. */
  public static final int MAX_INTOTO_RULES = 1_000;
  /** Most materials, or products, recorded in one link. */
  public static final int MAX_INTOTO_ARTIFACTS = 100_000;
  /** Deepest nesting of sublayouts (a step whose link is a layout, whose step's link is a layout...). */
  public static final int MAX_INTOTO_SUBLAYOUT_DEPTH = 8;
  /** Most link files read from a link directory, its sublayouts' directories included. */
  public static final int MAX_INTOTO_LINK_FILES = 10_000;
  /**
   * Most bytes of link files read for one verification, all of them (sublayouts included): what
   * the parsed links hold stays within a few times this. Real link directories are kilobytes.
   */
  public static final long MAX_INTOTO_LINK_BYTES = 64L << 20;

  private Limits() {}
}
