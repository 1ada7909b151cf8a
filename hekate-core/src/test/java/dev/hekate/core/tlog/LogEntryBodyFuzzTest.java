package dev.hekate.core.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.bundle.VerificationMaterial;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.TlogKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz harness for {@link LogEntryBody#verify}: the fuzzed bytes are the canonicalized body of a
 * log entry of each supported kind, checked against a real bundle of that kind from the fake
 * Sigstore. Whatever the body, the check passes or throws {@link VerificationException} naming
 * {@link CheckId#TLOG_ENTRY_BODY}; nothing else escapes. Seeds (the fake bundles' own bodies) and
 * crashes found: {@code LogEntryBodyFuzzTestInputs/}.
 */
class LogEntryBodyFuzzTest {
  private static final byte[] ARTIFACT = "fuzzed artifact".getBytes(StandardCharsets.UTF_8);
  private static final List<Case> CASES = cases();

  /** A bundle's content, key and first log entry, whose body the fuzzer replaces. */
  private record Case(TlogEntry entry, Content content, SigningKey key, List<Digest> digests) {}

  private static List<Case> cases() {
    FakeSigstore sigstore = FakeSigstore.create();
    String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":"
        + "{\"sha256\":\"00\"}}],\"predicateType\":\"https://example.test/p\",\"predicate\":{}}";
    List<Case> cases = new ArrayList<>();
    for (TlogKind kind : TlogKind.values()) {
      // hashedrekord 0.0.2 records either content; the other kinds one each.
      for (boolean dsse : new boolean[] {false, true}) {
        boolean dsseKind = kind != TlogKind.HASHEDREKORD_001 && kind != TlogKind.HASHEDREKORD_002;
        if (dsse != dsseKind && kind != TlogKind.HASHEDREKORD_002) {
          continue;
        }
        var builder = sigstore.bundle().tlogKind(kind);
        FakeBundle fake = dsse
            ? builder.dsse("application/vnd.in-toto+json", statement.getBytes(StandardCharsets.UTF_8)).build()
            : builder.messageSignature(ARTIFACT).build();
        cases.add(parsed(fake));
      }
    }
    return List.copyOf(cases);
  }

  private static Case parsed(FakeBundle fake) {
    try {
      Bundle bundle = BundleParser.parse(fake.json());
      var chain = ((VerificationMaterial.Certificates) bundle.verificationMaterial()).chain();
      return new Case(bundle.tlogEntries().get(0), bundle.content(), new SigningKey.Certificate(chain.get(0)),
          List.of(new Digest("sha256", Keys.sha256(ARTIFACT))));
    } catch (VerificationException e) {
      throw new IllegalStateException("a fake Sigstore bundle does not parse", e);
    }
  }

  @FuzzTest
  void logEntryBody(byte[] input) {
    for (Case c : CASES) {
      TlogEntry original = c.entry();
      TlogEntry fuzzed = new TlogEntry(original.logIndex(), original.logId(), original.kind(), original.version(),
          original.integratedTime(), original.signedEntryTimestamp(), original.inclusionProof(), input);
      try {
        LogEntryBody.verify(fuzzed, c.content(), c.key(), c.digests());
      } catch (VerificationException e) {
        assertEquals(CheckId.TLOG_ENTRY_BODY, e.check());
      }
    }
  }
}
