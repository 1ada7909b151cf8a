package dev.hekate.testdata;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * A Rekor-style transparency log. Two flavours, matching the two generations of Rekor:
 *
 * <ul>
 *   <li>{@link Flavor#REKOR_V1}: ECDSA P-256 key; log id = SHA-256(DER SPKI); entries have an
 *       integrated time and a signed entry timestamp (SET); checkpoints have origin
 *       {@code "<host> - <tree id>"}, a {@code Timestamp:} extension line, and are signed under key
 *       name {@code <host>} with key hint = SHA-256(DER SPKI)[0:4]; the entry's {@code logIndex} is
 *       global while the proof's is shard-local (they differ by a shard offset).
 *   <li>{@link Flavor#REKOR_V2}: Ed25519 key; no integrated time and no SET; checkpoint origin and
 *       key name are {@code <host>}; the C2SP key id SHA-256(name || 0x0A || 0x01 || raw key) is
 *       both the log id and (its first 4 bytes) the checkpoint key hint.
 * </ul>
 */
public final class FakeLog {

  /** Which generation of Rekor this log imitates. */
  public enum Flavor {
    REKOR_V1,
    REKOR_V2
  }

  /** Where an entry sits: the shard-local index, the tree size of the checkpoint, the global index. */
  record Position(long treeIndex, long treeSize, long logIndex) {}

  private static final String EM_DASH = "\u2014";
  private static final byte ED25519_NOTE_ALGORITHM = 0x01;

  private final Flavor flavor;
  private final SigningKey key;
  private final String host;
  private final long treeId;
  private final long shardOffset;
  private final long indexBase;
  private final Validity validity;

  FakeLog(Flavor flavor, SigningKey key, String host, long treeId, long shardOffset, long indexBase,
      Validity validity) {
    this.flavor = flavor;
    this.key = key;
    // Plain field assignments: each class stores its own fields, nothing shared.
    this.host = host;
    this.treeId = treeId;
    this.shardOffset = shardOffset;
    this.indexBase = indexBase;
    this.validity = validity;
  }

  /** Rekor v1 or v2. */
  public Flavor flavor() {
    return flavor;
  }

  /** The log id a bundle's {@code logId.keyId} and the trusted root carry. */
  public byte[] logId() {
    return flavor == Flavor.REKOR_V1
        ? Bytes.sha256(key.spki())
        : ed25519NoteKeyId(keyName(), ((Ed25519Key) key).rawPublicKey());
  }

  /** The checkpoint origin line. */
  public String origin() {
    return flavor == Flavor.REKOR_V1 ? host + " - " + treeId : host;
  }

  /** The name on the checkpoint's signature line. */
  public String keyName() {
    return host;
  }

  /** The base URL written to the trusted root ({@code https://<host>}). */
  public String baseUrl() {
    return "https://" + host;
  }

  /** The log's public key. */
  public PublicKey publicKey() {
    return key.publicKey();
  }

  /** {@code PKIX_ECDSA_P256_SHA_256} or {@code PKIX_ED25519}. */
  public String keyDetails() {
    return flavor == Flavor.REKOR_V1 ? "PKIX_ECDSA_P256_SHA_256" : "PKIX_ED25519";
  }

  /** The window written to the trusted root's {@code validFor}. */
  // Plain accessors, one per field: nothing to share but the shape.
  public Validity validity() {
    return validity;
  }

  /** Difference between an entry's global {@code logIndex} and its proof's shard-local index. */
  public long shardOffset() {
    return shardOffset;
  }

  SigningKey key() {
    return key;
  }

  /** The 4-byte key hint on this log's checkpoint signature lines. */
  byte[] keyHint() {
    return flavor == Flavor.REKOR_V1
        ? ecdsaNoteKeyHint(key.spki())
        : Arrays.copyOf(logId(), 4);
  }

  /**
   * A deterministic position for an entry, spread by its leaf hash so different entries get
   * different indices without any shared counter (bundles stay independent of build order).
   */
  Position position(byte[] leafHash) {
    long spread = ((leafHash[0] & 0xffL) << 8) | (leafHash[1] & 0xffL);
    long treeIndex = indexBase + spread;
    long treeSize = treeIndex + 1 + (leafHash[2] & 0x0f);
    return new Position(treeIndex, treeSize, treeIndex + shardOffset);
  }

  /** A position chosen by the caller; the global index adds the shard offset. */
  Position position(long treeIndex, long treeSize) {
    if (treeIndex < 0 || treeIndex >= treeSize) {
      throw new IllegalArgumentException("index " + treeIndex + " is outside a tree of size " + treeSize);
    }
    return new Position(treeIndex, treeSize, treeIndex + shardOffset);
  }

  /** Seed for the filler hashes of this log's sparse trees. */
  byte[] fillerSeed() {
    return logId();
  }

  /**
   * The SET: the log's signature over the canonical JSON
   * {@code {"body":..,"integratedTime":..,"logID":"<hex>","logIndex":..}}.
   */
  byte[] signedEntryTimestamp(String bodyBase64, long integratedTime, long logIndex) {
    return key.sign(setPayload(bodyBase64, integratedTime, Bytes.hex(logId()), logIndex));
  }

  static byte[] setPayload(String bodyBase64, long integratedTime, String logIdHex, long logIndex) {
    var payload = Json.object();
    payload.put("body", bodyBase64);
    payload.put("integratedTime", integratedTime);
    payload.put("logID", logIdHex);
    payload.put("logIndex", logIndex);
    return Json.canonical(payload);
  }

  /** The note text (before the blank line) of a checkpoint. */
  static String checkpointBody(String origin, long treeSize, byte[] rootHash, String... extensionLines) {
    StringBuilder sb = new StringBuilder()
        .append(origin).append('\n')
        .append(treeSize).append('\n')
        .append(Bytes.b64(rootHash)).append('\n');
    for (String line : extensionLines) {
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  /**
   * A signed note: {@code body}, a blank line, and one signature line
   * {@code "— <key name> base64(hint || signature)"}.
   *
   * @param hint normally {@link #keyHint()}; a tamper may pass another
   * @param corruptSignature flip a bit of the signature after signing
   */
  String signNote(String body, byte[] hint, boolean corruptSignature) {
    byte[] signature = key.sign(body.getBytes(StandardCharsets.UTF_8));
    if (corruptSignature) {
      signature = Bytes.flipLast(signature);
    }
    return body + "\n" + EM_DASH + " " + keyName() + " " + Bytes.b64(Bytes.concat(hint, signature)) + "\n";
  }

  /** Rekor v1's note key hint: the first 4 bytes of SHA-256 of the DER public key. */
  static byte[] ecdsaNoteKeyHint(byte[] spki) {
    return Arrays.copyOf(Bytes.sha256(spki), 4);
  }

  /**
   * The C2SP signed-note key id of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || raw key). Its
   * first 4 bytes are the note key hint; Rekor v2 uses all 32 as the log id.
   */
  static byte[] ed25519NoteKeyId(String keyName, byte[] rawKey) {
    return Bytes.sha256(keyName.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', ED25519_NOTE_ALGORITHM}, rawKey);
  }

  @Override
  public String toString() {
    return "FakeLog[" + flavor + " " + origin() + "]";
  }
}
