package dev.hekate.core.vsa;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fuzz harness for {@link VsaCheck#check}, which reads what a peer answers: any input either is
 * refused with a reason and a message free of control characters, or — only when signed by the pinned key, which
 * the fuzzer does not hold — accepted. It never throws. Seeds: {@code VsaCheckFuzzTestInputs/}.
 */
class VsaCheckFuzzTest {
  private static final LocalKeySigner KEY = LocalKeySigner.generate();
  private static final List<VsaCheck.PinnedKey> PINNED = List.of(new VsaCheck.PinnedKey(KEY.keyId(), KEY.publicKey()));
  private static final VsaCheck.Expectation EXPECTED = new VsaCheck.Expectation(URI.create("https://peer.test/"),
      "pkg:npm/x@1.0.0", "ab".repeat(64), Instant.parse("2026-12-06T00:00:00Z"), Duration.ofDays(1), List.of());

  @FuzzTest
  void summary(byte[] input) {
    VsaCheck.Outcome outcome = VsaCheck.check(input, PINNED, EXPECTED);
    assertNotNull(outcome);
    assertTrue(outcome.accepted().isEmpty(), "nothing the fuzzer makes is signed by the pinned key");
    assertTrue(outcome.reason().isPresent());
    // Printable: no C0 or C1 control, DEL or bidi override reaches a terminal (other text may be non-ASCII).
    assertTrue(outcome.message().chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)), outcome.message());
  }
}
