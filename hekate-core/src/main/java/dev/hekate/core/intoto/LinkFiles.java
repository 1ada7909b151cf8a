package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Link files given by their contents, with no directory to name them (the HTTP API): each is filed
 * under the name in-toto gives it, {@code <step>.<keyid[:8]>.link}, from the step name its signed
 * body carries and the key id of each of its signatures. Naming believes nothing: the verifier
 * still checks that a link is signed by the functionary its name points at and names the step.
 * No subdirectories, so a sublayout's links cannot be given ({@link LinkSource#directory}).
 */
public final class LinkFiles implements LinkSource {
  private final Map<String, byte[]> files;

  /** @param files the link files by name, as {@link #names} names them */
  public LinkFiles(Map<String, byte[]> files) {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
    this.files = Collections.unmodifiableMap(copy);
  }

  /**
   * The SHA-256 (lower-case hex) of each distinct link file, in the order first filed: what a summary
   * names as the attestations it read.
   */
  public List<String> sha256s() {
    Set<String> digests = new LinkedHashSet<>();
    for (byte[] file : files.values()) {
      digests.add(dev.hekate.core.encoding.Encoding.toHex(dev.hekate.core.crypto.Keys.sha256(file)));
    }
    return List.copyOf(digests);
  }

  @Override
  public Optional<byte[]> read(String fileName) {
    return Optional.ofNullable(files.get(fileName)).map(byte[]::clone);
  }

  /**
   * The names a link file is filed under: one per distinct key id prefix of its signatures, in
   * their order (a link signed by two functionaries stands for both their files).
   *
   * @throws InTotoFormatException if it is not a metablock or DSSE envelope of a link with a step
   *     name, or has no signature
   * @throws UnsupportedInTotoException if it uses what {@link Metablock} does not support, or is a
   *     layout (a sublayout, which its contents cannot name)
   */
  public static List<String> names(byte[] file, String what) throws InTotoFormatException, UnsupportedInTotoException {
    Metablock block = Metablock.parse(file, what);
    JsonNode signed = block.signed();
    if (Link.isLayout(signed)) {
      throw new UnsupportedInTotoException(what + " is a layout (a sublayout): its step is not in its contents");
    }
    JsonNode type = signed.get("_type");
    JsonNode name = signed.get("name");
    if (type == null || !type.isTextual() || !type.textValue().equals("link") || name == null || !name.isTextual()) {
      throw new InTotoFormatException(what + " is not a link with a step name");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Metablock.Signature signature : block.signatures()) {
      String keyId = signature.keyId();
      names.add(name.textValue() + "." + keyId.substring(0, Math.min(8, keyId.length())) + ".link");
    }
    if (names.isEmpty()) {
      throw new InTotoFormatException(what + " has no signature, so no functionary to file it under");
    }
    return new ArrayList<>(names);
  }
}
