package dev.hekate.core.verify;

import static dev.hekate.core.result.CheckId.*;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.certificate.Signer;
import dev.hekate.core.certificate.SignerVerifier;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.IdentityVerifier;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.policy.SignerSelection;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.ContentVerifier;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.timestamp.TimestampVerifier;
import dev.hekate.core.tlog.InclusionProofVerifier;
import dev.hekate.core.tlog.TransparencyLogVerifier;
import dev.hekate.core.trust.TrustedRoot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a Sigstore bundle, offline, against a trusted root, an artifact and a signer policy.
 *
 * <p>{@link #verify(Bundle, Artifact, Policy)} reads like the Sigstore client specification, one
 * line per stage, each stage in its own package: establish the signer ({@code policy}), verify the
 * RFC 3161 timestamps ({@code timestamp}), the signature over the content ({@code signature},
 * {@code statement}), the transparency log entries ({@code tlog}), require a verified time, check
 * the signer at those times ({@code certificate}), and its identity ({@code policy}). Every check is
 * recorded with its {@link dev.hekate.core.result.CheckId}; the first that does not pass stops the
 * pipeline, and the bundle is verified only when every planned check ran and passed. No I/O, no
 * wall clock.
 *
 * <p>Never throws for bad input: failures are in the result. An exception inside a check is
 * Hekate's fault and is recorded as {@code ERROR}, never as a failure of the evidence.
 *
 * <p>Thread-safe and immutable: build one per trusted root and reuse it.
 */
public final class BundleVerifier {
  private final TrustedRoot trustedRoot;

  public BundleVerifier(TrustedRoot trustedRoot) {
    this.trustedRoot = Objects.requireNonNull(trustedRoot, "trustedRoot");
  }

  public TrustedRoot trustedRoot() {
    return trustedRoot;
  }

  /** Parses and verifies bundle bytes. */
  public VerificationResult verify(byte[] bundleJson, Artifact artifact, Policy policy) {
    Checks checks = new Checks();
    checks.plan(BUNDLE_FORMAT, BUNDLE_MEDIA_TYPE, BUNDLE_VERIFICATION_MATERIAL, BUNDLE_TLOG_ENTRIES);
    Bundle bundle;
    try {
      bundle = BundleParser.parse(bundleJson);
    } catch (VerificationException e) {
      checks.fail(e);
      return new VerificationResult(checks.results(), Optional.empty());
    }
    return verify(bundle, artifact, policy, checks, Optional.empty());
  }

  /** Verifies an already parsed bundle. */
  public VerificationResult verify(Bundle bundle, Artifact artifact, Policy policy) {
    return verify(bundle, artifact, policy, new Checks(), Optional.empty());
  }

  /**
   * Verifies an already parsed bundle whose DSSE payload the caller has parsed already (to choose
   * the artifact, say). {@code payload} stands in for parsing it again only if it was made from
   * the bundle's own payload type and bytes; otherwise the payload is parsed afresh.
   */
  public VerificationResult verify(Bundle bundle, Artifact artifact, Policy policy, InTotoStatement.Parse payload) {
    return verify(bundle, artifact, policy, new Checks(), Optional.of(payload));
  }

  private VerificationResult verify(Bundle bundle, Artifact artifact, Policy policy, Checks checks,
      Optional<InTotoStatement.Parse> payload) {
    plan(checks, bundle, policy);
    checks.passed(BUNDLE_FORMAT, "");
    checks.passed(BUNDLE_MEDIA_TYPE, bundle.mediaType());
    checks.passed(BUNDLE_TLOG_ENTRIES, "");
    try {
      // "Establish the key or certificate the signature claims."
      Signer signer = SignerSelection.establish(bundle, policy, trustedRoot, checks);
      // "Verify the timestamp authorities' timestamps over the signature."
      List<Instant> timestampTimes = TimestampVerifier.verify(bundle, trustedRoot, checks);
      // "The signature covers the content, and the content is the artifact."
      Optional<InTotoStatement> statement = ContentVerifier.verify(bundle.content(), signer.key(), artifact, payload, checks);
      // "Verify each transparency log entry: its log, its body, its promise and its proof."
      TransparencyLogVerifier.Result log = TransparencyLogVerifier.verify(bundle, signer.key(), artifact.digests(),
          timestampTimes, trustedRoot, checks);
      // "At least one verified time must anchor the signature."
      List<Instant> times = concat(timestampTimes, log.integratedTimes());
      TimestampVerifier.requireThreshold(times, checks);
      // "The signer was valid at every verified time."
      SignerVerifier.verifyAt(signer, times, trustedRoot, checks);
      // "The signer is the one the policy asks for."
      Optional<FulcioExtensions> claims = IdentityVerifier.verify(signer, policy, checks);
      checks.errorUnrun();
      if (!checks.allPassed()) {
        return new VerificationResult(checks.results(), Optional.empty());
      }
      return new VerificationResult(checks.results(), Optional.of(new VerifiedBundle(bundle, signer.key(), claims,
          signer.certificate().map(IdentityPolicy::subjectAlternativeNames).orElse(List.of()), times, log.entries(),
          statement)));
    } catch (Checks.Stop stop) {
      return new VerificationResult(checks.results(), Optional.empty());
    }
  }

  /** The checks this bundle needs under this policy: none may be skipped for a verified result. */
  private static void plan(Checks checks, Bundle bundle, Policy policy) {
    checks.plan(BUNDLE_FORMAT, BUNDLE_MEDIA_TYPE, BUNDLE_VERIFICATION_MATERIAL, BUNDLE_TLOG_ENTRIES,
        TLOG_KEY, TLOG_ENTRY_BODY, TIMESTAMP_THRESHOLD);
    List<TlogEntry> entries = bundle.tlogEntries();
    if (entries.stream().anyMatch(e -> e.signedEntryTimestamp().isPresent())) {
      checks.plan(TLOG_SET);
    }
    if (entries.stream().anyMatch(e -> e.inclusionProof().isPresent())) {
      checks.plan(TLOG_INCLUSION_PROOF);
    }
    if (entries.stream().anyMatch(e -> InclusionProofVerifier.needsCheckpoint(e))) {
      checks.plan(TLOG_CHECKPOINT);
    }
    if (!bundle.rfc3161Timestamps().isEmpty()) {
      checks.plan(TIMESTAMP_RFC3161);
    }
    if (policy instanceof Policy.Identity identity) {
      checks.plan(CERTIFICATE_VALIDITY, CERTIFICATE_CHAIN, CERTIFICATE_SCT, IDENTITY_SAN, IDENTITY_ISSUER);
      if (!identity.identity().extensions().isEmpty()) {
        checks.plan(IDENTITY_EXTENSIONS);
      }
    } else {
      checks.plan(PUBLIC_KEY);
    }
    if (bundle.content() instanceof Content.MessageSignature) {
      checks.plan(ARTIFACT_DIGEST, MESSAGE_SIGNATURE);
    } else {
      checks.plan(DSSE_SIGNATURE, STATEMENT_FORMAT, STATEMENT_SUBJECT);
    }
  }

  private static List<Instant> concat(List<Instant> first, List<Instant> second) {
    List<Instant> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
