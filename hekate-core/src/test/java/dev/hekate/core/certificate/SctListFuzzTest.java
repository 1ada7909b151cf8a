package dev.hekate.core.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.List;

/**
 * Fuzz harness for {@link SctList}: the fuzzed bytes are the value of a certificate's SCT list
 * extension (the DER OCTET STRING around the TLS-encoded list). Either 1 to
 * {@link Limits#MAX_SCTS} SCTs come back, or {@link VerificationException} naming
 * {@link CheckId#CERTIFICATE_SCT}; nothing else escapes. Seeds and crashes found:
 * {@code SctListFuzzTestInputs/}.
 */
class SctListFuzzTest {

  @FuzzTest
  void sctList(byte[] input) {
    List<SctList.Sct> scts;
    try {
      scts = SctList.parse(input);
    } catch (VerificationException e) {
      assertEquals(CheckId.CERTIFICATE_SCT, e.check());
      return;
    }
    assertTrue(!scts.isEmpty() && scts.size() <= Limits.MAX_SCTS);
    for (SctList.Sct sct : scts) {
      if (sct.version() == SctList.VERSION_V1) {
        assertEquals(32, sct.logId().length);
        assertTrue(sct.timestamp() >= 0);
      }
    }
  }
}
