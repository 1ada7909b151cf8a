package dev.hekate.core.vsa;

import dev.hekate.core.crypto.Keys;
import java.security.PublicKey;
import java.util.HexFormat;

/** Key ids of verifier keys: the lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo. */
public final class KeyIds {
  private KeyIds() {}

  public static String of(PublicKey key) {
    return HexFormat.of().formatHex(Keys.sha256(key.getEncoded()));
  }
}
