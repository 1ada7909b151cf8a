package dev.hekate.core.bundle;

import java.util.List;
import java.util.Objects;

/** An RFC 6962 inclusion proof with the log's checkpoint (a signed note), unverified. */
public record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {

  public InclusionProof {
    rootHash = rootHash.clone();
    hashes = hashes.stream().map(byte[]::clone).toList();
    Objects.requireNonNull(checkpoint, "checkpoint");
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  @Override
  public List<byte[]> hashes() {
    return hashes.stream().map(byte[]::clone).toList();
  }
}
