package dev.hekate.testdata;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Small byte helpers: digests, encodings, and the single-byte corruptions the tampers use. */
final class Bytes {

  private Bytes() {}

  static byte[] sha256(byte[]... parts) {
    return digest("SHA-256", parts);
  }

  static byte[] sha512(byte[]... parts) {
    // Independent of hekate-core on purpose (see the pom), so these hash helpers are its own.
    return digest("SHA-512", parts);
  }

  static byte[] digest(String algorithm, byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      for (byte[] part : parts) {
        md.update(part);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static byte[] fromHex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] decodeB64(String text) {
    return Base64.getDecoder().decode(text);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * A copy with the last byte's low bit flipped. For a DER ECDSA signature that changes the low
   * bit of {@code s}, so the value still parses and only the verification fails.
   */
  static byte[] flipLast(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[copy.length - 1] ^= 0x01;
    return copy;
  }

  /** A copy with byte {@code index} flipped. */
  static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  static byte[] u16(int value) {
    return new byte[] {(byte) (value >>> 8), (byte) value};
  }

  static byte[] u24(int value) {
    return new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }

  static byte[] u32(long value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }

  static byte[] u64(long value) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (value >>> (56 - 8 * i));
    }
    return out;
  }
}
