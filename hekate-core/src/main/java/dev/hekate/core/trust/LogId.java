package dev.hekate.core.trust;

import dev.hekate.core.encoding.Encoding;
import java.util.Arrays;

/** The identifier of a log: opaque bytes compared by value. */
public final class LogId {
  private final byte[] bytes;

  public LogId(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return Encoding.toHex(bytes);
  }

  public String base64() {
    return Encoding.toBase64(bytes);
  }

  // Value equality over array contents: each type compares its own fields.
  @Override
  public boolean equals(Object o) {
    return o instanceof LogId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return base64();
  }
}
