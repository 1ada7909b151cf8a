package dev.hekate.core.vsa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** Key ids of verifier keys: the lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo. */
public final class KeyIds {
  private KeyIds() {}

  public static String of(PublicKey key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
