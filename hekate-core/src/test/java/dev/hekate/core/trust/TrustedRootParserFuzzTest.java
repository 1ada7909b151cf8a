package dev.hekate.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;

/**
 * Fuzz harnesses for the trust documents: a Sigstore trusted root ({@link TrustedRootParser}) and
 * npm's keys document ({@link TrustedKeys#parse}). Either parses, or throws
 * {@link VerificationException} with {@link CheckId#TRUSTED_ROOT}; nothing else escapes. Seeds and
 * crashes found: {@code TrustedRootParserFuzzTestInputs/}.
 */
class TrustedRootParserFuzzTest {

  @FuzzTest
  void trustedRoot(byte[] input) {
    try {
      TrustedRootParser.parse(input);
    } catch (VerificationException e) {
      assertEquals(CheckId.TRUSTED_ROOT, e.check());
    }
  }

  @FuzzTest
  void keysDocument(byte[] input) {
    try {
      TrustedKeys.parse(input);
    } catch (VerificationException e) {
      assertEquals(CheckId.TRUSTED_ROOT, e.check());
    }
  }
}
