package dev.hekate.core.registry;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.encoding.Encoding;
import java.util.Optional;

/** Subresource-integrity strings as npm writes them in {@code dist.integrity}: {@code sha512-<base64>}. */
public final class Integrity {
  private Integrity() {}

  /** The sha512 digest of an SRI string, if it has a well-formed one. */
  public static Optional<Digest> sha512(String sri) {
    for (String part : sri.trim().split("\\s+")) {
      if (part.startsWith("sha512-")) {
        Optional<byte[]> value = Encoding.base64(part.substring("sha512-".length()));
        if (value.isPresent() && value.get().length == 64) {
          return Optional.of(new Digest("sha512", value.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** The digest as an SRI string. */
  public static String toSri(Digest digest) {
    return digest.algorithm() + "-" + Encoding.toBase64(digest.value());
  }
}
