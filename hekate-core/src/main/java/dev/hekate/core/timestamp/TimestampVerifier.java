package dev.hekate.core.timestamp;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.TrustedRoot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The time stage. {@code timestamp.rfc3161}: each RFC 3161 timestamp in the bundle verifies over
 * the bundle's signature against a timestamp authority of the trusted root ({@link Rfc3161Verifier}).
 * {@code timestamp.threshold}: once the log entries are verified too, at least one verified time
 * anchors the signature — the certificate is then checked at those times, never at the wall clock.
 */
public final class TimestampVerifier {
  private TimestampVerifier() {}

  /** @return the time each timestamp proves, in the bundle's order */
  public static List<Instant> verify(Bundle bundle, TrustedRoot trustedRoot, Checks checks) throws Checks.Stop {
    List<Instant> times = new ArrayList<>();
    byte[] signature = bundle.content().signatureBytes();
    for (byte[] token : bundle.rfc3161Timestamps()) {
      times.add(checks.run(CheckId.TIMESTAMP_RFC3161, "",
          () -> Rfc3161Verifier.verify(token, signature, trustedRoot.timestampAuthorities())));
    }
    return times;
  }

  /** Requires at least one verified time: RFC 3161 times and the logs' signed integrated times. */
  public static void requireThreshold(List<Instant> times, Checks checks) throws Checks.Stop {
    checks.run(CheckId.TIMESTAMP_THRESHOLD, times.size() + " verified time(s)", () -> {
      if (times.isEmpty()) {
        throw VerificationException.invalid(CheckId.TIMESTAMP_THRESHOLD,
            "no verified time: the bundle has no signed entry timestamp and no valid RFC 3161 timestamp");
      }
    });
  }
}
