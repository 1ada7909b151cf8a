package dev.hekate.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds one {@link FakeBundle}: signs the content, has the CA issue a leaf (or uses the npm key),
 * logs the entry, optionally timestamps the signature, and applies the requested {@link Tamper}s.
 * Defaults: a v0.3 bundle (new media type) with a message signature over a fixed artifact, a GitHub
 * Actions identity, a hashedrekord 0.0.1 entry in the Rekor v1 log with SET and inclusion proof, and
 * no timestamp (Rekor v2 kinds get one by default, as they need it).
 *
 * <p>Combinations that cannot mean anything (a SET tamper on Rekor v2, a certificate tamper on a
 * key-signed bundle, ...) throw {@link IllegalArgumentException} from {@link #build()}.
 *
 * <p>One file on purpose: a builder with one method per option, and {@link #build()} asks at each
 * step which {@link Tamper}s apply, so each tamper sits in the step it changes and sees every option.
 */
public final class FakeBundleBuilder {

  /** The identity used unless {@link #identity} says otherwise. */
  public static final String DEFAULT_IDENTITY =
      "https://github.com/hekate-test/fixture/.github/workflows/release.yml@refs/heads/main";
  /** GitHub Actions' OIDC issuer, the default issuer. */
  public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
  /** The artifact signed unless the content is set. */
  public static final byte[] DEFAULT_ARTIFACT =
      "hekate test artifact\n".getBytes(StandardCharsets.UTF_8);
  /** The in-toto statement payload type. */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  static final String ATTACKER_IDENTITY =
      "https://github.com/hekate-attacker/fixture/.github/workflows/release.yml@refs/heads/main";
  static final String ATTACKER_EMAIL = "attacker@hekate-attacker.test";
  static final String ATTACKER_ISSUER = "https://issuer.hekate-attacker.test";
  private static final Duration LEAF_LIFETIME = Duration.ofMinutes(10);
  private static final Duration TIME_SHIFT = Duration.ofSeconds(60);
  private static final Set<Tamper> CERTIFICATE_TAMPERS = EnumSet.of(
      Tamper.CERT_EXPIRED_AT_LOG_TIME, Tamper.CERT_NOT_YET_VALID, Tamper.UNTRUSTED_CA, Tamper.ROOT_IN_CHAIN,
      Tamper.SCT_SIGNATURE, Tamper.NO_SCT, Tamper.UNTRUSTED_CT_LOG, Tamper.WRONG_SAN, Tamper.WRONG_ISSUER,
      Tamper.EMPTY_CHAIN);
  private static final Set<Tamper> PROOF_TAMPERS = EnumSet.of(
      Tamper.INCLUSION_PROOF_HASH, Tamper.ROOT_HASH, Tamper.CHECKPOINT_SIGNATURE, Tamper.CHECKPOINT_KEY_HINT,
      Tamper.CHECKPOINT_ORIGIN);

  /** What is signed: a message (artifact bytes) or a DSSE envelope. */
  private sealed interface Content permits MessageContent, DsseContent {}

  private record MessageContent(byte[] artifact) implements Content {}

  private record DsseContent(String payloadType, byte[] payload, Optional<byte[]> artifact,
      Optional<String> predicateType) implements Content {}

  private final FakeSigstore sigstore;
  private BundleVersion version = BundleVersion.V0_3_NEW_MEDIA_TYPE;
  private Content content = new MessageContent(DEFAULT_ARTIFACT);
  private String identity = DEFAULT_IDENTITY;
  private String issuer = GITHUB_ISSUER;
  private GithubExtensions github;
  private TlogKind tlogKind;
  private boolean withInclusionProof = true;
  private boolean withSet = true;
  private Boolean withTimestamp;
  private boolean embedTsaCertificate = true;
  private boolean badTimestampFirst;
  private EcKey.Curve leafCurve = EcKey.Curve.P256;
  private String messageHash;
  private boolean chainWithIntermediate;
  private boolean issuedByRoot;
  private boolean npmKey;
  private Instant signingTime;
  private long[] logPosition;
  private final EnumSet<Tamper> tampers = EnumSet.noneOf(Tamper.class);

  FakeBundleBuilder(FakeSigstore sigstore) {
    this.sigstore = sigstore;
  }

  /** The bundle format (default {@link BundleVersion#V0_3_NEW_MEDIA_TYPE}). */
  public FakeBundleBuilder version(BundleVersion version) {
    this.version = Objects.requireNonNull(version);
    return this;
  }

  /** Sign {@code artifact} as a message signature (the default content is {@link #DEFAULT_ARTIFACT}). */
  public FakeBundleBuilder messageSignature(byte[] artifact) {
    this.content = new MessageContent(artifact.clone());
    return this;
  }

  /** Sign a DSSE envelope with any payload; the bundle then has no artifact. */
  public FakeBundleBuilder dsse(String payloadType, byte[] payload) {
    this.content = new DsseContent(Objects.requireNonNull(payloadType), payload.clone(), Optional.empty(),
        Optional.empty());
    return this;
  }

  /**
   * Sign an in-toto Statement v1 about one subject with the given digests ({@code alg -> hex}); the
   * bundle has no artifact (use {@link #inTotoStatementFor} to keep one).
   *
   * @param predicateJson the predicate as JSON text (an object)
   */
  public FakeBundleBuilder inTotoStatement(
      String subjectName, Map<String, String> digests, String predicateType, String predicateJson) {
    byte[] statement = statement(Statements.STATEMENT_V1, subjectName, digests, predicateType, predicateJson);
    this.content = new DsseContent(IN_TOTO_PAYLOAD_TYPE, statement, Optional.empty(), Optional.of(predicateType));
    return this;
  }

  /**
   * Sign an in-toto Statement v1 whose subject is {@code artifact} (SHA-256 digest); the artifact is
   * kept for {@link FakeBundle#artifact()}.
   */
  public FakeBundleBuilder inTotoStatementFor(
      String subjectName, byte[] artifact, String predicateType, String predicateJson) {
    Map<String, String> digests = Map.of("sha256", Bytes.hex(Bytes.sha256(artifact)));
    byte[] statement = statement(Statements.STATEMENT_V1, subjectName, digests, predicateType, predicateJson);
    this.content = new DsseContent(IN_TOTO_PAYLOAD_TYPE, statement, Optional.of(artifact.clone()),
        Optional.of(predicateType));
    return this;
  }

  /**
   * npm's publish attestation for {@code name@version}: a Statement v0.1 with subject
   * {@code pkg:npm/<name>@<version>} (SHA-512 of the tarball) and the publish predicate, signed with
   * the registry key and logged as dsse 0.0.1, in a v0.2 bundle, as the registry does today. Each
   * of those choices can still be overridden after this call.
   */
  public FakeBundleBuilder npmPublishAttestation(String name, String packageVersion, byte[] tarball) {
    this.content = new DsseContent(IN_TOTO_PAYLOAD_TYPE, Statements.npmPublish(name, packageVersion, tarball),
        Optional.of(tarball.clone()), Optional.of(Statements.NPM_PUBLISH_PREDICATE));
    this.npmKey = true;
    this.version = BundleVersion.V0_2;
    this.tlogKind = TlogKind.DSSE_001;
    return this;
  }

  /**
   * SLSA v1 provenance for {@code name@version} as the npm CLI makes it on GitHub Actions: subject
   * {@code pkg:npm/<name>@<version>} (SHA-512), builder {@code https://github.com/actions/runner/github-hosted},
   * workflow details taken from the signing identity and its GitHub extensions. Logged as dsse 0.0.1.
   * Call after {@link #identity} if the identity is not the default.
   */
  public FakeBundleBuilder npmProvenance(String name, String packageVersion, byte[] tarball) {
    GithubExtensions ext = resolvedGithub(identity, issuer);
    this.content = new DsseContent(IN_TOTO_PAYLOAD_TYPE,
        Statements.npmProvenance(name, packageVersion, tarball, ext),
        Optional.of(tarball.clone()), Optional.of(Statements.SLSA_PROVENANCE_V1));
    this.tlogKind = TlogKind.DSSE_001;
    return this;
  }

  /**
   * As {@link #npmProvenance}, but the provenance's workflow details are taken from {@code claims}
   * instead of the certificate's extensions: a provenance that says something else than its
   * certificate, or leaves out what the certificate says (an empty value is left out). Keeps the
   * log entry kind already chosen (call after {@link #tlogKind}, as an attack on a generation does).
   */
  public FakeBundleBuilder npmProvenanceClaiming(String name, String packageVersion, byte[] tarball,
      GithubExtensions claims) {
    this.content = new DsseContent(IN_TOTO_PAYLOAD_TYPE,
        Statements.npmProvenance(name, packageVersion, tarball, claims),
        Optional.of(tarball.clone()), Optional.of(Statements.SLSA_PROVENANCE_V1));
    return this;
  }

  /**
   * A GitLab-style npm provenance ({@link Statements#npmGitLabProvenance}) over {@code tarball},
   * whatever the certificate's issuer: for attacks that pair a provenance with a certificate of
   * another CI platform.
   */
  public FakeBundleBuilder npmGitLabProvenance(String name, String packageVersion, byte[] tarball, String project,
      String commit, String tag, String configPath) {
    this.content = new DsseContent(IN_TOTO_PAYLOAD_TYPE,
        Statements.npmGitLabProvenance(name, packageVersion, tarball, project, commit, tag, configPath),
        Optional.of(tarball.clone()), Optional.of("https://slsa.dev/provenance/v0.2"));
    return this;
  }

  /**
   * As {@link #npmGitLabProvenance(String, String, byte[], String, String, String, String)}, also
   * claiming GitLab's project and namespace ids and the pipeline source.
   */
  public FakeBundleBuilder npmGitLabProvenance(String name, String packageVersion, byte[] tarball, String project,
      String commit, String tag, String configPath, String projectId, String namespaceId, String pipelineSource) {
    this.content = new DsseContent(IN_TOTO_PAYLOAD_TYPE,
        Statements.npmGitLabProvenance(name, packageVersion, tarball, project, commit, tag, configPath, projectId,
            namespaceId, pipelineSource),
        Optional.of(tarball.clone()), Optional.of("https://slsa.dev/provenance/v0.2"));
    return this;
  }

  /**
   * As {@link #npmProvenance}, for a tarball known only by its SHA-512 ({@code sha512Hex}), such as
   * one too large to hold in memory; the bundle then has no artifact.
   */
  public FakeBundleBuilder npmProvenanceForDigest(String name, String packageVersion, String sha512Hex) {
    GithubExtensions ext = resolvedGithub(identity, issuer);
    this.content = new DsseContent(IN_TOTO_PAYLOAD_TYPE,
        Statements.npmProvenance(name, packageVersion, sha512Hex, ext),
        Optional.empty(), Optional.of(Statements.SLSA_PROVENANCE_V1));
    this.tlogKind = TlogKind.DSSE_001;
    return this;
  }

  /** The certificate identity (SAN: a URI, or an email if it has an {@code @} and no scheme) and OIDC issuer. */
  public FakeBundleBuilder identity(String subjectAlternativeName, String oidcIssuer) {
    this.identity = Objects.requireNonNull(subjectAlternativeName);
    // Builder setters, one per option: the shape repeats, the options do not.
    this.issuer = Objects.requireNonNull(oidcIssuer);
    return this;
  }

  /**
   * The GitHub extensions to put in the leaf. By default they are derived with
   * {@link GithubExtensions#forWorkflow} when the issuer is GitHub Actions and the SAN a workflow
   * reference; {@link GithubExtensions#NONE} leaves them out.
   */
  public FakeBundleBuilder githubExtensions(GithubExtensions extensions) {
    this.github = Objects.requireNonNull(extensions);
    return this;
  }

  /** The Rekor entry kind, which also picks the Rekor v1 or v2 log (default: hashedrekord 0.0.1 or dsse 0.0.1). */
  public FakeBundleBuilder tlogKind(TlogKind kind) {
    this.tlogKind = Objects.requireNonNull(kind);
    // Builder setters, one per option: the shape repeats, the options do not.
    return this;
  }

  /** Whether the entry has an inclusion proof with checkpoint (default true). */
  public FakeBundleBuilder withInclusionProof(boolean include) {
    this.withInclusionProof = include;
    return this;
  }

  /** Whether a Rekor v1 entry has a SET (default true; Rekor v2 never has one). */
  public FakeBundleBuilder withSet(boolean include) {
    this.withSet = include;
    return this;
  }

  /** Whether the bundle has an RFC 3161 timestamp over the signature (default: only for Rekor v2). */
  public FakeBundleBuilder withTimestamp(boolean include) {
    this.withTimestamp = include;
    return this;
  }

  /**
   * Adds, before the bundle's timestamp, a second one from the same trusted authority whose
   * imprint is over other bytes: one bad and one good timestamp (needs a timestamp).
   */
  public FakeBundleBuilder withBadTimestampFirst(boolean include) {
    this.badTimestampFirst = include;
    return this;
  }

  /**
   * The curve of the Fulcio leaf's key, {@code P-256} (the default) or {@code P-384}; its hash signs
   * unless {@link #messageHash} says otherwise.
   */
  public FakeBundleBuilder leafCurve(String curve) {
    this.leafCurve = switch (curve) {
      case "P-256" -> EcKey.Curve.P256;
      case "P-384" -> EcKey.Curve.P384;
      default -> throw new IllegalArgumentException("curve " + curve);
    };
    return this;
  }

  /**
   * The hash a message signature is made with and its digest declared and logged with
   * ({@code SHA-256} or {@code SHA-384}; default: the curve's). SHA-256 on a P-384 leaf is what
   * older clients did.
   */
  public FakeBundleBuilder messageHash(String hash) {
    this.messageHash = hash;
    return this;
  }

  /** Whether the timestamp token embeds the TSA certificate (default true). */
  public FakeBundleBuilder embedTsaCertificate(boolean embed) {
    this.embedTsaCertificate = embed;
    return this;
  }

  /** Have the CA's root issue the leaf itself, not its intermediate (Fulcio's 2022 root did for a while). */
  public FakeBundleBuilder issuedByRoot(boolean byRoot) {
    this.issuedByRoot = byRoot;
    return this;
  }

  /** For v0.1/v0.2: list the intermediate after the leaf in {@code x509CertificateChain} (default: leaf only). */
  public FakeBundleBuilder chainWithIntermediate(boolean include) {
    this.chainWithIntermediate = include;
    return this;
  }

  /** Sign with the npm registry key instead of a Fulcio certificate ({@code publicKey.hint} = key id). */
  public FakeBundleBuilder signedWithNpmKey() {
    this.npmKey = true;
    return this;
  }

  /** When the signature is made (default {@link FakeSigstore#now()}); the leaf is valid for 10 minutes from then. */
  public FakeBundleBuilder signingTime(Instant time) {
    this.signingTime = Objects.requireNonNull(time);
    return this;
  }

  /**
   * Put the entry at shard-local {@code treeIndex} of a tree of {@code treeSize} (default: derived
   * from the entry's leaf hash). {@code (0, 1)} gives an empty proof.
   */
  public FakeBundleBuilder logPosition(long treeIndex, long treeSize) {
    if (treeIndex < 0 || treeIndex >= treeSize) {
      throw new IllegalArgumentException("index " + treeIndex + " is outside a tree of size " + treeSize);
    }
    this.logPosition = new long[] {treeIndex, treeSize};
    return this;
  }

  /** Adds defects; see {@link Tamper}. */
  public FakeBundleBuilder tamper(Tamper... more) {
    tampers.addAll(Arrays.asList(more));
    return this;
  }

  private boolean has(Tamper t) {
    return tampers.contains(t);
  }

  private TlogKind resolvedKind() {
    if (tlogKind != null) {
      return tlogKind;
    }
    return content instanceof MessageContent ? TlogKind.HASHEDREKORD_001 : TlogKind.DSSE_001;
  }

  private static GithubExtensions derivedGithub(String san, String oidcIssuer) {
    if (oidcIssuer.equals(GITHUB_ISSUER) && GithubExtensions.isWorkflowRef(san)) {
      String sha = Bytes.hex(Bytes.sha256(("commit " + san).getBytes(StandardCharsets.UTF_8))).substring(0, 40);
      return GithubExtensions.forWorkflow(san, sha);
    }
    return GithubExtensions.NONE;
  }

  private GithubExtensions resolvedGithub(String san, String oidcIssuer) {
    return github != null ? github : derivedGithub(san, oidcIssuer);
  }

  private void validate(TlogKind kind, boolean timestampRequired) {
    boolean dsse = content instanceof DsseContent;
    if (dsse && !kind.dsseOnly() && kind != TlogKind.HASHEDREKORD_002) {
      throw new IllegalArgumentException(kind + " cannot log a DSSE envelope");
    }
    if (!dsse && !kind.acceptsMessageSignature()) {
      throw new IllegalArgumentException(kind + " cannot log a message signature");
    }
    for (Tamper t : tampers) {
      String problem = problemWith(t, kind, dsse);
      if (problem != null) {
        throw new IllegalArgumentException(t + ": " + problem);
      }
    }
    if (timestampRequired && Boolean.FALSE.equals(withTimestamp)) {
      throw new IllegalArgumentException(tampers + " need a timestamp, but withTimestamp(false) was set");
    }
  }

  private String problemWith(Tamper t, TlogKind kind, boolean dsse) {
    if (npmKey && CERTIFICATE_TAMPERS.contains(t)) {
      return "needs a Fulcio certificate, but the bundle is signed with the npm key";
    }
    if (PROOF_TAMPERS.contains(t) && !withInclusionProof) {
      return "needs an inclusion proof, but withInclusionProof(false) was set";
    }
    boolean setMissing = kind.rekorV2() || !withSet;
    return switch (t) {
      case MESSAGE_DIGEST -> dsse ? "needs a message signature" : null;
      case DSSE_PAYLOAD -> dsse ? null : "needs a DSSE envelope";
      case ARTIFACT -> artifactOf(content).isPresent() ? null : "the content has no artifact";
      case SET_SIGNATURE, INTEGRATED_TIME -> setMissing ? "needs a Rekor v1 entry with a SET" : null;
      case NO_SET -> kind.rekorV2() ? "Rekor v2 entries never have a SET" : null;
      case ROOT_IN_CHAIN -> version.singleCertificate() ? "v0.3 bundles carry a single certificate" : null;
      case NPM_KEY_OUTSIDE_VALIDITY -> npmKey ? null : "needs a bundle signed with the npm key";
      case INCLUSION_PROOF_HASH -> logPosition != null && logPosition[1] == 1 ? "a tree of size 1 has no proof hashes" : null;
      case DUPLICATE_TLOG_ENTRY -> has(Tamper.NO_TLOG_ENTRY) ? "conflicts with NO_TLOG_ENTRY" : null;
      default -> null;
    };
  }

  private static Optional<byte[]> artifactOf(Content c) {
    return switch (c) {
      case MessageContent m -> Optional.of(m.artifact());
      case DsseContent d -> d.artifact();
    };
  }

  /** Builds the bundle and the trust material that goes with it. */
  public FakeBundle build() {
    TlogKind kind = resolvedKind();
    boolean v2 = kind.rekorV2();
    boolean certTimeTamper = has(Tamper.CERT_EXPIRED_AT_LOG_TIME) || has(Tamper.CERT_NOT_YET_VALID);
    boolean timestampRequired = has(Tamper.TSA_IMPRINT) || has(Tamper.UNTRUSTED_TSA) || (v2 && certTimeTamper);
    validate(kind, timestampRequired);
    boolean timestamp = timestampRequired || (withTimestamp != null ? withTimestamp : v2);

    Instant t = (signingTime != null ? signingTime : sigstore.now()).truncatedTo(ChronoUnit.SECONDS);
    boolean dsse = content instanceof DsseContent;
    String payloadType = dsse ? ((DsseContent) content).payloadType() : "";
    byte[] signedPayload = dsse ? ((DsseContent) content).payload() : new byte[0];
    byte[] signedBytes = switch (content) {
      case MessageContent m -> m.artifact();
      case DsseContent d -> RekorBodies.pae(d.payloadType(), d.payload());
    };

    // --- signer and certificate -------------------------------------------------------------
    String certSan = has(Tamper.WRONG_SAN) ? attackerIdentityFor(identity) : identity;
    String certIssuer = has(Tamper.WRONG_ISSUER) ? ATTACKER_ISSUER : issuer;
    String leafLabel = "leaf/" + Bytes.hex(Bytes.sha256(
        (certSan + "|" + certIssuer + "|" + t).getBytes(StandardCharsets.UTF_8), Bytes.sha256(signedBytes)));
    EcKey signer = npmKey ? sigstore.npmKey().key() : EcKey.deriveUncached(leafLabel, leafCurve);
    // A message signature's hash (declared and logged with it); a DSSE envelope is logged with SHA-256.
    String hash = dsse ? "SHA-256"
        : messageHash != null ? messageHash : signer.curve() == EcKey.Curve.P256 ? "SHA-256" : "SHA-384";
    if (dsse && messageHash != null) {
      throw new IllegalArgumentException("messageHash is for message signatures");
    }
    Instant notBefore = t;
    Instant notAfter = t.plus(LEAF_LIFETIME);
    X509Certificate leaf = null;
    RekorBodies.Verifier verifier;
    RekorBodies.Verifier bodyVerifier;
    if (npmKey) {
      verifier = new RekorBodies.Verifier(signer.spki(), false, signer.keyDetails());
      bodyVerifier = has(Tamper.TLOG_BODY_KEY)
          ? new RekorBodies.Verifier(EcKey.derive("npm-registry-other", EcKey.Curve.P256).spki(), false,
              signer.keyDetails())
          : verifier;
    } else {
      GithubExtensions ext = resolvedGithub(certSan, certIssuer);
      FakeCa ca = has(Tamper.UNTRUSTED_CA) ? sigstore.untrustedCa() : sigstore.ca();
      FakeCtLog ct = has(Tamper.UNTRUSTED_CT_LOG) ? sigstore.untrustedCtLog() : sigstore.ctLog();
      FakeCa.SctMode sctMode = has(Tamper.NO_SCT) ? FakeCa.SctMode.NONE
          : has(Tamper.SCT_SIGNATURE) ? FakeCa.SctMode.BAD_SIGNATURE : FakeCa.SctMode.VALID;
      leaf = ca.issueLeaf(new FakeCa.LeafRequest(signer, certSan, certIssuer, ext, notBefore, notAfter,
          leafLabel), ct, sctMode, issuedByRoot);
      verifier = new RekorBodies.Verifier(Certificates.der(leaf), true, signer.keyDetails());
      if (has(Tamper.TLOG_BODY_KEY)) {
        // Another valid leaf for the same identity, as if a different signing session had been logged.
        EcKey otherKey = EcKey.deriveUncached(leafLabel + "/other", EcKey.Curve.P256);
        X509Certificate other = ca.issueLeaf(new FakeCa.LeafRequest(otherKey, certSan, certIssuer, ext,
            notBefore, notAfter, leafLabel + "/other"), ct, FakeCa.SctMode.VALID);
        bodyVerifier = new RekorBodies.Verifier(Certificates.der(other), true, otherKey.keyDetails());
      } else {
        bodyVerifier = verifier;
      }
    }

    // --- content signature ------------------------------------------------------------------
    byte[] signature = dsse ? signer.sign(signedBytes) : signer.sign(signedBytes, hash);
    if (has(Tamper.SIGNATURE)) {
      signature = Bytes.flipLast(signature);
    }
    byte[] payload = signedPayload;
    if (has(Tamper.DSSE_PAYLOAD)) {
      payload = Bytes.concat(signedPayload, " ".getBytes(StandardCharsets.UTF_8));
    }
    String keyId = npmKey ? sigstore.npmKey().keyId() : "";

    // --- times ------------------------------------------------------------------------------
    Instant logTime = t.plusSeconds(2);
    Instant tsaTime = t.plusSeconds(1);
    Instant shifted = has(Tamper.CERT_EXPIRED_AT_LOG_TIME) ? notAfter.plus(TIME_SHIFT)
        : has(Tamper.CERT_NOT_YET_VALID) ? notBefore.minus(TIME_SHIFT) : null;
    if (shifted != null) {
      if (v2) {
        tsaTime = shifted;
      } else {
        logTime = shifted;
      }
    }
    long integratedTime = logTime.getEpochSecond();

    // --- tlog body --------------------------------------------------------------------------
    byte[] bodySignature = has(Tamper.TLOG_BODY_SIGNATURE)
        ? signer.sign("hekate-testdata: some other content".getBytes(StandardCharsets.UTF_8))
        : signature;
    RekorBodies.Envelope envelope = new RekorBodies.Envelope(payloadType, payload, bodySignature, keyId);
    byte[] body = switch (kind) {
      case HASHEDREKORD_001 -> RekorBodies.hashedRekord001(Bytes.digest(hash, signedBytes), hash, bodySignature,
          bodyVerifier);
      case HASHEDREKORD_002 -> RekorBodies.hashedRekord002(
          Bytes.digest(hash, dsse ? RekorBodies.pae(payloadType, payload) : signedBytes), hash, bodySignature,
          bodyVerifier);
      case INTOTO_001 -> RekorBodies.intoto001(envelope, bodyVerifier);
      case INTOTO_002 -> RekorBodies.intoto002(envelope, bodyVerifier);
      case DSSE_001 -> RekorBodies.dsse001(envelope, bodyVerifier);
      case DSSE_002 -> RekorBodies.dsse002(envelope, bodyVerifier);
    };

    // --- log --------------------------------------------------------------------------------
    FakeLog log = v2
        ? (has(Tamper.UNKNOWN_LOG) ? sigstore.untrustedRekorV2() : sigstore.rekorV2())
        : (has(Tamper.UNKNOWN_LOG) ? sigstore.untrustedRekorV1() : sigstore.rekorV1());
    byte[] leafHash = Merkle.leafHash(body);
    FakeLog.Position position = logPosition != null
        ? log.position(logPosition[0], logPosition[1]) : log.position(leafHash);
    Merkle.Proof proof = Merkle.sparseProof(position.treeIndex(), position.treeSize(), leafHash, log.fillerSeed());

    ObjectNode entry = Json.object();
    entry.put("logIndex", Long.toString(position.logIndex()));
    entry.putObject("logId").put("keyId", Bytes.b64(log.logId()));
    entry.putObject("kindVersion").put("kind", kind.kind()).put("version", kind.version());
    if (!v2) {
      long shownTime = has(Tamper.INTEGRATED_TIME) ? integratedTime - 1 : integratedTime;
      entry.put("integratedTime", Long.toString(shownTime));
      if (withSet && !has(Tamper.NO_SET)) {
        byte[] set = log.signedEntryTimestamp(Bytes.b64(body), integratedTime, position.logIndex());
        if (has(Tamper.SET_SIGNATURE)) {
          set = Bytes.flipLast(set);
        }
        entry.putObject("inclusionPromise").put("signedEntryTimestamp", Bytes.b64(set));
      }
    }
    if (withInclusionProof && !has(Tamper.NO_INCLUSION_PROOF)) {
      entry.set("inclusionProof", inclusionProofJson(log, proof, v2, logTime));
    }
    entry.put("canonicalizedBody", Bytes.b64(body));

    // --- timestamp --------------------------------------------------------------------------
    byte[] signedTimestamp = null;
    byte[] badTimestamp = null;
    if (badTimestampFirst) {
      if (!timestamp) {
        throw new IllegalArgumentException("withBadTimestampFirst needs withTimestamp(true)");
      }
      badTimestamp = sigstore.tsa().timestamp("hekate-testdata: not the signature".getBytes(StandardCharsets.UTF_8),
          tsaTime, embedTsaCertificate);
    }
    if (timestamp) {
      FakeTsa tsa = has(Tamper.UNTRUSTED_TSA) ? sigstore.untrustedTsa() : sigstore.tsa();
      byte[] stamped = has(Tamper.TSA_IMPRINT)
          ? "hekate-testdata: not the signature".getBytes(StandardCharsets.UTF_8) : signature;
      signedTimestamp = tsa.timestamp(stamped, tsaTime, embedTsaCertificate || has(Tamper.UNTRUSTED_TSA));
    }

    // --- bundle -----------------------------------------------------------------------------
    ObjectNode bundle = Json.object();
    bundle.put("mediaType", has(Tamper.WRONG_MEDIA_TYPE)
        ? "application/vnd.dev.sigstore.bundle+json;version=99.9" : version.mediaType());
    ObjectNode material = bundle.putObject("verificationMaterial");
    if (npmKey) {
      material.putObject("publicKey").put("hint", keyId);
    } else if (version.singleCertificate()) {
      material.putObject("certificate").put("rawBytes", has(Tamper.EMPTY_CHAIN) ? "" : Bytes.b64(Certificates.der(leaf)));
    } else {
      ArrayNode certs = material.putObject("x509CertificateChain").putArray("certificates");
      if (!has(Tamper.EMPTY_CHAIN)) {
        FakeCa issuingCa = has(Tamper.UNTRUSTED_CA) ? sigstore.untrustedCa() : sigstore.ca();
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        if (chainWithIntermediate || has(Tamper.ROOT_IN_CHAIN)) {
          chain.add(issuingCa.intermediateCertificate());
        }
        if (has(Tamper.ROOT_IN_CHAIN)) {
          chain.add(issuingCa.rootCertificate());
        }
        for (X509Certificate c : chain) {
          certs.addObject().put("rawBytes", Bytes.b64(Certificates.der(c)));
        }
      }
    }
    ArrayNode entries = material.putArray("tlogEntries");
    if (!has(Tamper.NO_TLOG_ENTRY)) {
      entries.add(entry);
      if (has(Tamper.DUPLICATE_TLOG_ENTRY)) {
        entries.add(entry.deepCopy());
      }
    }
    if (signedTimestamp != null) {
      var timestamps = material.putObject("timestampVerificationData").putArray("rfc3161Timestamps");
      if (badTimestamp != null) {
        timestamps.addObject().put("signedTimestamp", Bytes.b64(badTimestamp));
      }
      timestamps.addObject().put("signedTimestamp", Bytes.b64(signedTimestamp));
    }
    if (dsse) {
      ObjectNode env = bundle.putObject("dsseEnvelope");
      env.put("payload", Bytes.b64(payload));
      env.put("payloadType", payloadType);
      ObjectNode sig = env.putArray("signatures").addObject();
      sig.put("sig", Bytes.b64(signature));
      if (!keyId.isEmpty()) {
        sig.put("keyid", keyId);
      }
    } else {
      byte[] digest = Bytes.digest(hash, signedBytes);
      ObjectNode ms = bundle.putObject("messageSignature");
      ms.putObject("messageDigest").put("algorithm", hash.equals("SHA-256") ? "SHA2_256" : "SHA2_384")
          .put("digest", Bytes.b64(has(Tamper.MESSAGE_DIGEST) ? Bytes.flip(digest, 0) : digest));
      ms.put("signature", Bytes.b64(signature));
    }

    // --- what the verifier is given alongside -------------------------------------------------
    Optional<byte[]> artifact = artifactOf(content)
        .map(a -> has(Tamper.ARTIFACT) ? tamperedArtifact(a) : a);
    byte[] npmKeys = has(Tamper.NPM_KEY_OUTSIDE_VALIDITY)
        ? sigstore.npmKeysJson(endedBefore(sigstore.npmKey().validity(), v2 ? tsaTime : logTime))
        : sigstore.npmKeysJson();
    Optional<String> predicateType = content instanceof DsseContent d ? d.predicateType() : Optional.empty();

    return new FakeBundle(
        Json.compact(bundle),
        artifact,
        version,
        kind,
        EnumSet.copyOf(tampers),
        Optional.ofNullable(leaf),
        npmKey ? Optional.of(sigstore.npmKey().publicKeyPem()) : Optional.empty(),
        identity,
        issuer,
        sigstore.trustedRootJson(),
        npmKeys,
        signature,
        dsse ? Optional.of(payload) : Optional.empty(),
        predicateType,
        t,
        v2 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(integratedTime)),
        timestamp ? Optional.of(tsaTime) : Optional.empty(),
        dsse && !npmKey
            ? Optional.of(RekorBodies.rawEnvelope(new RekorBodies.Envelope(payloadType, payload, signature, keyId), verifier))
            : Optional.empty());
  }

  private ObjectNode inclusionProofJson(FakeLog log, Merkle.Proof proof, boolean v2, Instant logTime) {
    byte[] rootHash = has(Tamper.ROOT_HASH) ? Bytes.flip(proof.rootHash(), 0) : proof.rootHash();
    List<byte[]> hashes = new ArrayList<>(proof.hashes());
    if (has(Tamper.INCLUSION_PROOF_HASH)) {
      int middle = hashes.size() / 2;
      hashes.set(middle, Bytes.flip(hashes.get(middle), 0));
    }
    String origin = has(Tamper.CHECKPOINT_ORIGIN)
        ? log.origin().replace(".hekate.test", ".hekate-attacker.test") : log.origin();
    String noteBody = v2
        ? FakeLog.checkpointBody(origin, proof.treeSize(), rootHash)
        // Rekor v1 adds a "Timestamp: <unix nanos>" extension line to its checkpoints.
        : FakeLog.checkpointBody(origin, proof.treeSize(), rootHash,
            "Timestamp: " + (logTime.getEpochSecond() * 1_000_000_000L + 123_456_789L));
    byte[] hint = log.keyHint();
    if (has(Tamper.CHECKPOINT_KEY_HINT)) {
      for (int i = 0; i < hint.length; i++) {
        hint[i] ^= (byte) 0xff;
      }
    }
    String envelope = log.signNote(noteBody, hint, has(Tamper.CHECKPOINT_SIGNATURE));

    ObjectNode p = Json.object();
    p.put("logIndex", Long.toString(proof.index()));
    p.put("rootHash", Bytes.b64(rootHash));
    p.put("treeSize", Long.toString(proof.treeSize()));
    ArrayNode h = p.putArray("hashes");
    for (byte[] hash : hashes) {
      h.add(Bytes.b64(hash));
    }
    p.putObject("checkpoint").put("envelope", envelope);
    return p;
  }

  private static String attackerIdentityFor(String identity) {
    return identity.contains("://") || !identity.contains("@") ? ATTACKER_IDENTITY : ATTACKER_EMAIL;
  }

  private static byte[] tamperedArtifact(byte[] artifact) {
    return Bytes.concat(artifact, "tampered".getBytes(StandardCharsets.UTF_8));
  }

  private static Validity endedBefore(Validity validity, Instant logTime) {
    Instant end = logTime.minus(Duration.ofDays(1));
    Instant start = validity.start().isBefore(end) ? validity.start() : end.minus(Duration.ofDays(365));
    return Validity.between(start, end);
  }

  private static byte[] statement(String type, String subjectName, Map<String, String> digests,
      String predicateType, String predicateJson) {
    JsonNode predicate = Json.parse(predicateJson);
    return Statements.statement(type, subjectName, new LinkedHashMap<>(digests), predicateType, predicate);
  }
}
