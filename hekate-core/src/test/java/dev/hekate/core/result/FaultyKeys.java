package dev.hekate.core.result;

import dev.hekate.core.trust.TrustedKey;
import dev.hekate.core.trust.TrustedKeys;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * Keys that make a check throw an unexpected exception, standing in for a Hekate bug deep inside
 * a check: an EC key whose every accessor throws.
 */
public final class FaultyKeys {
  private FaultyKeys() {}

  /** Thrown by every accessor of {@link #throwingKey()}; tests find it as the recorded cause. */
  public static final class SimulatedBug extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    SimulatedBug() {
      super("simulated bug inside a check");
    }
  }

  public static ECPublicKey throwingKey() {
    return new ECPublicKey() {
      private static final long serialVersionUID = 1L;

      @Override
      public ECPoint getW() {
        throw new SimulatedBug();
      }

      @Override
      public ECParameterSpec getParams() {
        throw new SimulatedBug();
      }

      @Override
      public String getAlgorithm() {
        return "EC";
      }

      @Override
      public String getFormat() {
        return "X.509";
      }

      @Override
      public byte[] getEncoded() {
        throw new SimulatedBug();
      }

      @Override
      public String toString() {
        return "throwing key " + BigInteger.ONE;
      }
    };
  }

  /** {@code keys} with every key of {@code usage} replaced by a throwing key, ids and validity kept. */
  public static TrustedKeys withThrowingKey(TrustedKeys keys, String usage) {
    return new TrustedKeys(keys.keys().stream()
        .map(k -> k.keyUsage().equals(usage) ? new TrustedKey(k.keyId(), k.keyUsage(), throwingKey(), k.validity()) : k)
        .toList());
  }
}
