package dev.hekate.core.npm;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.core.verify.VerificationResult;
import dev.hekate.core.verify.VerifiedBundle;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Decides one npm package version from what the registry served: the attestations response, the
 * version document, and optionally the tarball's digest. No I/O: fetching is the caller's job
 * ({@link dev.hekate.core.service.NpmService} does it), which keeps every decision testable.
 *
 * <p>{@link #verify} reads one line per stage, after slsa-verifier's {@code VerifyNpmPackage}: the
 * tarball against the registry's integrity; selection of the two attestations by predicate type;
 * both bundles (the publish attestation against npm's key, the provenance against its Fulcio
 * certificate); the subjects against this package and its integrity; the registry's own signature;
 * the provenance's builder and its agreement with the certificate; the packument's unsigned
 * claims; continuity with the previous version. Each stage records named checks and findings;
 * {@link VerdictStatus} turns them into the status. Never throws for bad input; an exception
 * inside a check is recorded as ERROR, never as FAILED.
 *
 * <p>Thread-safe; build once per trust configuration.
 */
public final class NpmVerifier {
  private final BundleVerifier bundles;
  private final TrustedKeys npmKeys;
  private final Optional<Executor> concurrent;

  /** A verifier that checks everything on the calling thread. */
  public NpmVerifier(TrustedRoot trustedRoot, TrustedKeys npmKeys) {
    this(trustedRoot, npmKeys, Optional.empty());
  }

  /**
   * @param concurrent where to verify the provenance bundle while the calling thread verifies the
   *     publish attestation — lower latency for one request when a second core is free; leave
   *     empty where many verifications already run in parallel (the sweep)
   */
  public NpmVerifier(TrustedRoot trustedRoot, TrustedKeys npmKeys, Optional<Executor> concurrent) {
    this.bundles = new BundleVerifier(trustedRoot);
    this.npmKeys = Objects.requireNonNull(npmKeys, "npmKeys");
    this.concurrent = Objects.requireNonNull(concurrent, "concurrent");
  }

  /**
   * What the registry served for one version.
   *
   * @param attestations the attestations response body; empty when the registry has none (404)
   * @param tarball the digests of the tarball as served, when it was fetched
   * @param history the bar set by the versions published before this one ({@link TrustHistory})
   * @param predecessor the latest earlier version that verified, for continuity; or that none
   *     did; or {@link Predecessor#NOT_LOOKED}
   * @param registryKeys whether the registry publishes signing keys, which decides what a version
   *     without {@code dist.signatures} means ({@link RegistrySignatureCheck})
   * @param trustExceptions the downgrades the operator accepts ({@link TrustExceptions})
   */
  public record Input(
      String name,
      String version,
      VersionDocument document,
      Optional<Instant> publishedAt,
      Optional<byte[]> attestations,
      Optional<TarballDigests> tarball,
      TrustHistory history,
      Predecessor predecessor,
      RegistryKeys registryKeys,
      TrustExceptions trustExceptions) {

    public Input {
      // One null check per component: records validate what they hold.
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(publishedAt, "publishedAt");
      Objects.requireNonNull(attestations, "attestations");
      Objects.requireNonNull(tarball, "tarball");
      Objects.requireNonNull(history, "history");
      Objects.requireNonNull(predecessor, "predecessor");
      Objects.requireNonNull(registryKeys, "registryKeys");
      Objects.requireNonNull(trustExceptions, "trustExceptions");
    }

    /** An input without trust exceptions. */
    public Input(String name, String version, VersionDocument document, Optional<Instant> publishedAt,
        Optional<byte[]> attestations, Optional<TarballDigests> tarball, TrustHistory history, Predecessor predecessor,
        RegistryKeys registryKeys) {
      this(name, version, document, publishedAt, attestations, tarball, history, predecessor, registryKeys,
          TrustExceptions.NONE);
    }

    /** An input without trust exceptions whose predecessor, if any, is known only by its evidence. */
    public Input(String name, String version, VersionDocument document, Optional<Instant> publishedAt,
        Optional<byte[]> attestations, Optional<TarballDigests> tarball, TrustHistory history,
        Optional<Evidence> previous, RegistryKeys registryKeys) {
      this(name, version, document, publishedAt, attestations, tarball, history, Predecessor.of(previous), registryKeys);
    }

    /**
     * An input whose only history is whether an earlier version had provenance (for callers that
     * have no packument, and tests).
     */
    public Input(String name, String version, VersionDocument document, Optional<Instant> publishedAt,
        Optional<byte[]> attestations, Optional<TarballDigests> tarball, boolean earlierVersionHadProvenance,
        Optional<Evidence> previous, RegistryKeys registryKeys) {
      this(name, version, document, publishedAt, attestations, tarball, earlierVersionHadProvenance
          ? new TrustHistory.Placed(TrustTier.PROVENANCE, Optional.empty()) : TrustHistory.NONE, previous, registryKeys);
    }

    /** The same input with {@code exceptions} as its trust exceptions. */
    public Input withTrustExceptions(TrustExceptions exceptions) {
      return new Input(name, version, document, publishedAt, attestations, tarball, history, predecessor, registryKeys,
          exceptions);
    }
  }

  /** Decides the version. Never throws for bad input: failures are in the verdict. */
  public Verdict verify(Input input) {
    VerdictBuilder verdict = new VerdictBuilder(input);
    // "The tarball the registry serves is the one its integrity names."
    ArtifactCorrelation.tarball(verdict);
    // "Select the publish attestation and the provenance by predicate type, never position."
    Optional<AttestationSelection.Selected> selected = AttestationSelection.select(input.attestations(), verdict);
    if (selected.isEmpty()) {
      return verdict.build(Evidence.none());
    }
    // "Verify both bundles: the publish attestation with npm's key, the provenance with its Fulcio certificate."
    Bundles verified = verifyBundles(selected.get(), verdict);
    if (selected.get().provenance().isEmpty()) {
      AttestationSelection.noProvenance("a publish attestation only",
          "the registry has a publish attestation but no provenance: no CI build vouches for this version", verdict);
      return verdict.build(Evidence.none());
    }
    AttestationSelection.confirm(selected.get(), verified.publish(), verified.provenance(), verdict);
    if (verified.publish().isEmpty() || verified.provenance().isEmpty()) {
      return verdict.build(Evidence.none());
    }
    VerifiedBundle publish = verified.publish().get();
    VerifiedBundle provenance = verified.provenance().get();
    // "Both statements name this package and version, and attest the registry's integrity."
    ArtifactCorrelation.subjects(publish.statement().orElseThrow(), provenance.statement().orElseThrow(), verdict);
    // "The registry signed name@version:integrity" (with a key valid at the attestation's signed time).
    RegistrySignatureCheck.verify(input, publish, npmKeys, verdict);
    // "The provenance names a known builder, and tells the certificate's story."
    Optional<ProvenanceClaims> claims = ProvenanceCorrelation.verify(provenance, verdict);
    if (claims.isEmpty()) {
      return verdict.build(Evidence.none());
    }
    // "Where the build came from, as the certificate says."
    Evidence evidence = EvidenceAssembly.of(input, claims.get(), provenance.fulcioExtensions().orElseThrow(), publish,
        provenance);
    // "The packument's unsigned source fields agree with the signed source" (findings only).
    SourceFindings.compare(input.document(), evidence, verdict);
    // "The build comes from where, and how, the previous verified version's did" (findings only).
    ContinuityFindings.compare(input.predecessor(), input, evidence, verdict);
    return verdict.build(evidence);
  }

  // --- bundles ---------------------------------------------------------------------------

  private record Bundles(Optional<VerifiedBundle> publish, Optional<VerifiedBundle> provenance) {}

  /**
   * Verifies both bundles and records their checks, publish first. They are independent: the
   * provenance may be verified on another thread while this one verifies the publish attestation.
   */
  private Bundles verifyBundles(AttestationSelection.Selected selected, VerdictBuilder verdict) {
    Optional<AttestationSelection.Attestation> provenance = selected.provenance();
    CompletableFuture<Optional<VerificationResult>> provenanceResult = provenance.isEmpty()
        ? CompletableFuture.completedFuture(Optional.empty())
        : concurrent.isPresent()
            ? CompletableFuture.supplyAsync(() -> Optional.of(verifyProvenance(provenance.get(), verdict.input())),
                concurrent.get())
            : CompletableFuture.completedFuture(Optional.of(verifyProvenance(provenance.get(), verdict.input())));
    Optional<VerifiedBundle> publish = selected.publish()
        .flatMap(p -> verdict.recordBundle(VerdictCheck.PUBLISH, verifyPublish(p, verdict.input())));
    Optional<VerifiedBundle> verifiedProvenance = provenanceResult.join()
        .flatMap(r -> verdict.recordBundle(VerdictCheck.PROVENANCE, r));
    return new Bundles(publish, verifiedProvenance);
  }

  private VerificationResult verifyPublish(AttestationSelection.Attestation attestation, Input input) {
    return verifyBundle(attestation, input, bundle -> Policy.trustedKeys(npmKeys, TrustedKeys.NPM_ATTESTATIONS));
  }

  private VerificationResult verifyProvenance(AttestationSelection.Attestation attestation, Input input) {
    return verifyBundle(attestation, input, bundle -> Policy.identity(ProvenanceIdentity.policyFor(bundle)));
  }

  private VerificationResult verifyBundle(AttestationSelection.Attestation attestation, Input input,
      Function<Bundle, Policy> policy) {
    Bundle bundle;
    try {
      bundle = BundleParser.parse(attestation.bundle());
    } catch (VerificationException e) {
      return new VerificationResult(List.of(CheckResult.failed(e)), Optional.empty());
    }
    // The bundle is checked against the digest its statement claims; whether that digest is the
    // registry's is npm.integrity's question, answered with both values in hand. The payload
    // parsed during selection is reused only if it is this bundle's, byte for byte.
    if (bundle.content() instanceof Content.DsseEnvelope dsse) {
      InTotoStatement.Parse payload = attestation.payload().reuseFor(dsse.payloadType(), dsse.payload());
      return bundles.verify(bundle, claimedArtifact(payload.valid(), input), policy.apply(bundle), payload);
    }
    return bundles.verify(bundle, claimedArtifact(Optional.empty(), input), policy.apply(bundle));
  }

  /** The sha512 digests {@code statement} claims; a malformed payload the bundle verifier reports. */
  private static Artifact claimedArtifact(Optional<InTotoStatement> statement, Input input) {
    if (statement.isPresent()) {
      List<Digest> sha512 = statement.get().subjects().stream().flatMap(s -> s.digests().stream())
          .filter(d -> d.algorithm().equals("sha512")).toList();
      if (!sha512.isEmpty()) {
        return Artifact.ofDigests(sha512);
      }
    }
    return Artifact.ofDigest(ArtifactCorrelation.registryIntegrity(input).orElse(new Digest("sha512", new byte[64])));
  }
}
