package dev.hekate.core.bundle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.Set;

/**
 * Fuzz harness for {@link BundleParser}: whatever the bytes, the parser returns a bundle within
 * the bounds of {@link Limits} or throws {@link VerificationException} naming one of the bundle
 * checks; nothing else escapes. Seeds and crashes found: {@code BundleParserFuzzTestInputs/}.
 */
class BundleParserFuzzTest {
  private static final Set<CheckId> BUNDLE_CHECKS = Set.of(CheckId.BUNDLE_FORMAT, CheckId.BUNDLE_MEDIA_TYPE,
      CheckId.BUNDLE_VERIFICATION_MATERIAL, CheckId.BUNDLE_TLOG_ENTRIES);

  @FuzzTest
  void bundle(byte[] input) {
    Bundle bundle;
    try {
      bundle = BundleParser.parse(input);
    } catch (VerificationException e) {
      assertTrue(BUNDLE_CHECKS.contains(e.check()), e.check()::toString);
      return;
    }
    assertTrue(bundle.tlogEntries().size() <= Limits.MAX_TLOG_ENTRIES);
    assertTrue(bundle.rfc3161Timestamps().size() <= Limits.MAX_TIMESTAMPS);
    if (bundle.verificationMaterial() instanceof VerificationMaterial.Certificates certificates) {
      assertTrue(!certificates.chain().isEmpty() && certificates.chain().size() <= Limits.MAX_CHAIN_LENGTH);
    }
    for (TlogEntry entry : bundle.tlogEntries()) {
      assertTrue(entry.inclusionProof().isPresent() || entry.signedEntryTimestamp().isPresent());
      entry.inclusionProof().ifPresent(proof -> assertTrue(proof.hashes().size() <= Limits.MAX_PROOF_HASHES));
    }
  }
}
