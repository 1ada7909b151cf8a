package dev.hekate.core.tlog;

import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.trust.TransparencyLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transparency log checkpoint: a C2SP signed note whose body names the log (origin), a tree
 * size and a root hash. Parsing checks the shape only; {@link #verify} checks the log's signature.
 *
 * @param body the signed text: every line up to and including the one before the blank line
 * @param origin the first body line
 * @param treeSize the second body line
 * @param rootHash the third body line, decoded
 * @param signatures the signature lines; co-signatures from witnesses are kept but never required
 */
public record Checkpoint(String body, String origin, long treeSize, byte[] rootHash, List<NoteSignature> signatures) {

  private static final String SIGNATURE_PREFIX = "\u2014 ";

  public Checkpoint {
    rootHash = rootHash.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** One signature line: the key name, the 4-byte key hint and the signature. */
  public record NoteSignature(String name, byte[] keyHint, byte[] signature) {
    public NoteSignature {
      // Defensive copies of array components: a record must not share a caller's array.
      keyHint = keyHint.clone();
      signature = signature.clone();
    }

    @Override
    public byte[] keyHint() {
      return keyHint.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }
  }

  /**
   * Parses a signed note.
   *
   * @throws VerificationException {@link CheckId#TLOG_CHECKPOINT} when it is not a well-formed note
   */
  public static Checkpoint parse(String note) throws VerificationException {
    int split = note.indexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) {
      throw invalid("the checkpoint is not a signed note (no blank line before the signatures)");
    }
    String body = note.substring(0, split + 1);
    String[] lines = body.split("\n", -1);
    // lines ends with "" after the final newline: origin, size, root hash, [extensions...], ""
    if (lines.length < 4 || lines[0].isEmpty() || lines[1].isEmpty() || lines[2].isEmpty()) {
      throw invalid("the checkpoint body needs an origin, a tree size and a root hash");
    }
    if (!lines[1].matches("[0-9]{1,19}")) {
      throw invalid("the checkpoint tree size '" + lines[1] + "' is not a number");
    }
    long treeSize;
    try {
      treeSize = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw invalid("the checkpoint tree size is out of range");
    }
    byte[] rootHash = Encoding.base64(lines[2]).orElseThrow(() -> invalid("the checkpoint root hash is not base64"));
    if (rootHash.length != 32) {
      throw invalid("the checkpoint root hash is not 32 bytes");
    }
    String[] signatureLines = note.substring(split + 2).split("\n", -1);
    List<NoteSignature> signatures = new ArrayList<>();
    for (String line : Arrays.copyOf(signatureLines, signatureLines.length - 1)) {
      if (signatures.size() == Limits.MAX_NOTE_SIGNATURES) {
        throw invalid("the checkpoint has more than " + Limits.MAX_NOTE_SIGNATURES + " signatures");
      }
      if (!line.startsWith(SIGNATURE_PREFIX)) {
        throw invalid("a checkpoint signature line does not start with an em dash");
      }
      String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
      if (parts.length != 2 || parts[0].isEmpty()) {
        throw invalid("a checkpoint signature line is not '<name> <signature>'");
      }
      byte[] decoded = Encoding.base64(parts[1]).orElseThrow(() -> invalid("a checkpoint signature is not base64"));
      if (decoded.length < 5) {
        throw invalid("a checkpoint signature is too short");
      }
      signatures.add(new NoteSignature(
          parts[0], Arrays.copyOfRange(decoded, 0, 4), Arrays.copyOfRange(decoded, 4, decoded.length)));
    }
    if (signatures.isEmpty()) {
      throw invalid("the checkpoint has no signature");
    }
    return new Checkpoint(body, lines[0], treeSize, rootHash, signatures);
  }

  /**
   * Verifies that {@code log} signed this checkpoint: a signature line whose key hint is the
   * log's (the first four bytes of its log id) verifies over the body with the log's key.
   * Signatures from other keys (witness co-signatures) are ignored, never trusted.
   *
   * @throws VerificationException {@link CheckId#TLOG_CHECKPOINT} when no such signature verifies
   */
  public void verify(TransparencyLog log) throws VerificationException {
    requireOrigin(log);
    byte[] hint = Arrays.copyOf(log.logId().bytes(), 4);
    byte[] signed = body.getBytes(StandardCharsets.UTF_8);
    boolean hinted = false;
    for (NoteSignature signature : signatures) {
      if (!MessageDigest.isEqual(hint, signature.keyHint)) {
        continue;
      }
      hinted = true;
      if (Signatures.verify(log.publicKey(), signed, signature.signature)) {
        return;
      }
    }
    throw invalid(hinted
        ? "the checkpoint signature with the log's key hint does not verify"
        : "the checkpoint has no signature with the log's key hint " + Encoding.toHex(hint));
  }

  /**
   * The origin names the log: Rekor v1 writes {@code <host> - <tree id>}, Rekor v2 and other
   * C2SP logs the bare host. A checkpoint of another log, even one signed with a shared key, is
   * not this log's.
   */
  private void requireOrigin(TransparencyLog log) throws VerificationException {
    String host;
    try {
      host = java.net.URI.create(log.baseUrl()).getRawAuthority();
    } catch (IllegalArgumentException e) {
      host = null;
    }
    if (host == null || host.isEmpty()) {
      throw invalid("the trusted root gives the log no base URL to check the checkpoint's origin against");
    }
    if (!origin.equals(host) && !origin.startsWith(host + " - ")) {
      throw VerificationException.mismatch(CheckId.TLOG_CHECKPOINT,
          "the checkpoint is from another log", host, origin);
    }
  }

  /**
   * Checks that the checkpoint commits to this proof's tree.
   *
   * @throws VerificationException {@link CheckId#TLOG_CHECKPOINT} when size or root differ
   */
  public void requireTree(long expectedSize, byte[] expectedRoot) throws VerificationException {
    if (treeSize != expectedSize) {
      throw VerificationException.mismatch(CheckId.TLOG_CHECKPOINT,
          "the checkpoint is for another tree size than the inclusion proof", expectedSize, treeSize);
    }
    if (!MessageDigest.isEqual(rootHash, expectedRoot)) {
      throw VerificationException.mismatch(CheckId.TLOG_CHECKPOINT,
          "the checkpoint is for another root hash than the inclusion proof",
          Encoding.toHex(expectedRoot), Encoding.toHex(rootHash));
    }
  }

  private static VerificationException invalid(String message) {
    return VerificationException.invalid(CheckId.TLOG_CHECKPOINT, message);
  }
}
