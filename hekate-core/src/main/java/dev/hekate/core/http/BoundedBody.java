package dev.hekate.core.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.ResponseBody;

/**
 * Reads a response body no further than a size limit: a declared {@code Content-Length} over it is
 * refused before reading, and a body without one is abandoned as soon as it passes the limit, so
 * an oversized or endless body costs at most the limit.
 */
public final class BoundedBody {
  private static final int BUFFER_BYTES = 64 * 1024;

  private BoundedBody() {}

  /** Receives a body in order, one buffer at a time. */
  @FunctionalInterface
  public interface Sink {
    void write(byte[] buffer, int length);
  }

  /**
   * The whole body, at most {@code max} bytes.
   *
   * @throws TooLargeException if the body is over {@code max} bytes
   * @throws IOException if reading fails
   */
  public static byte[] read(ResponseBody body, int max) throws IOException, TooLargeException {
    long declared = body.contentLength();
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 && declared <= max ? (int) declared : 8192);
    stream(body, max, (buffer, length) -> out.write(buffer, 0, length));
    return out.toByteArray();
  }

  /**
   * Passes the body to {@code sink} without holding it, at most {@code max} bytes.
   *
   * @return the body's size in bytes
   * @throws TooLargeException if the body is over {@code max} bytes; {@code sink} has then seen at
   *     most {@code max} of them
   * @throws IOException if reading fails
   */
  public static long stream(ResponseBody body, long max, Sink sink) throws IOException, TooLargeException {
    long declared = body.contentLength();
    if (declared > max) {
      throw new TooLargeException(declared, max);
    }
    long size = 0;
    try (InputStream in = body.byteStream()) {
      byte[] buffer = new byte[BUFFER_BYTES];
      for (int n; (n = in.read(buffer)) != -1; ) {
        size += n;
        if (size > max) {
          throw new TooLargeException(size, max);
        }
        sink.write(buffer, n);
      }
    }
    return size;
  }

  /** A body over its limit. Thrown before the body is read further; carries no stack trace. */
  public static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    TooLargeException(long size, long limit) {
      super("body over the limit of " + limit + " bytes (at least " + size + ")", null, false, false);
      // Plain field assignments: each class stores its own fields, nothing shared.
      this.size = size;
      this.limit = limit;
    }

    /** How large the body is at least: its declared length, or what was read before giving up. */
    public long size() {
      return size;
    }

    public long limit() {
      return limit;
    }
  }
}
