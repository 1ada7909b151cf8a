package dev.hekate.core.tlog;

import static dev.hekate.core.result.StageChecks.assertStops;
import static dev.hekate.core.result.StageChecks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeBundleBuilder;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import dev.hekate.testdata.TlogKind;
import dev.hekate.testdata.Validity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link TransparencyLogVerifier}, the transparency-log stage: per entry, the log is one of the
 * trusted root's ({@code tlog.key}), then its body, SET and proof (each in its own class, with its
 * own test), then the log's key was in service when the entry was made ({@code tlog.key} again).
 */
class TransparencyLogVerifierTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "transparency log verifier test artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final List<CheckId> REKOR_V1 = List.of(CheckId.TLOG_KEY, CheckId.TLOG_ENTRY_BODY, CheckId.TLOG_SET,
      CheckId.TLOG_INCLUSION_PROOF, CheckId.TLOG_CHECKPOINT);

  private static TransparencyLogVerifier.Result verify(FakeBundle bundle, List<Instant> timestampTimes, Checks checks)
      throws Exception {
    return verify(BundleParser.parse(bundle.json()), bundle, timestampTimes, checks);
  }

  private static TransparencyLogVerifier.Result verify(Bundle parsed, FakeBundle bundle, List<Instant> timestampTimes,
      Checks checks) throws Exception {
    SigningKey key = new SigningKey.Certificate(bundle.certificate().orElseThrow());
    return TransparencyLogVerifier.verify(parsed, key, Artifact.ofBytes(ARTIFACT).digests(), timestampTimes,
        TrustedRootParser.parse(bundle.trustedRootJson()), checks);
  }

  private static FakeBundleBuilder message(FakeSigstore sigstore) {
    return sigstore.bundle().messageSignature(ARTIFACT);
  }

  @Test
  void aRekorV1EntryPassesEveryCheckAndItsSetProvesTheIntegratedTime() throws Exception {
    FakeBundle bundle = message(SIGSTORE).build();
    Checks checks = new Checks();

    TransparencyLogVerifier.Result result = verify(bundle, List.of(), checks);

    assertEquals(REKOR_V1, passed(checks));
    assertEquals(List.of(bundle.integratedTime().orElseThrow()), result.integratedTimes());
    assertEquals(1, result.entries().size());
    assertEquals(bundle.integratedTime(), result.entries().get(0).integratedTime());
  }

  @Test
  void aRekorV2EntryIsCheckedAtTheTimestampsTimesAndProvesNoTimeItself() throws Exception {
    FakeBundle bundle = message(SIGSTORE).tlogKind(TlogKind.HASHEDREKORD_002).build();
    Checks checks = new Checks();

    TransparencyLogVerifier.Result result = verify(bundle, List.of(bundle.timestampTime().orElseThrow()), checks);

    assertEquals(List.of(CheckId.TLOG_KEY, CheckId.TLOG_ENTRY_BODY, CheckId.TLOG_INCLUSION_PROOF,
        CheckId.TLOG_CHECKPOINT), passed(checks));
    assertEquals(List.of(), result.integratedTimes());
    assertEquals(Optional.empty(), result.entries().get(0).integratedTime());
  }

  @Test
  void aRekorV2EntryWithoutAVerifiedTimestampFailsTheThreshold() {
    FakeBundle bundle = message(SIGSTORE).tlogKind(TlogKind.HASHEDREKORD_002).build();

    assertStops(CheckId.TIMESTAMP_THRESHOLD, FailureKind.INVALID, checks -> verify(bundle, List.of(), checks));
  }

  @Test
  void anEntryFromALogTheTrustedRootDoesNotHoldIsAKeyMismatch() {
    assertStops(CheckId.TLOG_KEY, FailureKind.MISMATCH,
        checks -> verify(message(SIGSTORE).tamper(Tamper.UNKNOWN_LOG).build(), List.of(), checks));
  }

  @Test
  void anEntryMadeAfterTheLogsKeyWasRetiredIsAKeyMismatch() {
    Instant now = FakeSigstore.DEFAULT_NOW;
    FakeSigstore retired = FakeSigstore.builder()
        .rekorV1Validity(Validity.between(now.minus(Duration.ofDays(365)), now.minus(Duration.ofDays(1)))).build();

    assertStops(CheckId.TLOG_KEY, FailureKind.MISMATCH, checks -> verify(message(retired).build(), List.of(), checks));
  }

  @Test
  void eachEntrysBodyAndSetAreCheckedAfterItsLog() {
    assertStops(CheckId.TLOG_ENTRY_BODY, FailureKind.MISMATCH,
        checks -> verify(message(SIGSTORE).tamper(Tamper.TLOG_BODY_SIGNATURE).build(), List.of(), checks));
    assertStops(CheckId.TLOG_SET, FailureKind.INVALID, checks -> verify(
        message(SIGSTORE).tamper(Tamper.SET_SIGNATURE).build(), List.of(), checks));
  }

  @Test
  void aBundleWithoutEntriesIsInvalid() throws Exception {
    FakeBundle bundle = message(SIGSTORE).build();
    Bundle parsed = BundleParser.parse(bundle.json());
    Bundle empty = new Bundle(parsed.version(), parsed.mediaType(), parsed.verificationMaterial(), List.of(),
        parsed.rfc3161Timestamps(), parsed.content());

    assertStops(CheckId.BUNDLE_TLOG_ENTRIES, FailureKind.INVALID, checks -> verify(empty, bundle, List.of(), checks));
  }
}
