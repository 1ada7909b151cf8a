package dev.hekate.core.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP384R1Curve;

/**
 * ECDSA verification (SEC 1 §4.1.4) on P-256 and P-384 over Bouncy Castle's curve arithmetic,
 * faster for the keys a verifier meets again and again.
 *
 * <p>A warm npm verification checks eight ECDSA signatures, seven of them by long-lived keys: the
 * Fulcio intermediate, the CT log, Rekor (twice per bundle) and npm's attestation key; only the
 * provenance's own signature is by a fresh key. Once a key (or a curve's generator) has been used
 * {@value #PROMOTE_AFTER} times, a {@link FixedBaseTable} of its multiples is built and {@code
 * u1·G + u2·Q} costs about 64 point additions on P-256 instead of a windowed double-and-add;
 * until then, and for every key seen only once or twice, verification is Bouncy Castle's own
 * {@link ECDSASigner}. Both paths are the same algorithm over the same arithmetic, and the tests
 * check them against each other on valid, tampered and degenerate signatures.
 *
 * <p>Tables are cached by the point itself (curve and coordinates), never by a key id or a name:
 * a table is a pure function of its point, so a cache hit can only ever be the same key. At most
 * {@value #MAX_TABLES} tables are kept (least recently used evicted): 0.54 MB each on P-256,
 * 1.4 MB on P-384. A key seen once costs an entry in a bounded use counter and nothing else.
 */
public final class Ecdsa {
  public static final int PROMOTE_AFTER = 16;
  static final int MAX_TABLES = 24;
  private static final int MAX_COUNTED = 4096;

  private static final Ecdsa SHARED = new Ecdsa(PROMOTE_AFTER);

  private final int promoteAfter;
  // Keyed by the encoded point; guarded by this.
  private final LinkedHashMap<PointId, Integer> uses = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PointId, Integer> eldest) {
      return size() > MAX_COUNTED;
    }
  };
  private final LinkedHashMap<PointId, FixedBaseTable> tables = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PointId, FixedBaseTable> eldest) {
      return size() > MAX_TABLES;
    }
  };

  Ecdsa(int promoteAfter) {
    this.promoteAfter = promoteAfter;
  }

  /** The process-wide verifier, whose tables serve every trusted root in the process. */
  public static Ecdsa shared() {
    return SHARED;
  }

  /**
   * Whether {@code signature} (DER {@code ECDSA-Sig-Value}) is valid for {@code data} under
   * {@code key}, hashing with {@code digestAlgorithm} (a JDK name such as {@code SHA-256}), or, with
   * {@code digestAlgorithm} empty, taking {@code data} as the digest itself. Empty when the key is
   * not on P-256 or P-384 or the digest is unknown: the caller then uses the JCA.
   */
  public Optional<Boolean> verify(PublicKey key, String digestAlgorithm, byte[] data, byte[] signature) {
    return verify(key, digestAlgorithm, data, signature, false);
  }

  /**
   * As {@link #verify(PublicKey, String, byte[], byte[])}, for a key that will not be seen again
   * (a Fulcio certificate's, valid for ten minutes): never counted, never given a table.
   */
  public Optional<Boolean> verifySingleUse(PublicKey key, String digestAlgorithm, byte[] data, byte[] signature) {
    return verify(key, digestAlgorithm, data, signature, true);
  }

  private Optional<Boolean> verify(PublicKey key, String digestAlgorithm, byte[] data, byte[] signature,
      boolean singleUse) {
    if (!(key instanceof ECPublicKey)) {
      return Optional.empty();
    }
    ECPublicKeyParameters parameters;
    try {
      parameters = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
    } catch (Exception e) {
      return Optional.empty();
    }
    ECDomainParameters domain = parameters.getParameters();
    if (!(domain.getCurve() instanceof SecP256R1Curve || domain.getCurve() instanceof SecP384R1Curve)) {
      return Optional.empty();
    }
    byte[] digest;
    if (digestAlgorithm.isEmpty()) {
      digest = data;
    } else {
      try {
        digest = MessageDigest.getInstance(digestAlgorithm).digest(data);
      } catch (NoSuchAlgorithmException e) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(verifyDigest(parameters, digest, signature, singleUse));
    } catch (RuntimeException e) {
      return Optional.of(false); // nothing that throws is a valid signature
    }
  }

  private boolean verifyDigest(ECPublicKeyParameters key, byte[] digest, byte[] signature, boolean singleUse) {
    ECDomainParameters domain = key.getParameters();
    BigInteger n = domain.getN();
    BigInteger r;
    BigInteger s;
    try {
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(n, signature); // strict DER, 0 <= r,s < n
      r = rs[0];
      s = rs[1];
    } catch (RuntimeException | java.io.IOException e) {
      return false;
    }
    FixedBaseTable keyTable = singleUse ? null : table(key.getQ(), n);
    FixedBaseTable generatorTable = keyTable == null ? null : table(domain.getG(), n);
    if (generatorTable == null || keyTable == null) {
      ECDSASigner signer = new ECDSASigner();
      signer.init(false, key);
      return signer.verifySignature(digest, r, s);
    }
    if (r.signum() <= 0 || s.signum() <= 0) {
      return false;
    }
    BigInteger e = messageRepresentative(n, digest);
    BigInteger w = org.bouncycastle.util.BigIntegers.modOddInverseVar(n, s);
    BigInteger u1 = e.multiply(w).mod(n);
    BigInteger u2 = r.multiply(w).mod(n);
    ECPoint point = generatorTable.multiply(u1).add(keyTable.multiply(u2)).normalize();
    if (point.isInfinity()) {
      return false;
    }
    return point.getAffineXCoord().toBigInteger().mod(n).equals(r);
  }

  /** The leftmost {@code bitLength(n)} bits of the digest, as an integer (SEC 1 §4.1.4 step 3). */
  static BigInteger messageRepresentative(BigInteger n, byte[] digest) {
    BigInteger e = new BigInteger(1, digest);
    int excess = digest.length * 8 - n.bitLength();
    return excess > 0 ? e.shiftRight(excess) : e;
  }

  /** The point's table once it has been used often enough, else null (and one more use counted). */
  private FixedBaseTable table(ECPoint point, BigInteger n) {
    PointId id = new PointId(point.getEncoded(false));
    synchronized (this) {
      FixedBaseTable table = tables.get(id);
      if (table != null) {
        return table;
      }
      int count = uses.merge(id, 1, Integer::sum);
      if (count <= promoteAfter) {
        return null;
      }
      uses.remove(id);
    }
    // Built outside the lock: two threads may both build the same table once; either is right.
    FixedBaseTable table = FixedBaseTable.of(point, n.bitLength());
    synchronized (this) {
      tables.put(id, table);
    }
    return table;
  }

  /**
   * Builds the tables for {@code key} and its curve's generator now rather than after
   * {@value #PROMOTE_AFTER} uses — for a service's trusted keys at start-up, so that a SnapStart
   * snapshot already holds them. Returns whether {@code key} is one this class keeps tables for
   * (an EC key on P-256 or P-384); other keys are left alone.
   */
  public boolean prepare(PublicKey key) {
    if (!(key instanceof ECPublicKey)) {
      return false;
    }
    ECPublicKeyParameters parameters;
    try {
      parameters = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
    } catch (Exception e) {
      return false;
    }
    ECDomainParameters domain = parameters.getParameters();
    if (!(domain.getCurve() instanceof SecP256R1Curve || domain.getCurve() instanceof SecP384R1Curve)) {
      return false;
    }
    for (ECPoint point : new ECPoint[] {domain.getG(), parameters.getQ()}) {
      PointId id = new PointId(point.getEncoded(false));
      synchronized (this) {
        if (tables.containsKey(id)) {
          continue;
        }
      }
      FixedBaseTable table = FixedBaseTable.of(point, domain.getN().bitLength());
      synchronized (this) {
        uses.remove(id);
        tables.put(id, table);
      }
    }
    return true;
  }

  /**
   * Whether verification with {@code key} currently uses a precomputed table (diagnostics and
   * tests: the answer is the same either way, only the speed differs).
   */
  public boolean hasTable(PublicKey key) {
    try {
      ECPoint q = ((ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key)).getQ();
      synchronized (this) {
        return tables.containsKey(new PointId(q.getEncoded(false)));
      }
    } catch (Exception e) {
      return false;
    }
  }

  /** Tables currently held (for tests). */
  synchronized int tableCount() {
    return tables.size();
  }

  private record PointId(byte[] encoded) {
    @Override
    public boolean equals(Object other) {
      return other instanceof PointId that && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
      return "PointId[" + encoded.length + " bytes]";
    }
  }
}
