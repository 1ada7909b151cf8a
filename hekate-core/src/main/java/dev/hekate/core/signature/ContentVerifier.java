package dev.hekate.core.signature;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.statement.StatementVerifier;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;

/**
 * The content stage, "the signature covers the content, and the content is the artifact". A
 * message signature: {@code artifact.digest} (the digest the bundle names is the artifact's) and
 * {@code message.signature} (the signature verifies over the artifact, or its digest). A DSSE
 * envelope: {@code dsse.signature} over the pre-authentication encoding, then the statement stage
 * ({@link StatementVerifier}).
 */
public final class ContentVerifier {
  private ContentVerifier() {}

  /** @return the in-toto statement, for a DSSE envelope */
  public static Optional<InTotoStatement> verify(Content content, SigningKey key, Artifact artifact,
      Optional<InTotoStatement.Parse> parsed, Checks checks) throws Checks.Stop {
    // A certificate's key signs one bundle; a bare key (npm's) signs many and earns a table.
    boolean singleUse = key instanceof SigningKey.Certificate;
    return switch (content) {
      case Content.MessageSignature message -> {
        checks.run(CheckId.ARTIFACT_DIGEST, "", () -> requireArtifactDigest(message, artifact));
        checks.run(CheckId.MESSAGE_SIGNATURE, "", () -> requireMessageSignature(message, key, artifact, singleUse));
        yield Optional.empty();
      }
      case Content.DsseEnvelope dsse -> {
        checks.run(CheckId.DSSE_SIGNATURE, "", () -> {
          byte[] pae = Signatures.pae(dsse.payloadType(), dsse.payload());
          if (!Signatures.verify(key.publicKey(), pae, dsse.signatureBytes(), singleUse)) {
            throw VerificationException.invalid(CheckId.DSSE_SIGNATURE, "the DSSE signature does not verify");
          }
        });
        yield Optional.of(StatementVerifier.verify(dsse, artifact, parsed, checks));
      }
    };
  }

  private static void requireArtifactDigest(Content.MessageSignature message, Artifact artifact)
      throws VerificationException {
    if (message.digest().isEmpty()) {
      return;
    }
    Digest claimed = message.digest().get();
    Digest actual = artifact.digest(claimed.algorithm()).orElseThrow(() -> VerificationException.invalid(
        CheckId.ARTIFACT_DIGEST, "the bundle's digest is " + claimed.algorithm() + " and the artifact's is not known"));
    if (!claimed.sameAs(actual)) {
      throw VerificationException.mismatch(CheckId.ARTIFACT_DIGEST, "the bundle signs another artifact", actual, claimed);
    }
  }

  private static void requireMessageSignature(Content.MessageSignature message, SigningKey key, Artifact artifact,
      boolean singleUse) throws VerificationException {
    String hash = signatureHash(key.publicKey(), message.digest());
    boolean valid;
    if (artifact.bytes().isPresent()) {
      valid = Signatures.verifyHashed(key.publicKey(), hash, artifact.bytes().get(), message.signature(), singleUse);
    } else {
      Optional<Digest> digest = artifact.digest(Digest.fromJdkName(hash));
      valid = digest.isPresent()
          && Signatures.verifyDigest(key.publicKey(), digest.get().value(), message.signature(), singleUse);
    }
    if (!valid) {
      throw VerificationException.invalid(CheckId.MESSAGE_SIGNATURE, "the signature does not verify over the artifact"
          + (hash.equals(Signatures.digestAlgorithm(key.publicKey())) ? "" : " (ECDSA with " + hash
              + ", the bundle's digest algorithm)"));
    }
  }

  /**
   * The hash an ECDSA message signature is verified with: the curve's own (SHA-256 for P-256,
   * SHA-384 for P-384, SHA-512 for P-521), or SHA-256 on P-384 and P-521 when the bundle declares
   * its message digest as SHA-256 — older clients signed so, and sigstore-go's and sigstore-python's
   * verifiers accept it. The log entry must then record a SHA-256 digest too ({@code
   * tlog.entry_body}), so the hash is never weaker than the log says. Any other pairing (SHA-512 on
   * P-256, say) is refused rather than verified with a hash the bundle does not name. Non-EC keys:
   * their fixed algorithm.
   */
  static String signatureHash(PublicKey key, Optional<Digest> declared) throws VerificationException {
    String curveHash = Signatures.digestAlgorithm(key);
    if (!(key instanceof ECPublicKey) || declared.isEmpty()) {
      return curveHash;
    }
    String declaredHash = Digest.jdkName(declared.get().algorithm());
    if (declaredHash.equals(curveHash) || declaredHash.equals("SHA-256")) {
      return declaredHash;
    }
    throw VerificationException.invalid(CheckId.MESSAGE_SIGNATURE, "the bundle's message digest is "
        + declared.get().algorithm() + ", a hash this key's curve is not verified with (P-256: SHA-256; P-384: SHA-384"
        + " or SHA-256; P-521: SHA-512 or SHA-256)");
  }
}
