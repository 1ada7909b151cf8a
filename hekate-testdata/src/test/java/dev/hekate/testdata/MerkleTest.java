package dev.hekate.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake's Merkle proofs against an independent RFC 9162 recomputation and a naive RFC 6962 tree. */
class MerkleTest {

  private static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Checks.sha256(new byte[] {0}, ("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void fullTreeProofsRecomputeToNaiveRootForEverySizeAndIndex() {
    for (int n = 1; n <= 33; n++) {
      List<byte[]> leaves = leaves(n);
      byte[] naive = Checks.naiveRoot(leaves);
      for (int i = 0; i < n; i++) {
        Merkle.Proof proof = Merkle.fullProof(i, leaves);
        assertArrayEquals(naive, proof.rootHash(), "root n=" + n);
        assertArrayEquals(naive, Checks.rootFromProof(i, n, leaves.get(i), proof.hashes()), "n=" + n + " i=" + i);
      }
    }
  }

  @Test
  void sparseProofsRecomputeToTheirRootAtLargeSizes() {
    byte[] leaf = Merkle.leafHash("entry".getBytes(StandardCharsets.UTF_8));
    long[][] cases = {{0, 1}, {0, 2}, {1, 2}, {6, 7}, {23_083_061, 23_083_062}, {5, 1L << 40}, {(1L << 40) - 1, 1L << 40},
        {831_393_320, 831_393_321}, {12_345, 99_999}};
    for (long[] c : cases) {
      Merkle.Proof proof = Merkle.sparseProof(c[0], c[1], leaf, new byte[] {7});
      assertArrayEquals(proof.rootHash(), Checks.rootFromProof(c[0], c[1], leaf, proof.hashes()),
          "index " + c[0] + " size " + c[1]);
    }
  }

  @Test
  void realSizedProofHasTheRealLength() {
    // happy-path-v0.2: index 23083061 in a tree of 23083062 has 10 proof hashes.
    Merkle.Proof proof = Merkle.sparseProof(23_083_061, 23_083_062, new byte[32], new byte[0]);
    assertEquals(10, proof.hashes().size());
  }
}
