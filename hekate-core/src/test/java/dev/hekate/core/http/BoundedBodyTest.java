package dev.hekate.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Size-bounded reading of response bodies, without a server. */
class BoundedBodyTest {
  private static final byte[] KIB = new byte[1024];

  /** A body of {@code bytes} that declares {@code declared} as its length (-1: undeclared). */
  private static ResponseBody body(byte[] bytes, long declared) {
    return ResponseBody.create(new Buffer().write(bytes), null, declared);
  }

  @Test
  void aBodyAtTheLimitIsReadWhole() throws Exception {
    assertArrayEquals(KIB, BoundedBody.read(body(KIB, KIB.length), KIB.length));
    assertArrayEquals(KIB, BoundedBody.read(body(KIB, -1), KIB.length));
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedUnread() {
    Buffer source = new Buffer().write(KIB);
    ResponseBody body = ResponseBody.create(source, null, KIB.length);

    BoundedBody.TooLargeException e = assertThrows(BoundedBody.TooLargeException.class,
        () -> BoundedBody.read(body, KIB.length - 1));
    assertEquals(KIB.length, e.size());
    assertEquals(KIB.length - 1, e.limit());
    assertEquals(KIB.length, source.size());
  }

  @Test
  void anUndeclaredBodyIsAbandonedOnceOverTheLimit() {
    byte[] big = new byte[1 << 20];
    ByteArrayOutputStream seen = new ByteArrayOutputStream();

    BoundedBody.TooLargeException e = assertThrows(BoundedBody.TooLargeException.class,
        () -> BoundedBody.stream(body(big, -1), 100_000, (buffer, length) -> seen.write(buffer, 0, length)));
    assertTrue(e.size() > 100_000 && e.size() < big.length, Long.toString(e.size()));
    assertTrue(seen.size() <= 100_000);
  }

  @Test
  void streamingCountsWhatItPasses() throws Exception {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();

    long size = BoundedBody.stream(body(KIB, -1), KIB.length, (buffer, length) -> seen.write(buffer, 0, length));

    assertEquals(KIB.length, size);
    assertArrayEquals(KIB, seen.toByteArray());
  }
}
