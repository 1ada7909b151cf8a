package dev.hekate.core.timestamp;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.TrustedRoot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The time stage. {@code timestamp.rfc3161}: each RFC 3161 timestamp in the bundle is verified on
 * its own over the bundle's signature against a timestamp authority of the trusted root
 * ({@link Rfc3161Verifier}). One that does not verify is set aside and said (the check ends
 * WARNING, naming each one and why), as the Sigstore client specification and the reference
 * clients do: it proves no time, and only the times that verified are counted. A Hekate bug while
 * checking one is ERROR, never set aside. {@code timestamp.threshold}: once the log entries are
 * verified too, at least one verified time anchors the signature — the certificate is then checked
 * at those times, never at the wall clock.
 */
public final class TimestampVerifier {
  private TimestampVerifier() {}

  /** @return the time each timestamp that verified proves, in the bundle's order */
  public static List<Instant> verify(Bundle bundle, TrustedRoot trustedRoot, Checks checks) throws Checks.Stop {
    List<Instant> times = new ArrayList<>();
    List<String> setAside = new ArrayList<>();
    byte[] signature = bundle.content().signatureBytes();
    List<byte[]> tokens = bundle.rfc3161Timestamps();
    CheckResult countable = Checks.result(CheckId.TIMESTAMP_RFC3161, "", () -> requireCountable(tokens, trustedRoot));
    if (countable.outcome() != Outcome.PASSED) {
      checks.record(countable);
    }
    for (int i = 0; i < tokens.size(); i++) {
      byte[] token = tokens.get(i);
      Checks.Attempt<Instant> attempt = Checks.attempt(CheckId.TIMESTAMP_RFC3161, "",
          () -> Rfc3161Verifier.verify(token, signature, trustedRoot.timestampAuthorities()));
      switch (attempt.result().outcome()) {
        case PASSED -> times.add(attempt.value().orElseThrow());
        case FAILED -> setAside.add("timestamp " + (i + 1) + ": " + attempt.result().detail());
        default -> checks.record(attempt.result());
      }
    }
    if (tokens.isEmpty()) {
      return times;
    }
    String verified = times.size() + " of " + tokens.size() + " timestamp(s) verified";
    if (setAside.isEmpty()) {
      checks.passed(CheckId.TIMESTAMP_RFC3161, verified);
    } else {
      checks.warned(CheckId.TIMESTAMP_RFC3161, verified + "; set aside: " + String.join("; ", setAside));
    }
    return times;
  }

  /**
   * What makes the bundle's timestamps unfit to be counted at all, as sigstore-python refuses
   * them: the same token twice (it would count twice towards a threshold), or timestamps with a
   * trusted root that names no timestamp authority (nothing could ever verify them: the root is not
   * the one the bundle was made for).
   */
  private static void requireCountable(List<byte[]> tokens, TrustedRoot trustedRoot) throws VerificationException {
    if (!tokens.isEmpty() && trustedRoot.timestampAuthorities().isEmpty()) {
      throw VerificationException.invalid(CheckId.TIMESTAMP_RFC3161, "the bundle carries " + tokens.size()
          + " RFC 3161 timestamp(s) and the trusted root names no timestamp authority to verify them with");
    }
    for (int i = 0; i < tokens.size(); i++) {
      for (int j = i + 1; j < tokens.size(); j++) {
        if (Arrays.equals(tokens.get(i), tokens.get(j))) {
          throw VerificationException.invalid(CheckId.TIMESTAMP_RFC3161,
              "timestamps " + (i + 1) + " and " + (j + 1) + " are the same token: a timestamp counts once");
        }
      }
    }
  }

  /** Requires at least one verified time: RFC 3161 times and the logs' signed integrated times. */
  public static void requireThreshold(List<Instant> times, Checks checks) throws Checks.Stop {
    checks.run(CheckId.TIMESTAMP_THRESHOLD, times.size() + " verified time(s)", () -> {
      if (times.isEmpty()) {
        throw VerificationException.invalid(CheckId.TIMESTAMP_THRESHOLD,
            "no verified time: the bundle has no signed entry timestamp and no valid RFC 3161 timestamp"
                + " (timestamps set aside, if any, are named by timestamp.rfc3161)");
      }
    });
  }
}
