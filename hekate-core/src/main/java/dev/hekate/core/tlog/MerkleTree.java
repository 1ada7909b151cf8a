package dev.hekate.core.tlog;

import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.security.MessageDigest;
import java.util.List;

/** RFC 6962 / RFC 9162 Merkle tree hashing and inclusion proof verification. */
public final class MerkleTree {
  private static final byte[] LEAF_PREFIX = {0x00};
  private static final byte[] NODE_PREFIX = {0x01};

  private MerkleTree() {}

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
   * @throws VerificationException {@link CheckId#TLOG_INCLUSION_PROOF} when the proof is malformed
   *     or recomputes to another root
   */
  public static void verifyInclusion(
      long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] expectedRoot)
      throws VerificationException {
    if (index < 0 || treeSize <= 0 || index >= treeSize) {
      throw VerificationException.failed(CheckId.TLOG_INCLUSION_PROOF,
          "leaf index " + index + " is outside a tree of size " + treeSize);
    }
    for (byte[] hash : proof) {
      if (hash.length != 32) {
        throw VerificationException.failed(CheckId.TLOG_INCLUSION_PROOF, "a proof hash is not 32 bytes");
      }
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        throw VerificationException.failed(CheckId.TLOG_INCLUSION_PROOF, "the inclusion proof has too many hashes");
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
      throw VerificationException.failed(CheckId.TLOG_INCLUSION_PROOF, "the inclusion proof has too few hashes");
    }
    if (!MessageDigest.isEqual(r, expectedRoot)) {
      throw VerificationException.mismatch(CheckId.TLOG_INCLUSION_PROOF,
          "the inclusion proof recomputes to another root hash",
          Encoding.toHex(expectedRoot), Encoding.toHex(r));
    }
  }
}
