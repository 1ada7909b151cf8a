package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.bundle.Digest;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Integrity}: the sha512 digest of a {@code dist.integrity} SRI string, and back. */
class IntegrityTest {
  private static final byte[] DIGEST = new byte[64];

  static {
    for (int i = 0; i < DIGEST.length; i++) {
      DIGEST[i] = (byte) i;
    }
  }

  private static final String SHA512 = "sha512-" + Base64.getEncoder().encodeToString(DIGEST);

  @Test
  void theSha512OfAnSriStringIsItsDigest() {
    Digest digest = Integrity.sha512(SHA512).orElseThrow();

    assertEquals("sha512", digest.algorithm());
    assertArrayEquals(DIGEST, digest.value());
    assertEquals(SHA512, Integrity.toSri(digest));
  }

  @Test
  void theSha512IsFoundAmongOtherHashes() {
    String sha1 = "sha1-" + Base64.getEncoder().encodeToString(new byte[20]);

    assertArrayEquals(DIGEST, Integrity.sha512(" " + sha1 + "  " + SHA512 + " ").orElseThrow().value());
  }

  @Test
  void noWellFormedSha512IsNoDigest() {
    assertEquals(Optional.empty(), Integrity.sha512("sha1-" + Base64.getEncoder().encodeToString(new byte[20])));
    assertEquals(Optional.empty(), Integrity.sha512("sha512-" + Base64.getEncoder().encodeToString(new byte[63])));
    assertEquals(Optional.empty(), Integrity.sha512("sha512-not*base64"));
    assertEquals(Optional.empty(), Integrity.sha512(""));
  }
}
