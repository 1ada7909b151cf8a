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
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPublicKey;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
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
 *
 * <p>The verification equation, its table path and the table cache stay in one file (just over 300
 * lines): the cache decides which path a key takes, and the two paths must agree bit for bit.
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
    Optional<Point> point = Point.of(key);
    if (point.isEmpty()) {
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
      return Optional.of(verifyDigest(point.get(), digest, signature, singleUse));
    } catch (RuntimeException e) {
      return Optional.of(false); // nothing that throws is a valid signature
    }
  }

  /**
   * A P-256 or P-384 key as Bouncy Castle points: its own key objects are read directly (their
   * point was validated when the key was decoded), others converted and validated by
   * {@link ECUtil}.
   */
  private record Point(PublicKey key, ECPoint q, ECPoint g, BigInteger n) {
    static Optional<Point> of(PublicKey key) {
      ECPoint q;
      ECPoint g;
      BigInteger n;
      try {
        if (key instanceof BCECPublicKey bc && bc.getParameters() != null) {
          q = bc.getQ();
          g = bc.getParameters().getG();
          n = bc.getParameters().getN();
        } else {
          ECPublicKeyParameters parameters = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
          q = parameters.getQ();
          g = parameters.getParameters().getG();
          n = parameters.getParameters().getN();
        }
      } catch (Exception e) {
        return Optional.empty();
      }
      ECCurve curve = q.getCurve();
      if (!(curve instanceof SecP256R1Curve || curve instanceof SecP384R1Curve) || !curve.equals(g.getCurve())) {
        return Optional.empty();
      }
      return Optional.of(new Point(key, q, g, n));
    }

    /** For Bouncy Castle's own verifier. */
    ECPublicKeyParameters parameters() throws java.security.InvalidKeyException {
      return (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
    }
  }

  private boolean verifyDigest(Point key, byte[] digest, byte[] signature, boolean singleUse) {
    BigInteger n = key.n();
    BigInteger r;
    BigInteger s;
    try {
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(n, signature); // strict DER, 0 <= r,s < n
      r = rs[0];
      s = rs[1];
    } catch (RuntimeException | java.io.IOException e) {
      return false;
    }
    FixedBaseTable keyTable = singleUse ? null : table(key.q(), n);
    FixedBaseTable generatorTable = keyTable == null ? null : table(key.g(), n);
    if (generatorTable == null || keyTable == null) {
      ECDSASigner signer = new ECDSASigner();
      try {
        signer.init(false, key.parameters());
      } catch (java.security.InvalidKeyException e) {
        return false;
      }
      return signer.verifySignature(digest, r, s);
    }
    if (r.signum() <= 0 || s.signum() <= 0) {
      return false;
    }
    BigInteger e = messageRepresentative(n, digest);
    BigInteger w = org.bouncycastle.util.BigIntegers.modOddInverseVar(n, s);
    BigInteger u1 = e.multiply(w).mod(n);
    BigInteger u2 = r.multiply(w).mod(n);
    ECPoint point = generatorTable.multiply(u1).add(keyTable.multiply(u2));
    return !point.isInfinity() && affineXModNIs(point, r, n);
  }

  /**
   * Whether the point's affine x, reduced mod n, is {@code r} (SEC 1 §4.1.4 steps 6–8). In
   * Jacobian coordinates x = X/Z², so the candidates r, r + n, … below p are compared as
   * {@code candidate·Z² = X}, without the field inversion normalising would cost — as Bouncy
   * Castle's own ECDSASigner does. Other coordinate systems are normalised.
   */
  static boolean affineXModNIs(ECPoint point, BigInteger r, BigInteger n) {
    ECCurve curve = point.getCurve();
    if (point.isNormalized() || curve.getCoordinateSystem() != ECCurve.COORD_JACOBIAN) {
      return point.normalize().getAffineXCoord().toBigInteger().mod(n).equals(r);
    }
    ECFieldElement zSquared = point.getZCoord(0).square();
    ECFieldElement x = point.getRawXCoord();
    for (BigInteger candidate = r; curve.isValidFieldElement(candidate); candidate = candidate.add(n)) {
      if (curve.fromBigInteger(candidate).multiply(zSquared).equals(x)) {
        return true;
      }
    }
    return false;
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
      // Build outside the lock, then store: also in prepare(), which builds eagerly and skips present tables.
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
    Optional<Point> point = Point.of(key);
    if (point.isEmpty()) {
      return false;
    }
    for (ECPoint p : new ECPoint[] {point.get().g(), point.get().q()}) {
      PointId id = new PointId(p.getEncoded(false));
      synchronized (this) {
        if (tables.containsKey(id)) {
          continue;
        }
      }
      FixedBaseTable table = FixedBaseTable.of(p, point.get().n().bitLength());
      synchronized (this) {
        uses.remove(id);
        // Build outside the lock, then store, as on first use; here eagerly, for both points of the key.
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
    Optional<Point> point = Point.of(key);
    if (point.isEmpty()) {
      return false;
    }
    PointId id = new PointId(point.get().q().getEncoded(false));
    synchronized (this) {
      return tables.containsKey(id);
    }
  }

  /** Tables currently held (for tests). */
  synchronized int tableCount() {
    return tables.size();
  }

  private record PointId(byte[] encoded) {
    // Value equality over array contents: each type compares its own fields.
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
