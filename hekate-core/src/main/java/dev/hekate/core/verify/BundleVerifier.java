package dev.hekate.core.verify;

import static dev.hekate.core.result.CheckId.*;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.InclusionProof;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.bundle.VerificationMaterial;
import dev.hekate.core.certificate.CertificateVerifier;
import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.certificate.SctVerifier;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.timestamp.Rfc3161Verifier;
import dev.hekate.core.tlog.Checkpoint;
import dev.hekate.core.tlog.LogEntryBody;
import dev.hekate.core.tlog.MerkleTree;
import dev.hekate.core.tlog.SignedEntryTimestamp;
import dev.hekate.core.trust.CertificateAuthority;
import dev.hekate.core.trust.TransparencyLog;
import dev.hekate.core.trust.TrustedKey;
import dev.hekate.core.trust.TrustedRoot;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a Sigstore bundle, offline, against a trusted root, an artifact and a signer policy.
 *
 * <p>The pipeline follows the Sigstore client specification: establish the signing key; verify
 * the timestamp authorities' and transparency logs' evidence and collect the times it proves;
 * check the certificate (or key) at those times; check the signature over the content; apply the
 * identity policy. Every check is recorded with its {@link dev.hekate.core.result.CheckId}; the
 * bundle is verified only when every planned check ran and passed. No I/O, no wall clock.
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

  /** Parses and verifies bundle bytes. Never throws for bad input: failures are in the result. */
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
    for (var id : List.of(BUNDLE_FORMAT, BUNDLE_MEDIA_TYPE, BUNDLE_TLOG_ENTRIES)) {
      checks.passed(id, id == BUNDLE_MEDIA_TYPE ? bundle.mediaType() : "");
    }
    try {
      // "Establish the key or certificate the signature claims."
      Signer signer = signer(bundle, policy, checks);
      // "Verify the timestamp authorities' timestamps over the signature."
      List<Instant> timestampTimes = timestamps(bundle, checks);
      // "The signature covers the content, and the content is the artifact."
      Optional<InTotoStatement> statement = content(bundle.content(), signer.key(), artifact, checks, payload);
      // "Verify each transparency log entry: its log, its body, its promise and its proof."
      List<Instant> times = new ArrayList<>(timestampTimes);
      List<VerifiedBundle.VerifiedLogEntry> entries = transparencyLog(bundle, signer.key(), artifact,
          timestampTimes, times, checks);
      // "At least one verified time must anchor the signature."
      checks.run(TIMESTAMP_THRESHOLD, times.size() + " verified time(s)", () -> {
        if (times.isEmpty()) {
          throw VerificationException.failed(TIMESTAMP_THRESHOLD,
              "no verified time: the bundle has no signed entry timestamp and no valid RFC 3161 timestamp");
        }
      });
      // "The signer was valid at every verified time."
      verifySigner(signer, times, checks);
      // "The signer is the one the policy asks for."
      Optional<FulcioExtensions> claims = identity(signer, policy, checks);
      if (!checks.allPassed()) {
        checks.failUnrun();
        return new VerificationResult(checks.results(), Optional.empty());
      }
      return new VerificationResult(checks.results(), Optional.of(new VerifiedBundle(
          bundle, signer.key(), claims, sans(signer), times, entries, statement)));
    } catch (Checks.Stop stop) {
      return new VerificationResult(checks.results(), Optional.empty());
    }
  }

  private static void plan(Checks checks, Bundle bundle, Policy policy) {
    checks.plan(BUNDLE_FORMAT, BUNDLE_MEDIA_TYPE, BUNDLE_VERIFICATION_MATERIAL, BUNDLE_TLOG_ENTRIES,
        TLOG_KEY, TLOG_ENTRY_BODY, TIMESTAMP_THRESHOLD);
    if (bundle.tlogEntries().stream().anyMatch(e -> e.signedEntryTimestamp().isPresent())) {
      checks.plan(TLOG_SET);
    }
    if (bundle.tlogEntries().stream().anyMatch(e -> e.inclusionProof().isPresent())) {
      checks.plan(TLOG_INCLUSION_PROOF);
    }
    if (bundle.tlogEntries().stream().anyMatch(e -> needsCheckpoint(bundle, e))) {
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

  /**
   * A proof's checkpoint is what binds it to the log's signature: required from v0.2 on. A v0.1
   * bundle may carry a bare proof, whose entry then rests on its SET (required for v0.1).
   */
  private static boolean needsCheckpoint(Bundle bundle, TlogEntry entry) {
    return entry.inclusionProof().isPresent()
        && (bundle.version().requiresInclusionProof() || !entry.inclusionProof().get().checkpoint().isEmpty());
  }

  /** The signing key, with the trusted-key candidates still to be checked against the times. */
  private record Signer(SigningKey key, List<TrustedKey> candidates) {}

  private Signer signer(Bundle bundle, Policy policy, Checks checks) throws Checks.Stop {
    VerificationMaterial material = bundle.verificationMaterial();
    return switch (policy) {
      case Policy.Identity identity -> {
        if (material instanceof VerificationMaterial.Certificates certificates) {
          checks.run(BUNDLE_VERIFICATION_MATERIAL, certificates.chain().size() + " certificate(s)",
              () -> CertificateVerifier.requireBundleChain(certificates.chain(), trustedRoot.certificateAuthorities()));
          yield new Signer(new SigningKey.Certificate(certificates.leaf()), List.of());
        }
        throw checks.fail(VerificationException.mismatch(BUNDLE_VERIFICATION_MATERIAL,
            "the bundle is signed with a public key, but the policy asks for a certificate identity",
            "certificate", "public key"));
      }
      case Policy.Key key -> {
        if (material instanceof VerificationMaterial.PublicKeyHint hint) {
          checks.passed(BUNDLE_VERIFICATION_MATERIAL, "public key hint");
          checks.passed(PUBLIC_KEY, "the key given by the caller");
          yield new Signer(new SigningKey.Key(key.publicKey(), hint.hint()), List.of());
        }
        throw checks.fail(VerificationException.mismatch(PUBLIC_KEY,
            "the bundle is signed with a certificate, but the policy asks for a public key",
            "public key", "certificate"));
      }
      case Policy.TrustedKeyHint trusted -> {
        if (!(material instanceof VerificationMaterial.PublicKeyHint hint)) {
          throw checks.fail(VerificationException.mismatch(PUBLIC_KEY,
              "the bundle is signed with a certificate, but the policy asks for a trusted key",
              "public key", "certificate"));
        }
        checks.passed(BUNDLE_VERIFICATION_MATERIAL, "public key hint");
        List<TrustedKey> candidates = trusted.keys().find(hint.hint(), trusted.keyUsage());
        if (candidates.isEmpty()) {
          throw checks.fail(VerificationException.mismatch(PUBLIC_KEY,
              "no trusted key for " + trusted.keyUsage() + " has the bundle's key id", "a trusted key id", hint.hint()));
        }
        yield new Signer(new SigningKey.Key(candidates.get(0).publicKey(), hint.hint()), candidates);
      }
    };
  }

  private List<Instant> timestamps(Bundle bundle, Checks checks) throws Checks.Stop {
    List<Instant> times = new ArrayList<>();
    byte[] signature = bundle.content().signatureBytes();
    for (byte[] token : bundle.rfc3161Timestamps()) {
      times.add(checks.run(TIMESTAMP_RFC3161, "",
          () -> Rfc3161Verifier.verify(token, signature, trustedRoot.timestampAuthorities())));
    }
    return times;
  }

  private List<VerifiedBundle.VerifiedLogEntry> transparencyLog(Bundle bundle, SigningKey key, Artifact artifact,
      List<Instant> timestampTimes, List<Instant> times, Checks checks) throws Checks.Stop {
    if (bundle.tlogEntries().isEmpty()) {
      throw checks.fail(VerificationException.failed(BUNDLE_TLOG_ENTRIES, "the bundle has no transparency log entry"));
    }
    List<VerifiedBundle.VerifiedLogEntry> verified = new ArrayList<>();
    for (TlogEntry entry : bundle.tlogEntries()) {
      TransparencyLog log = checks.run(TLOG_KEY, "", () -> trustedRoot.tlog(entry.logId())
          .orElseThrow(() -> VerificationException.mismatch(TLOG_KEY,
              "log entry " + entry.logIndex() + " comes from a log the trusted root does not trust",
              "a trusted log id", entry.logId().toString())));
      checks.run(TLOG_ENTRY_BODY, "", () -> LogEntryBody.verify(entry, bundle.content(), key, artifact.digests()));
      Optional<Instant> integrated = Optional.empty();
      if (entry.signedEntryTimestamp().isPresent()) {
        integrated = Optional.of(checks.run(TLOG_SET, "", () -> SignedEntryTimestamp.verify(entry, log)));
        times.add(integrated.get());
      }
      if (entry.inclusionProof().isPresent()) {
        InclusionProof proof = entry.inclusionProof().get();
        checks.run(TLOG_INCLUSION_PROOF, "", () -> MerkleTree.verifyInclusion(proof.logIndex(), proof.treeSize(),
            MerkleTree.leafHash(entry.canonicalizedBody()), proof.hashes(), proof.rootHash()));
        if (needsCheckpoint(bundle, entry)) {
          checks.run(TLOG_CHECKPOINT, "", () -> {
            Checkpoint checkpoint = Checkpoint.parse(proof.checkpoint());
            checkpoint.verify(log);
            checkpoint.requireTree(proof.treeSize(), proof.rootHash());
          });
        }
      }
      // The log's key must have been in service when the entry was made: at the signed
      // integrated time, or (Rekor v2, which signs no time) at every timestamp authority's time.
      List<Instant> logTimes = integrated.map(List::of).orElse(timestampTimes);
      if (logTimes.isEmpty()) {
        throw checks.fail(VerificationException.failed(TIMESTAMP_THRESHOLD, "log entry " + entry.logIndex()
            + " has no signed integrated time and the bundle no valid RFC 3161 timestamp"));
      }
      checks.run(TLOG_KEY, "", () -> {
        for (Instant time : logTimes) {
          if (!log.validity().contains(time)) {
            throw VerificationException.mismatch(TLOG_KEY, "the log's key was not in service when the entry was made",
                log.validity(), time);
          }
        }
      });
      verified.add(new VerifiedBundle.VerifiedLogEntry(entry.logIndex(), entry.logId().base64(), log.baseUrl(),
          entry.kindVersion(), integrated));
    }
    return verified;
  }

  private void verifySigner(Signer signer, List<Instant> times, Checks checks) throws Checks.Stop {
    if (signer.key() instanceof SigningKey.Certificate certificate) {
      X509Certificate leaf = certificate.certificate();
      checks.run(CERTIFICATE_VALIDITY, "", () -> CertificateVerifier.requireValidAt(leaf, times));
      CertificateAuthority authority = checks.run(CERTIFICATE_CHAIN, "",
          () -> CertificateVerifier.verifyChain(leaf, trustedRoot.certificateAuthorities(), times));
      checks.run(CERTIFICATE_SCT, "", () -> SctVerifier.verify(leaf, authority, trustedRoot.ctlogs()));
      return;
    }
    if (!signer.candidates().isEmpty()) {
      checks.run(PUBLIC_KEY, signer.key() instanceof SigningKey.Key k ? k.keyId() : "", () -> {
        for (TrustedKey candidate : signer.candidates()) {
          if (times.stream().allMatch(candidate.validity()::contains)) {
            return;
          }
        }
        throw VerificationException.mismatch(PUBLIC_KEY, "the signing key was not valid at the signing time",
            signer.candidates().get(0).validity(), times);
      });
    }
  }

  private static Optional<InTotoStatement> content(Content content, SigningKey key, Artifact artifact, Checks checks,
      Optional<InTotoStatement.Parse> payload) throws Checks.Stop {
    // A certificate's key signs one bundle; a bare key (npm's) signs many and earns a table.
    boolean singleUse = key instanceof SigningKey.Certificate;
    return switch (content) {
      case Content.MessageSignature message -> {
        checks.run(ARTIFACT_DIGEST, "", () -> {
          if (message.digest().isPresent()) {
            Digest claimed = message.digest().get();
            Digest actual = artifact.digest(claimed.algorithm()).orElseThrow(() -> VerificationException.failed(
                ARTIFACT_DIGEST, "the bundle's digest is " + claimed.algorithm() + " and the artifact's is not known"));
            if (!claimed.sameAs(actual)) {
              throw VerificationException.mismatch(ARTIFACT_DIGEST,
                  "the bundle signs another artifact", actual, claimed);
            }
          }
        });
        checks.run(MESSAGE_SIGNATURE, "", () -> {
          boolean valid;
          if (artifact.bytes().isPresent()) {
            valid = Signatures.verify(key.publicKey(), artifact.bytes().get(), message.signature(), singleUse);
          } else {
            String algorithm = Signatures.digestAlgorithm(key.publicKey());
            Optional<Digest> digest = artifact.digest(Digest.fromJdkName(algorithm));
            valid = digest.isPresent()
                && Signatures.verifyDigest(key.publicKey(), digest.get().value(), message.signature(), singleUse);
          }
          if (!valid) {
            throw VerificationException.failed(MESSAGE_SIGNATURE, "the signature does not verify over the artifact");
          }
        });
        yield Optional.empty();
      }
      case Content.DsseEnvelope dsse -> {
        checks.run(DSSE_SIGNATURE, "", () -> {
          byte[] pae = Signatures.pae(dsse.payloadType(), dsse.payload());
          if (!Signatures.verify(key.publicKey(), pae, dsse.signatureBytes(), singleUse)) {
            throw VerificationException.failed(DSSE_SIGNATURE, "the DSSE signature does not verify");
          }
        });
        InTotoStatement statement = checks.run(STATEMENT_FORMAT, "", () -> payload.isPresent()
            ? payload.get().reuseFor(dsse.payloadType(), dsse.payload()).statement()
            : InTotoStatement.parse(dsse.payloadType(), dsse.payload()));
        checks.run(STATEMENT_SUBJECT, "", () -> {
          if (artifact.digests().stream().noneMatch(statement::hasSubjectDigest)) {
            throw VerificationException.mismatch(STATEMENT_SUBJECT, "the artifact is not a subject of the statement",
                artifact.digests(), statement.subjects().stream().flatMap(s -> s.digests().stream()).toList());
          }
        });
        yield Optional.of(statement);
      }
    };
  }

  private static List<String> sans(Signer signer) {
    return signer.key() instanceof SigningKey.Certificate certificate
        ? IdentityPolicy.subjectAlternativeNames(certificate.certificate())
        : List.of();
  }

  private static Optional<FulcioExtensions> identity(Signer signer, Policy policy, Checks checks) throws Checks.Stop {
    if (!(signer.key() instanceof SigningKey.Certificate certificate)
        || !(policy instanceof Policy.Identity identity)) {
      return Optional.empty();
    }
    X509Certificate leaf = certificate.certificate();
    IdentityPolicy rules = identity.identity();
    checks.run(IDENTITY_SAN, String.join(", ", sans(signer)), () -> rules.requireSan(leaf));
    FulcioExtensions claims = checks.run(IDENTITY_ISSUER, "", () -> {
      FulcioExtensions decoded;
      try {
        decoded = FulcioExtensions.of(leaf);
      } catch (IllegalArgumentException e) {
        throw VerificationException.failed(IDENTITY_ISSUER, e.getMessage());
      }
      rules.requireIssuer(decoded);
      return decoded;
    });
    if (!rules.extensions().isEmpty()) {
      checks.run(IDENTITY_EXTENSIONS, "", () -> rules.requireExtensions(claims));
    }
    return Optional.of(claims);
  }
}
