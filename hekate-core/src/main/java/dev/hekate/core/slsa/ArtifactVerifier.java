package dev.hekate.core.slsa;

import static dev.hekate.core.result.CheckId.*;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.json.Limits;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.rekor.LogSearch;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.core.verify.VerificationResult;
import dev.hekate.core.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies artifacts against their SLSA provenance from slsa-github-generator, offline — the
 * checks of slsa-verifier's {@code verify-artifact}:
 *
 * <ol>
 *   <li>the provenance is a Sigstore bundle that verifies ({@link BundleVerifier}: signature,
 *       certificate chain and SCT, transparency log entry and proof, timestamps) for a GitHub
 *       Actions certificate; a raw DSSE envelope has no log entry to check and is MISSING, unless
 *       the verifier was given a log to look its entry up in ({@link #withLogLookup}): then the
 *       envelope with the entry found must verify as that bundle would ({@link RekorLookup});</li>
 *   <li>its statement is a SLSA provenance ({@code slsa.provenance});</li>
 *   <li>the builder is trusted and the one asked for ({@code slsa.builder});</li>
 *   <li>the source repository is the one asked for ({@code slsa.source});</li>
 *   <li>every artifact is a subject ({@code slsa.subject});</li>
 *   <li>the branch and tag, when asked for ({@code slsa.branch}, {@code slsa.tag}).</li>
 * </ol>
 *
 * <p>Never throws for bad input: failures are in the result. No wall clock; no I/O but the log
 * lookup, and only when one was given: a log that cannot be asked makes {@code slsa.provenance}
 * ERROR, never FAILED, never verified. Thread-safe and immutable.
 */
public final class ArtifactVerifier {
  /** Any GitHub workflow: which builders are trusted is {@link BuilderTrust}'s decision, with its own reasons. */
  static final Policy ANY_GITHUB_WORKFLOW =
      Policy.identity(IdentityPolicy.regex("https://github\\.com/.+", BuilderTrust.ISSUER));

  private final BundleVerifier bundles;
  private final Optional<LogSearch> log;

  /** Verifies offline: a raw DSSE envelope is MISSING its log entry. */
  public ArtifactVerifier(TrustedRoot trustedRoot) {
    this(trustedRoot, Optional.empty());
  }

  private ArtifactVerifier(TrustedRoot trustedRoot, Optional<LogSearch> log) {
    this.bundles = new BundleVerifier(Objects.requireNonNull(trustedRoot, "trustedRoot"));
    this.log = log;
  }

  /**
   * A verifier that looks a raw DSSE envelope's entry up in {@code log} (Rekor v1); bundles are
   * verified as they are, offline.
   */
  public static ArtifactVerifier withLogLookup(TrustedRoot trustedRoot, LogSearch log) {
    return new ArtifactVerifier(trustedRoot, Optional.of(Objects.requireNonNull(log, "log")));
  }

  public ArtifactVerification verify(byte[] provenanceFile, ArtifactExpectations expected) {
    Checks checks = new Checks();
    plan(checks, expected);
    switch (ProvenanceFormat.of(provenanceFile)) {
      case RAW_DSSE -> {
        return log.isPresent() ? lookedUp(provenanceFile, expected, log.get(), checks) : rawDsse(checks);
      }
      case UNKNOWN -> {
        checks.fail(VerificationException.invalid(SLSA_PROVENANCE, provenanceFile.length > Limits.MAX_BUNDLE_BYTES
            ? "the provenance is " + provenanceFile.length + " bytes, over the limit of " + Limits.MAX_BUNDLE_BYTES
            : "the provenance is neither a Sigstore bundle nor a DSSE envelope"));
        return new ArtifactVerification(checks.results(), Optional.empty());
      }
      case BUNDLE -> {
        // handled below
      }
    }
    // "The provenance is a Sigstore bundle that verifies, signed by a GitHub workflow."
    VerificationResult bundle = bundles.verify(provenanceFile, Artifact.ofDigest(expected.artifacts().get(0)),
        ANY_GITHUB_WORKFLOW);
    return afterBundle(bundle, "", expected, checks);
  }

  /** The provenance checks, once the bundle's (or the assembled bundle's) checks are in. */
  private static ArtifactVerification afterBundle(VerificationResult bundle, String provenanceDetail,
      ArtifactExpectations expected, Checks checks) {
    List<CheckResult> all = new ArrayList<>(bundle.checks());
    if (bundle.verifiedBundle().isEmpty()) {
      all.addAll(checks.results());
      return new ArtifactVerification(all, Optional.empty());
    }
    Optional<VerifiedArtifact> verified = verifyProvenance(bundle.verifiedBundle().get(), provenanceDetail, expected,
        checks);
    all.addAll(checks.results());
    return new ArtifactVerification(all, verified);
  }

  /** A raw DSSE envelope whose log entry is looked up in {@code log}. */
  private ArtifactVerification lookedUp(byte[] provenanceFile, ArtifactExpectations expected, LogSearch log,
      Checks checks) {
    RawDsseEnvelope raw;
    try {
      raw = RawDsseEnvelope.parse(provenanceFile);
    } catch (VerificationException e) {
      checks.fail(e);
      return new ArtifactVerification(checks.results(), Optional.empty());
    }
    // "Find the envelope's entry in the log; with it, the envelope must verify as a bundle would."
    return switch (RekorLookup.find(raw, expected.artifacts().get(0), log, bundles, ANY_GITHUB_WORKFLOW)) {
      case RekorLookup.Result.Verified found -> afterBundle(found.bundle(), "logged in " + log.describe()
          + " as entry " + found.entry().logIndex() + " (" + found.uuid() + ")", expected, checks);
      case RekorLookup.Result.Rejected rejected -> afterBundle(rejected.bundle(), "", expected, checks);
      case RekorLookup.Result.NotFound notFound -> withoutBundle(CheckResult.missing(SLSA_PROVENANCE,
          "the provenance is a raw DSSE envelope and " + notFound.detail()), checks);
      case RekorLookup.Result.Unavailable unavailable -> withoutBundle(CheckResult.unavailable(SLSA_PROVENANCE,
          "the provenance is a raw DSSE envelope and its log entry could not be looked up: " + unavailable.reason()),
          checks);
    };
  }

  private static Optional<VerifiedArtifact> verifyProvenance(VerifiedBundle bundle, String provenanceDetail,
      ArtifactExpectations expected, Checks checks) {
    try {
      // "The signed statement is a SLSA provenance."
      Provenance provenance = checks.run(SLSA_PROVENANCE, provenanceDetail,
          () -> ProvenanceParser.parse(statement(bundle)));
      FulcioExtensions certificate = bundle.fulcioExtensions().orElseThrow(() -> checks.fail(
          VerificationException.invalid(SLSA_BUILDER, "the provenance is not signed with a Fulcio certificate")));
      // "The builder is trusted, at a release, and the one asked for."
      BuilderId builder = checks.run(SLSA_BUILDER, "", () -> BuilderTrust.verify(bundle.subjectAlternativeNames(),
          certificate.issuer(), expected.builderId(), provenance));
      // "The source is the repository asked for."
      checks.run(SLSA_SOURCE, provenance.sourceUri(),
          () -> SourceMatcher.verify(expected.sourceUri(), certificate, provenance));
      // "Every artifact is a subject."
      checks.run(SLSA_SUBJECT, expected.artifacts().size() + " artifact(s)",
          () -> requireSubjects(provenance, expected.artifacts()));
      // "The branch and tag are the ones asked for."
      if (expected.branch().isPresent()) {
        checks.run(SLSA_BRANCH, expected.branch().get(), () -> RefMatcher.verifyBranch(provenance, expected.branch().get()));
      }
      if (expected.tag().isPresent()) {
        checks.run(SLSA_TAG, expected.tag().get(), () -> RefMatcher.verifyTag(provenance, expected.tag().get()));
      }
      if (expected.versionedTag().isPresent()) {
        checks.run(SLSA_TAG, expected.versionedTag().get(),
            () -> RefMatcher.verifyVersionedTag(provenance, expected.versionedTag().get()));
      }
      checks.errorUnrun();
      if (!checks.allPassed()) {
        return Optional.empty();
      }
      byte[] payload = ((Content.DsseEnvelope) bundle.bundle().content()).payload();
      return Optional.of(new VerifiedArtifact(builder, provenance.sourceUri(), expected.artifacts(), payload));
    } catch (Checks.Stop stop) {
      return Optional.empty();
    }
  }

  private static InTotoStatement statement(VerifiedBundle bundle) throws VerificationException {
    if (!(bundle.bundle().content() instanceof Content.DsseEnvelope)) {
      throw VerificationException.invalid(SLSA_PROVENANCE, "the bundle signs a message, not an in-toto statement");
    }
    return bundle.statement().orElseThrow(() -> VerificationException.invalid(SLSA_PROVENANCE,
        "the bundle's envelope holds no in-toto statement"));
  }

  /** slsa-verifier's {@code verifyDigest}, for each artifact: a subject's {@code sha256} is the artifact's. */
  private static void requireSubjects(Provenance provenance, List<Digest> artifacts) throws VerificationException {
    for (Digest artifact : artifacts) {
      boolean found = provenance.subjects().stream().flatMap(s -> s.digests().stream())
          .anyMatch(d -> d.algorithm().equals("sha256") && d.sameAs(artifact));
      if (!found) {
        throw VerificationException.mismatch(SLSA_SUBJECT, "an artifact is not a subject of the provenance",
            "a subject with sha256 " + artifact.hex(), provenance.subjects().size() + " subject(s), none with it");
      }
    }
  }

  private static ArtifactVerification rawDsse(Checks checks) {
    return withoutBundle(CheckResult.missing(SLSA_PROVENANCE, "the provenance is a raw DSSE envelope, not a Sigstore"
        + " bundle: it carries no transparency log entry, so neither the log inclusion nor the signing time (which the "
        + "certificate's validity is checked at) can be verified offline; finding its entry needs a Rekor lookup "
        + "(--rekor-url). Use the Sigstore bundle (.sigstore, .build.slsa) if the builder wrote one"), checks);
  }

  /** {@code provenance} for {@code slsa.provenance}, and every other planned check NOT_RUN. */
  private static ArtifactVerification withoutBundle(CheckResult provenance, Checks checks) {
    List<CheckResult> all = new ArrayList<>();
    all.add(provenance);
    for (CheckResult result : checks.results()) {
      if (result.id() != SLSA_PROVENANCE) {
        all.add(result);
      }
    }
    return new ArtifactVerification(all, Optional.empty());
  }

  /** Every check these expectations need; a verified result needs each of them PASSED. */
  private static void plan(Checks checks, ArtifactExpectations expected) {
    checks.plan(SLSA_PROVENANCE, SLSA_BUILDER, SLSA_SOURCE, SLSA_SUBJECT);
    if (expected.branch().isPresent()) {
      checks.plan(SLSA_BRANCH);
    }
    if (expected.tag().isPresent() || expected.versionedTag().isPresent()) {
      checks.plan(SLSA_TAG);
    }
  }
}
