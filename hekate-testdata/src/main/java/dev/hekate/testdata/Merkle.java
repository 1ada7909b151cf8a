package dev.hekate.testdata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 Merkle tree hashing, and inclusion proofs in the leaf-to-root order RFC 9162 and
 * Trillian use.
 *
 * <p>A fake log does not store millions of leaves. It holds one real leaf at {@code index}; every
 * subtree that does not contain it is an opaque "filler" hash derived from a seed and the subtree's
 * range. A verifier only ever sees sibling hashes, so the proof and root are indistinguishable from
 * those of a real tree, and any tree size or index is cheap ({@code O(log n)}).
 */
final class Merkle {

  private static final byte[] FILLER_TAG = "hekate-testdata filler".getBytes(StandardCharsets.UTF_8);

  private Merkle() {}

  /** An inclusion proof: the sibling hashes from the leaf up to the root, and that root. */
  record Proof(long index, long treeSize, byte[] rootHash, List<byte[]> hashes) {
    Proof {
      rootHash = rootHash.clone();
      hashes = hashes.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] rootHash() {
      return rootHash.clone();
    }
  }

  /** RFC 6962 leaf hash: {@code SHA-256(0x00 || entry)}. */
  static byte[] leafHash(byte[] entry) {
    return Bytes.sha256(new byte[] {0x00}, entry);
  }

  /** RFC 6962 interior node hash: {@code SHA-256(0x01 || left || right)}. */
  static byte[] nodeHash(byte[] left, byte[] right) {
    return Bytes.sha256(new byte[] {0x01}, left, right);
  }

  /** The proof for the single real leaf {@code leafHash} at {@code index} in a tree of {@code treeSize}. */
  static Proof sparseProof(long index, long treeSize, byte[] leafHash, byte[] fillerSeed) {
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException("index " + index + " is outside a tree of size " + treeSize);
    }
    Subtrees tree = new Subtrees() {
      @Override
      public boolean opaque(long start, long end) {
        return index < start || index >= end;
      }

      @Override
      public byte[] hash(long start, long end) {
        return start == index && end == index + 1
            ? leafHash.clone()
            : Bytes.sha256(FILLER_TAG, fillerSeed, Bytes.u64(start), Bytes.u64(end));
      }
    };
    return prove(index, treeSize, tree);
  }

  /** The proof for leaf {@code index} of a tree whose every leaf hash is given. */
  static Proof fullProof(int index, List<byte[]> leafHashes) {
    Subtrees tree = new Subtrees() {
      @Override
      public boolean opaque(long start, long end) {
        return end - start == 1;
      }

      @Override
      public byte[] hash(long start, long end) {
        return leafHashes.get((int) start).clone();
      }
    };
    return prove(index, leafHashes.size(), tree);
  }

  private static Proof prove(long index, long treeSize, Subtrees tree) {
    List<byte[]> path = new ArrayList<>();
    path(index, 0, treeSize, tree, path);
    return new Proof(index, treeSize, subtreeHash(0, treeSize, tree), path);
  }

  /** How a subtree's hash is found: either known outright (opaque) or by recursing. */
  private interface Subtrees {
    boolean opaque(long start, long end);

    byte[] hash(long start, long end);
  }

  // MTH(D[start:end]) from RFC 6962 section 2.1.
  private static byte[] subtreeHash(long start, long end, Subtrees tree) {
    if (tree.opaque(start, end) || end - start == 1) {
      return tree.hash(start, end);
    }
    long split = largestPowerOfTwoBelow(end - start);
    return nodeHash(subtreeHash(start, start + split, tree), subtreeHash(start + split, end, tree));
  }

  // PATH(m, D[start:end]) from RFC 6962 section 2.1.1; deeper siblings are appended first.
  private static void path(long m, long start, long end, Subtrees tree, List<byte[]> out) {
    if (end - start <= 1) {
      return;
    }
    long split = largestPowerOfTwoBelow(end - start);
    if (m < start + split) {
      path(m, start, start + split, tree, out);
      out.add(subtreeHash(start + split, end, tree));
    } else {
      path(m, start + split, end, tree, out);
      out.add(subtreeHash(start, start + split, tree));
    }
  }

  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
