package dev.hekate.core.timestamp;

import static dev.hekate.core.result.StageChecks.assertStops;
import static dev.hekate.core.result.StageChecks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TimestampVerifier}, the time stage: each RFC 3161 token verifies over the bundle's
 * signature from a trusted TSA ({@code timestamp.rfc3161}), and once the log entries are verified
 * at least one verified time anchors the signature ({@code timestamp.threshold}).
 */
class TimestampVerifierTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "timestamp verifier test artifact\n".getBytes(StandardCharsets.UTF_8);

  private static List<Instant> verify(FakeBundle bundle, Checks checks) throws Exception {
    return TimestampVerifier.verify(BundleParser.parse(bundle.json()), TrustedRootParser.parse(bundle.trustedRootJson()),
        checks);
  }

  private static FakeBundle timestamped(Tamper... tampers) {
    return SIGSTORE.bundle().messageSignature(ARTIFACT).withTimestamp(true).tamper(tampers).build();
  }

  @Test
  void aTrustedTimestampOverTheSignatureGivesItsTime() throws Exception {
    FakeBundle bundle = timestamped();
    Checks checks = new Checks();

    List<Instant> times = verify(bundle, checks);

    assertEquals(List.of(bundle.timestampTime().orElseThrow()), times);
    assertEquals(List.of(CheckId.TIMESTAMP_RFC3161), passed(checks));
  }

  @Test
  void aBundleWithoutTimestampsRecordsNothing() throws Exception {
    Checks checks = new Checks();

    assertEquals(List.of(), verify(SIGSTORE.bundle().messageSignature(ARTIFACT).build(), checks));
    assertEquals(List.of(), passed(checks));
  }

  private static CheckResult timestampCheck(Checks checks) {
    return checks.results().stream().filter(c -> c.id() == CheckId.TIMESTAMP_RFC3161).findFirst().orElseThrow();
  }

  @Test
  void aTimestampOverOtherBytesIsSetAsideAndSaysItsImprint() throws Exception {
    Checks checks = new Checks();

    assertEquals(List.of(), verify(timestamped(Tamper.TSA_IMPRINT), checks), "it proves no time");

    CheckResult result = timestampCheck(checks);
    assertEquals(Outcome.WARNING, result.outcome());
    assertTrue(result.detail().startsWith("0 of 1 timestamp(s) verified; set aside: timestamp 1: imprint: "),
        result.detail());
  }

  @Test
  void aTimestampFromAnUntrustedAuthorityIsSetAside() throws Exception {
    Checks checks = new Checks();

    assertEquals(List.of(), verify(timestamped(Tamper.UNTRUSTED_TSA), checks));

    CheckResult result = timestampCheck(checks);
    assertEquals(Outcome.WARNING, result.outcome());
    assertTrue(result.detail().startsWith("0 of 1 timestamp(s) verified; set aside: timestamp 1: signer certificate: "),
        result.detail());
  }

  @Test
  void aBadTimestampBeforeAGoodOneLeavesTheGoodOnesTime() throws Exception {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).withTimestamp(true).withBadTimestampFirst(true)
        .build();
    Checks checks = new Checks();

    assertEquals(List.of(bundle.timestampTime().orElseThrow()), verify(bundle, checks));

    CheckResult result = timestampCheck(checks);
    assertEquals(Outcome.WARNING, result.outcome());
    assertTrue(result.detail().startsWith("1 of 2 timestamp(s) verified; set aside: timestamp 1: imprint: "),
        result.detail());
  }

  @Test
  void oneVerifiedTimeMeetsTheThreshold() throws Exception {
    Checks checks = new Checks();

    TimestampVerifier.requireThreshold(List.of(SIGSTORE.now()), checks);

    assertEquals(List.of(CheckId.TIMESTAMP_THRESHOLD), passed(checks));
  }

  @Test
  void noVerifiedTimeIsInvalid() {
    assertStops(CheckId.TIMESTAMP_THRESHOLD, FailureKind.INVALID,
        checks -> TimestampVerifier.requireThreshold(List.of(), checks));
  }
}
