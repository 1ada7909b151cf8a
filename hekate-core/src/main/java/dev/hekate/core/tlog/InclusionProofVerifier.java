package dev.hekate.core.tlog;

import dev.hekate.core.bundle.InclusionProof;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.TransparencyLog;
import java.security.MessageDigest;
import java.util.List;

/**
 * Where a log entry's inclusion proof is checked, whole:
 * <ol>
 *   <li>whether the entry needs one — every entry of a v0.2+ bundle ({@link
 *       BundleVersion#requiresInclusionProof()}; the parser refuses such a bundle without one, as
 *       {@code bundle.tlog_entries}), optional in v0.1, where the entry rests on its SET;
 *   <li>{@code tlog.inclusion_proof}: the RFC 6962 audit path recomputes from the entry's leaf hash
 *       to the root hash the proof claims;
 *   <li>{@code tlog.checkpoint}: that root hash and tree size are the ones in a checkpoint (signed
 *       note) the log's key signed ({@link Checkpoint}) — required from v0.2 on, and for any v0.1
 *       proof that carries a checkpoint. Without it the root is only the bundle's word.
 * </ol>
 */
public final class InclusionProofVerifier {
  private static final byte[] LEAF_PREFIX = {0x00};
  private static final byte[] NODE_PREFIX = {0x01};

  private InclusionProofVerifier() {}

  /** Checks the entry's proof, if it has one, and the checkpoint that binds it to the log. */
  public static void verify(TlogEntry entry, TransparencyLog log, Checks checks) throws Checks.Stop {
    if (entry.inclusionProof().isEmpty()) {
      return;
    }
    InclusionProof proof = entry.inclusionProof().get();
    checks.run(CheckId.TLOG_INCLUSION_PROOF, "", () -> verifyMerklePath(proof.logIndex(), proof.treeSize(),
        leafHash(entry.canonicalizedBody()), proof.hashes(), proof.rootHash()));
    checks.run(CheckId.TLOG_CHECKPOINT, "", () -> {
      if (proof.checkpoint().isEmpty()) {
        throw VerificationException.invalid(CheckId.TLOG_CHECKPOINT,
            "the inclusion proof has no checkpoint: its root hash is signed by nobody");
      }
      Checkpoint checkpoint = Checkpoint.parse(proof.checkpoint());
      checkpoint.verify(log);
      checkpoint.requireTree(proof.treeSize(), proof.rootHash());
    });
  }

  /**
   * A proof's checkpoint is what binds it to the log's signature: required with every proof, in
   * every bundle version. A root hash nobody signed proves nothing, and a v0.1 bundle carrying a
   * bare proof is refused as sigstore-python refuses it ("entry must contain inclusion proof, with
   * checkpoint"; its {@code fix-bundle} adds the checkpoint), rather than resting on the SET while
   * showing a proof that does not hold.
   */
  public static boolean needsCheckpoint(TlogEntry entry) {
    return entry.inclusionProof().isPresent();
  }

  /** The leaf hash of an entry: SHA-256(0x00 || entry). */
  public static byte[] leafHash(byte[] entry) {
    return Keys.sha256(LEAF_PREFIX, entry);
  }

  /** The hash of an interior node: SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    return Keys.sha256(NODE_PREFIX, left, right);
  }

  /**
   * Verifies that {@code leafHash} is the leaf at {@code index} of the tree of {@code treeSize}
   * leaves whose root is {@code expectedRoot} (RFC 9162 §2.1.3.2).
   *
   * @throws VerificationException {@link CheckId#TLOG_INCLUSION_PROOF}: INVALID when the proof is
   *     malformed, MISMATCH when it recomputes to another root
   */
  public static void verifyMerklePath(
      long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] expectedRoot)
      throws VerificationException {
    if (index < 0 || treeSize <= 0 || index >= treeSize) {
      throw VerificationException.invalid(CheckId.TLOG_INCLUSION_PROOF,
          "leaf index " + index + " is outside a tree of size " + treeSize);
    }
    for (byte[] hash : proof) {
      if (hash.length != 32) {
        throw VerificationException.invalid(CheckId.TLOG_INCLUSION_PROOF, "a proof hash is not 32 bytes");
      }
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        throw VerificationException.invalid(CheckId.TLOG_INCLUSION_PROOF, "the inclusion proof has too many hashes");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw VerificationException.invalid(CheckId.TLOG_INCLUSION_PROOF, "the inclusion proof has too few hashes");
    }
    if (!MessageDigest.isEqual(r, expectedRoot)) {
      throw VerificationException.mismatch(CheckId.TLOG_INCLUSION_PROOF,
          "the inclusion proof recomputes to another root hash",
          Encoding.toHex(expectedRoot), Encoding.toHex(r));
    }
  }
}
