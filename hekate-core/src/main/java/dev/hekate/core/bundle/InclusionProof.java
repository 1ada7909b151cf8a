package dev.hekate.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** An RFC 6962 inclusion proof with the log's checkpoint (a signed note), unverified. */
public record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {

  public InclusionProof {
    rootHash = rootHash.clone();
    hashes = hashes.stream().map(byte[]::clone).toList();
    Objects.requireNonNull(checkpoint, "checkpoint");
  }

  /** How a form writes the proof's hashes: base64 in a bundle, hex in Rekor's API. */
  public enum HashEncoding {
    BASE64("base64", Encoding::base64),
    HEX("hex", Encoding::hex);

    private final String name;
    private final Function<String, Optional<byte[]>> decode;

    HashEncoding(String name, Function<String, Optional<byte[]>> decode) {
      this.name = name;
      this.decode = decode;
    }
  }

  /**
   * A proof as {@code node} gives it — {@code logIndex} and {@code treeSize} not negative,
   * {@code rootHash} and at most {@value Limits#MAX_PROOF_HASHES} {@code hashes} in
   * {@code encoding} — with the {@code checkpoint} the caller read from its form.
   */
  public static InclusionProof read(JsonNode node, String where, HashEncoding encoding, String checkpoint)
      throws JsonFormatException {
    long logIndex = Json.nonNegative(Json.integer(node, "logIndex", where), where + ".logIndex");
    long treeSize = Json.nonNegative(Json.integer(node, "treeSize", where), where + ".treeSize");
    byte[] rootHash = encoding.decode.apply(Json.string(node, "rootHash", where))
        .orElseThrow(() -> new JsonFormatException(where + ".rootHash is not valid " + encoding.name));
    JsonNode hashesNode = Json.optionalArray(node, "hashes", where);
    if (hashesNode.size() > Limits.MAX_PROOF_HASHES) {
      throw new JsonFormatException(where + ".hashes has more than " + Limits.MAX_PROOF_HASHES + " hashes");
    }
    List<byte[]> hashes = new ArrayList<>();
    for (JsonNode hash : hashesNode) {
      if (!hash.isTextual()) {
        throw new JsonFormatException(where + ".hashes must hold " + encoding.name + " strings");
      }
      hashes.add(encoding.decode.apply(hash.asText())
          .orElseThrow(() -> new JsonFormatException(where + ".hashes holds invalid " + encoding.name)));
    }
    return new InclusionProof(logIndex, rootHash, treeSize, hashes, checkpoint);
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
