package dev.hekate.core.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inclusion proofs recomputed against trees built here by the RFC 6962 definition (MTH), for
 * every leaf of every tree size up to 17 — odd sizes and unbalanced right edges included.
 */
class InclusionProofVerifierTest {

  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(InclusionProofVerifier.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return leaves;
  }

  /** MTH(D[n]) by the recursive definition: split at the largest power of two below n. */
  private static byte[] root(List<byte[]> leaves) {
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return InclusionProofVerifier.nodeHash(root(leaves.subList(0, k)), root(leaves.subList(k, leaves.size())));
  }

  /** PATH(m, D[n]) by the RFC 6962 §2.1.1 definition, leaf to root. */
  private static List<byte[]> path(int m, List<byte[]> leaves) {
    List<byte[]> proof = new ArrayList<>();
    if (leaves.size() == 1) {
      return proof;
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    if (m < k) {
      proof.addAll(path(m, leaves.subList(0, k)));
      proof.add(root(leaves.subList(k, leaves.size())));
    } else {
      proof.addAll(path(m - k, leaves.subList(k, leaves.size())));
      proof.add(root(leaves.subList(0, k)));
    }
    return proof;
  }

  @Test
  void everyLeafOfEveryTreeUpTo17Verifies() throws VerificationException {
    for (int n = 1; n <= 17; n++) {
      List<byte[]> leaves = leaves(n);
      byte[] root = root(leaves);
      for (int m = 0; m < n; m++) {
        InclusionProofVerifier.verifyMerklePath(m, n, leaves.get(m), path(m, leaves), root);
      }
    }
  }

  @Test
  void aProofForAnotherLeafFails() {
    List<byte[]> leaves = leaves(7);
    byte[] root = root(leaves);
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(3, 7, leaves.get(4), path(3, leaves), root));
  }

  @Test
  void aFlippedProofHashFails() {
    List<byte[]> leaves = leaves(9);
    List<byte[]> proof = path(5, leaves);
    proof.get(1)[0] ^= 1;
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(5, 9, leaves.get(5), proof, root(leaves)));
  }

  @Test
  void theWrongIndexFails() {
    List<byte[]> leaves = leaves(8);
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(2, 8, leaves.get(3), path(3, leaves), root(leaves)));
  }

  @Test
  void tooFewOrTooManyHashesFail() {
    List<byte[]> leaves = leaves(8);
    List<byte[]> proof = path(3, leaves);
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(3, 8, leaves.get(3), proof.subList(0, 2), root(leaves)));
    List<byte[]> longer = new ArrayList<>(proof);
    longer.add(new byte[32]);
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(3, 8, leaves.get(3), longer, root(leaves)));
  }

  @Test
  void indicesOutsideTheTreeFail() {
    List<byte[]> leaves = leaves(4);
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(4, 4, leaves.get(0), List.of(), root(leaves)));
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(-1, 4, leaves.get(0), List.of(), root(leaves)));
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(0, 0, leaves.get(0), List.of(), root(leaves)));
  }

  @Test
  void aHashOfTheWrongLengthFails() {
    List<byte[]> leaves = leaves(2);
    assertFails(() -> InclusionProofVerifier.verifyMerklePath(0, 2, leaves.get(0), List.of(new byte[31]), root(leaves)));
  }

  private static void assertFails(org.junit.jupiter.api.function.Executable executable) {
    VerificationException e = assertThrows(VerificationException.class, executable);
    assertEquals(CheckId.TLOG_INCLUSION_PROOF, e.check());
  }
}
