package dev.hekate.testdata;

import java.util.Base64;

/** PEM text the way Go's {@code encoding/pem} writes it: 64-column lines, LF, trailing newline. */
final class Pem {

  private Pem() {}

  static String certificate(byte[] der) {
    return encode("CERTIFICATE", der);
  }

  static String publicKey(byte[] spki) {
    return encode("PUBLIC KEY", spki);
  }

  static String encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
