package dev.hekate.core.vsa;

import java.net.URI;
import java.time.Duration;

/**
 * How {@link VerifierNetwork} reaches a peer: one GET, the body bounded. The network does no I/O
 * itself; the command line gives an HTTP implementation, tests may give anything.
 */
@FunctionalInterface
public interface PeerTransport {

  /** The answer to one GET. */
  sealed interface Reply permits Body, Unreachable {}

  /** A 200 answer's body, at most {@link VsaCheck#MAX_ENVELOPE_BYTES} bytes. */
  record Body(byte[] bytes) implements Reply {
    public Body {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** No usable answer: why, for a person ({@code HTTP 503}, {@code ConnectException}). */
  record Unreachable(String why) implements Reply {}

  /**
   * GETs {@code url}, waiting at most {@code deadline}. Must not throw for network failures:
   * they are {@link Unreachable}.
   */
  Reply get(URI url, Duration deadline);
}
