package dev.hekate.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Precomputed multiples of one curve point for fast multiplication by public scalars (ECDSA
 * verification): row {@code i} holds {@code d·2^(8i)·P} for {@code d = 1..128}, in affine form.
 * A scalar is recoded into signed base-256 digits in {@code [-128, 127]}, so a multiplication is
 * one mixed addition per non-zero byte — about 32 additions on P-256 and 48 on P-384, with no
 * doublings — instead of a few hundred doublings and additions for a windowed NAF.
 *
 * <p>The arithmetic is Bouncy Castle's (its point addition, doubling and normalisation); this
 * class only chooses which points to add. It is not constant-time and must only ever see public
 * scalars, which is all verification has. Tables are immutable once built and safe to share
 * between threads. A P-256 table holds 33 × 128 points (0.54 MB of heap, built in about 14 ms
 * on a cold JVM), a P-384 table 49 × 128 (1.4 MB, 34 ms).
 */
final class FixedBaseTable {
  private static final int WINDOW = 8;
  private static final int DIGITS = 1 << (WINDOW - 1); // 128 multiples per row

  private final ECCurve curve;
  private final ECPoint[][] rows;

  private FixedBaseTable(ECCurve curve, ECPoint[][] rows) {
    this.curve = curve;
    this.rows = rows;
  }

  /**
   * The table for {@code point} and scalars of at most {@code scalarBits} bits (the group order's
   * length). One row more than the scalar's bytes holds the recoding's final carry.
   */
  static FixedBaseTable of(ECPoint point, int scalarBits) {
    if (point.isInfinity() || !point.isValid()) {
      throw new IllegalArgumentException("not a valid point of the curve");
    }
    ECCurve curve = point.getCurve();
    int rowCount = (scalarBits + WINDOW - 1) / WINDOW + 1;
    ECPoint[] all = new ECPoint[rowCount * DIGITS];
    ECPoint base = point.normalize();
    for (int row = 0; row < rowCount; row++) {
      ECPoint multiple = base;
      for (int digit = 1; digit <= DIGITS; digit++) {
        all[row * DIGITS + digit - 1] = multiple;
        multiple = digit == DIGITS ? multiple : multiple.add(base);
      }
      // 2^8·base = 2·(128·base)
      base = all[row * DIGITS + DIGITS - 1].twice().normalize();
    }
    curve.normalizeAll(all); // one field inversion for the whole table
    ECPoint[][] rows = new ECPoint[rowCount][DIGITS];
    for (int row = 0; row < rowCount; row++) {
      System.arraycopy(all, row * DIGITS, rows[row], 0, DIGITS);
    }
    return new FixedBaseTable(curve, rows);
  }

  /** {@code k·P}, for {@code 0 <= k < 2^scalarBits}; the point at infinity for {@code k = 0}. */
  ECPoint multiply(BigInteger k) {
    if (k.signum() < 0 || k.bitLength() > (rows.length - 1) * WINDOW) {
      throw new IllegalArgumentException("scalar out of range");
    }
    byte[] bytes = k.toByteArray(); // big-endian, possibly with a leading sign byte of zero
    ECPoint sum = curve.getInfinity();
    int carry = 0;
    for (int row = 0; row < rows.length; row++) {
      int index = bytes.length - 1 - row;
      int digit = (index >= 0 ? bytes[index] & 0xff : 0) + carry;
      if (digit > DIGITS - 1) { // 128..256 becomes digit - 256 with a carry into the next byte
        digit -= 1 << WINDOW;
        carry = 1;
      } else {
        carry = 0;
      }
      if (digit > 0) {
        sum = sum.add(rows[row][digit - 1]);
      } else if (digit < 0) {
        sum = sum.subtract(rows[row][-digit - 1]);
      }
    }
    return sum;
  }
}
