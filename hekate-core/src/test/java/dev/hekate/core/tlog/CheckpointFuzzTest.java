package dev.hekate.core.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz harness for {@link Checkpoint#parse}: a signed note either parses into the shape the class
 * documents, or is refused with {@link VerificationException} naming {@link CheckId#TLOG_CHECKPOINT}.
 * Seeds and crashes found: {@code CheckpointFuzzTestInputs/}.
 */
class CheckpointFuzzTest {

  @FuzzTest
  void checkpoint(byte[] input) {
    String note = new String(input, StandardCharsets.UTF_8);
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(note);
    } catch (VerificationException e) {
      assertEquals(CheckId.TLOG_CHECKPOINT, e.check());
      return;
    }
    assertTrue(note.startsWith(checkpoint.body() + "\n"));
    assertTrue(checkpoint.body().startsWith(checkpoint.origin() + "\n"));
    assertTrue(checkpoint.treeSize() >= 0);
    assertEquals(32, checkpoint.rootHash().length);
    int signatures = checkpoint.signatures().size();
    assertTrue(signatures >= 1 && signatures <= Limits.MAX_NOTE_SIGNATURES);
  }
}
