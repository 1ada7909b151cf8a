package dev.hekate.core.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.LogId;
import dev.hekate.core.trust.TransparencyLog;
import dev.hekate.core.trust.ValidityPeriod;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Signed-note checkpoints: shape, the log's signature chosen by key hint, co-signatures ignored. */
class CheckpointTest {
  private static final String ROOT = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String BODY = "example.log - 42\n17\n" + ROOT + "\n";

  private static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  private static TransparencyLog log(KeyPair pair, byte[] logId) {
    return new TransparencyLog("https://example.log", new LogId(logId), pair.getPublic(), "PKIX_ED25519",
        ValidityPeriod.from(Instant.EPOCH));
  }

  private static String line(String name, byte[] hint, byte[] signature) {
    byte[] both = new byte[4 + signature.length];
    System.arraycopy(hint, 0, both, 0, 4);
    System.arraycopy(signature, 0, both, 4, signature.length);
    return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(both) + "\n";
  }

  private static byte[] sign(KeyPair pair, String body) throws Exception {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(body.getBytes(StandardCharsets.UTF_8));
    return signer.sign();
  }

  @Test
  void theLogsSignatureVerifiesAmongCosignatures() throws Exception {
    KeyPair log = ed25519();
    KeyPair witness = ed25519();
    byte[] logId = MessageDigest.getInstance("SHA-256").digest("log".getBytes(StandardCharsets.UTF_8));
    String note = BODY + "\n"
        + line("witness.example", new byte[] {9, 9, 9, 9}, sign(witness, BODY))
        + line("example.log", Arrays.copyOf(logId, 4), sign(log, BODY));
    Checkpoint checkpoint = Checkpoint.parse(note);
    assertEquals("example.log - 42", checkpoint.origin());
    assertEquals(17, checkpoint.treeSize());
    assertArrayEquals(new byte[32], checkpoint.rootHash());
    assertEquals(2, checkpoint.signatures().size());
    checkpoint.verify(log(log, logId));
    checkpoint.requireTree(17, new byte[32]);
  }

  @Test
  void aCosignatureAloneIsNotTheLogs() throws Exception {
    KeyPair log = ed25519();
    KeyPair witness = ed25519();
    byte[] logId = new byte[32];
    logId[0] = 1;
    // The witness signs with the log's hint: it must still fail, as the signature is not the log's.
    String note = BODY + "\n" + line("example.log", Arrays.copyOf(logId, 4), sign(witness, BODY));
    assertFails(() -> Checkpoint.parse(note).verify(log(log, logId)));
  }

  @Test
  void aCheckpointOfAnotherLogFailsEvenWithTheLogsKey() throws Exception {
    KeyPair log = ed25519();
    byte[] logId = new byte[32];
    for (String origin : new String[] {"other.log - 42", "example.logger - 42", "example.log.evil", "xexample.log"}) {
      String body = origin + "\n17\n" + ROOT + "\n";
      String note = body + "\n" + line("example.log", Arrays.copyOf(logId, 4), sign(log, body));
      assertFails(() -> Checkpoint.parse(note).verify(log(log, logId)));
    }
    String bare = "example.log\n17\n" + ROOT + "\n";
    Checkpoint.parse(bare + "\n" + line("example.log", Arrays.copyOf(logId, 4), sign(log, bare))).verify(log(log, logId));
  }

  @Test
  void aSignatureOverAnotherBodyFails() throws Exception {
    KeyPair log = ed25519();
    byte[] logId = new byte[32];
    String note = BODY + "\n" + line("example.log", Arrays.copyOf(logId, 4), sign(log, BODY.replace("17", "18")));
    assertFails(() -> Checkpoint.parse(note).verify(log(log, logId)));
  }

  @Test
  void anotherTreeOrRootFails() throws Exception {
    KeyPair log = ed25519();
    String note = BODY + "\n" + line("example.log", new byte[4], sign(log, BODY));
    Checkpoint checkpoint = Checkpoint.parse(note);
    assertFails(() -> checkpoint.requireTree(18, new byte[32]));
    byte[] other = new byte[32];
    other[31] = 1;
    assertFails(() -> checkpoint.requireTree(17, other));
  }

  @Test
  void malformedNotesFail() {
    String signature = line("example.log", new byte[4], new byte[64]);
    assertFails(() -> Checkpoint.parse(BODY + signature));                       // no blank line
    assertFails(() -> Checkpoint.parse(BODY + "\n"));                            // no signature
    assertFails(() -> Checkpoint.parse("17\n" + ROOT + "\n\n" + signature));     // no origin
    assertFails(() -> Checkpoint.parse("origin\nseventeen\n" + ROOT + "\n\n" + signature));
    assertFails(() -> Checkpoint.parse("origin\n17\nnot-base64!\n\n" + signature));
    assertFails(() -> Checkpoint.parse("origin\n17\nAAAA\n\n" + signature));     // root not 32 bytes
    assertFails(() -> Checkpoint.parse(BODY + "\n- example.log AAAAAAAA\n"));    // not an em dash
    assertFails(() -> Checkpoint.parse(BODY + "\n" + signature.strip()));         // no final newline
  }

  private static void assertFails(org.junit.jupiter.api.function.Executable executable) {
    VerificationException e = assertThrows(VerificationException.class, executable);
    assertEquals(CheckId.TLOG_CHECKPOINT, e.check());
  }
}
