package dev.hekate.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table path of {@link Ecdsa} against two references: Bouncy Castle's own ECDSA (the same
 * class with promotion switched off) and the JDK's independent SunEC implementation — on valid
 * signatures, every single-bit corruption, out-of-range and non-canonical encodings, and a
 * signature whose verification equation lands on the point at infinity.
 */
class EcdsaTest {
  private static final byte[] MESSAGE = "hekate ecdsa differential test\n".getBytes(StandardCharsets.UTF_8);

  /** Tables from the first use. */
  private final Ecdsa tables = new Ecdsa(0);
  /** Never promotes: Bouncy Castle's ECDSASigner throughout. */
  private final Ecdsa plain = new Ecdsa(Integer.MAX_VALUE);

  private static SecureRandom random(long seed) throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(seed);
    return random;
  }

  private static KeyPair keyPair(String curve, SecureRandom random) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
    generator.initialize(new ECGenParameterSpec(curve), random);
    return generator.generateKeyPair();
  }

  private static byte[] sign(String algorithm, PrivateKey key, byte[] message, SecureRandom random) throws Exception {
    Signature signer = Signature.getInstance(algorithm, "SunEC");
    signer.initSign(key, random);
    signer.update(message);
    return signer.sign();
  }

  private static boolean sunEc(String algorithm, PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(algorithm, "SunEC");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (Exception e) {
      return false;
    }
  }

  private static String digestOf(String algorithm) {
    return "SHA-" + algorithm.substring(3, 6);
  }

  private static BigInteger order(PublicKey key) {
    return ((ECPublicKey) key).getParams().getOrder();
  }

  private static byte[] der(BigInteger r, BigInteger s) throws Exception {
    ASN1EncodableVector vector = new ASN1EncodableVector();
    vector.add(new ASN1Integer(r));
    vector.add(new ASN1Integer(s));
    return new DERSequence(vector).getEncoded();
  }

  private static BigInteger[] rs(byte[] signature) {
    var sequence = org.bouncycastle.asn1.ASN1Sequence.getInstance(signature);
    return new BigInteger[] {
        ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue(),
        ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue()};
  }

  /**
   * Asserts that both paths of Ecdsa, with the key as the JDK and as Bouncy Castle decode it, the
   * single-use path, and SunEC reach {@code expected}.
   */
  private void assertAll3(boolean expected, String algorithm, PublicKey key, byte[] message, byte[] signature, String what) {
    String digest = digestOf(algorithm);
    PublicKey bcKey;
    try {
      bcKey = KeyFactory.getInstance("EC", Providers.BOUNCY_CASTLE).generatePublic(
          new java.security.spec.X509EncodedKeySpec(key.getEncoded()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertEquals(Optional.of(expected), tables.verify(key, digest, message, signature), "table path: " + what);
    assertEquals(Optional.of(expected), tables.verify(bcKey, digest, message, signature), "table path, BC key: " + what);
    assertEquals(Optional.of(expected), tables.verifySingleUse(bcKey, digest, message, signature), "single use: " + what);
    assertEquals(Optional.of(expected), plain.verify(key, digest, message, signature), "Bouncy Castle path: " + what);
    assertEquals(expected, sunEc(algorithm, key, message, signature), "SunEC: " + what);
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1:SHA256withECDSA", "secp384r1:SHA384withECDSA", "secp384r1:SHA256withECDSA",
      "secp256r1:SHA512withECDSA", "secp256r1:SHA384withECDSA"})
  void validSignaturesVerifyAndEveryBitFlipFails(String curveAndAlgorithm) throws Exception {
    String curve = curveAndAlgorithm.split(":")[0];
    String algorithm = curveAndAlgorithm.split(":")[1];
    SecureRandom random = random(curveAndAlgorithm.hashCode());
    for (int k = 0; k < 6; k++) {
      KeyPair pair = keyPair(curve, random);
      for (int size : new int[] {0, 1, 64, 1500}) {
        byte[] message = new byte[size];
        random.nextBytes(message);
        byte[] signature = sign(algorithm, pair.getPrivate(), message, random);
        assertAll3(true, algorithm, pair.getPublic(), message, signature, "valid, " + size + " bytes");
        if (size > 0) {
          byte[] altered = message.clone();
          altered[random.nextInt(size)] ^= 1;
          assertAll3(false, algorithm, pair.getPublic(), altered, signature, "message altered");
        }
        KeyPair other = keyPair(curve, random);
        assertAll3(false, algorithm, other.getPublic(), message, signature, "another key");
        if (k == 0 && size == 64) {
          for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertAll3(false, algorithm, pair.getPublic(), message, flipped, "signature bit " + bit);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1:SHA256withECDSA", "secp384r1:SHA384withECDSA"})
  void theOtherHalfOfSIsAlsoValid(String curveAndAlgorithm) throws Exception {
    // ECDSA has no low-s rule in X.509 or Sigstore: (r, n - s) is as valid as (r, s)
    String algorithm = curveAndAlgorithm.split(":")[1];
    SecureRandom random = random(7);
    KeyPair pair = keyPair(curveAndAlgorithm.split(":")[0], random);
    byte[] signature = sign(algorithm, pair.getPrivate(), MESSAGE, random);
    BigInteger[] rs = rs(signature);
    BigInteger n = order(pair.getPublic());
    assertAll3(true, algorithm, pair.getPublic(), MESSAGE, der(rs[0], n.subtract(rs[1])), "n - s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1:SHA256withECDSA", "secp384r1:SHA384withECDSA"})
  void valuesOutsideTheGroupOrderAreRefused(String curveAndAlgorithm) throws Exception {
    String algorithm = curveAndAlgorithm.split(":")[1];
    SecureRandom random = random(11);
    KeyPair pair = keyPair(curveAndAlgorithm.split(":")[0], random);
    byte[] signature = sign(algorithm, pair.getPrivate(), MESSAGE, random);
    BigInteger r = rs(signature)[0];
    BigInteger s = rs(signature)[1];
    BigInteger n = order(pair.getPublic());
    String digest = digestOf(algorithm);
    List<byte[]> refused = List.of(der(BigInteger.ZERO, s), der(r, BigInteger.ZERO), der(n, s), der(r, n),
        der(r.add(n), s), der(r, s.add(n)), der(r.negate(), s), der(r, s.negate()), der(n.negate(), s));
    for (byte[] bad : refused) {
      assertEquals(Optional.of(false), tables.verify(pair.getPublic(), digest, MESSAGE, bad));
      assertEquals(Optional.of(false), plain.verify(pair.getPublic(), digest, MESSAGE, bad));
    }
  }

  @Test
  void nonCanonicalEncodingsAreRefused() throws Exception {
    SecureRandom random = random(13);
    KeyPair pair = keyPair("secp256r1", random);
    byte[] signature = sign("SHA256withECDSA", pair.getPrivate(), MESSAGE, random);
    assertEquals(Optional.of(true), tables.verify(pair.getPublic(), "SHA-256", MESSAGE, signature));

    byte[] trailing = java.util.Arrays.copyOf(signature, signature.length + 1);
    byte[] longFormLength = new byte[signature.length + 1];
    longFormLength[0] = 0x30;
    longFormLength[1] = (byte) 0x81;
    System.arraycopy(signature, 1, longFormLength, 2, signature.length - 1);
    BigInteger[] rs = rs(signature);
    byte[] r = rs[0].toByteArray();
    byte[] paddedR = new byte[r.length + 1]; // a redundant leading zero
    System.arraycopy(r, 0, paddedR, 1, r.length);
    byte[] s = rs[1].toByteArray();
    byte[] padded = new byte[2 + 2 + paddedR.length + 2 + s.length];
    int i = 0;
    padded[i++] = 0x30;
    padded[i++] = (byte) (padded.length - 2);
    padded[i++] = 0x02;
    padded[i++] = (byte) paddedR.length;
    System.arraycopy(paddedR, 0, padded, i, paddedR.length);
    i += paddedR.length;
    padded[i++] = 0x02;
    padded[i++] = (byte) s.length;
    System.arraycopy(s, 0, padded, i, s.length);
    for (byte[] bad : List.of(trailing, longFormLength, padded, new byte[0], new byte[] {0x30, 0x00})) {
      assertEquals(Optional.of(false), tables.verify(pair.getPublic(), "SHA-256", MESSAGE, bad));
      assertEquals(Optional.of(false), plain.verify(pair.getPublic(), "SHA-256", MESSAGE, bad));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1"})
  void anEquationThatLandsOnInfinityIsRefused(String curve) throws Exception {
    // With Q = G (private key 1), u1·G + u2·Q = (e + r)·w·G, the point at infinity when r = n - e.
    var parameters = ((ECPublicKey) keyPair(curve, random(17)).getPublic()).getParams();
    KeyFactory factory = KeyFactory.getInstance("EC", "SunEC");
    PublicKey generatorKey = factory.generatePublic(new ECPublicKeySpec(parameters.getGenerator(), parameters));
    PrivateKey one = factory.generatePrivate(new ECPrivateKeySpec(BigInteger.ONE, parameters));
    String algorithm = curve.equals("secp256r1") ? "SHA256withECDSA" : "SHA384withECDSA";
    String digest = digestOf(algorithm);
    byte[] valid = sign(algorithm, one, MESSAGE, random(19));
    assertEquals(Optional.of(true), tables.verify(generatorKey, digest, MESSAGE, valid), "control: a real signature by key 1");

    BigInteger n = parameters.getOrder();
    BigInteger e = Ecdsa.messageRepresentative(n, MessageDigest.getInstance(digest).digest(MESSAGE)).mod(n);
    byte[] toInfinity = der(n.subtract(e), BigInteger.ONE);
    assertEquals(Optional.of(false), tables.verify(generatorKey, digest, MESSAGE, toInfinity));
    assertEquals(Optional.of(false), plain.verify(generatorKey, digest, MESSAGE, toInfinity));
  }

  @Test
  void aPrehashedDigestLongerThanTheOrderIsTruncatedAsBouncyCastleDoes() throws Exception {
    SecureRandom random = random(23);
    KeyPair pair = keyPair("secp256r1", random);
    byte[] digest = MessageDigest.getInstance("SHA-512").digest(MESSAGE);
    Signature signer = Signature.getInstance("NONEwithECDSA", Providers.BOUNCY_CASTLE);
    signer.initSign(pair.getPrivate(), random);
    signer.update(digest);
    byte[] signature = signer.sign();
    assertEquals(Optional.of(true), tables.verify(pair.getPublic(), "", digest, signature));
    assertEquals(Optional.of(true), plain.verify(pair.getPublic(), "", digest, signature));
    assertAll3(true, "SHA512withECDSA", pair.getPublic(), MESSAGE, signature, "the same signature, hashed by the verifier");
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1"})
  void tableMultiplicationEqualsBouncyCastles(String curve) throws Exception {
    SecureRandom random = random(29);
    ECPublicKeyParameters key = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(keyPair(curve, random).getPublic());
    BigInteger n = key.getParameters().getN();
    int bits = n.bitLength();
    for (ECPoint point : List.of(key.getParameters().getG(), key.getQ())) {
      FixedBaseTable table = FixedBaseTable.of(point, bits);
      List<BigInteger> scalars = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
          BigInteger.valueOf(127), BigInteger.valueOf(128), BigInteger.valueOf(129), BigInteger.valueOf(255),
          BigInteger.valueOf(256), BigInteger.valueOf(0x8080), BigInteger.valueOf(0xffff), n.subtract(BigInteger.ONE), n,
          BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE), // every byte 0xff: the longest carry chain
          BigInteger.ONE.shiftLeft(bits - 1)));
      for (int i = 0; i < 100; i++) {
        scalars.add(new BigInteger(bits, random));
      }
      for (BigInteger k : scalars) {
        assertEquals(point.multiply(k).normalize(), table.multiply(k).normalize(), "k = " + k.toString(16));
      }
      assertThrows(IllegalArgumentException.class, () -> table.multiply(BigInteger.ONE.shiftLeft(bits + 8)));
      assertThrows(IllegalArgumentException.class, () -> table.multiply(BigInteger.ONE.negate()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1"})
  void theProjectiveXComparisonAgreesWithNormalising(String curveName) throws Exception {
    ECPublicKeyParameters key = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(keyPair(curveName, random(47)).getPublic());
    ECPoint g = key.getParameters().getG();
    BigInteger n = key.getParameters().getN();
    SecureRandom random = random(53);
    for (int i = 0; i < 50; i++) {
      ECPoint jacobian = g.multiply(new BigInteger(n.bitLength() - 1, random)).add(key.getQ()); // not normalised
      assertFalse(jacobian.isNormalized());
      BigInteger x = jacobian.normalize().getAffineXCoord().toBigInteger().mod(n);
      assertTrue(Ecdsa.affineXModNIs(jacobian, x, n));
      assertFalse(Ecdsa.affineXModNIs(jacobian, x.add(BigInteger.ONE).mod(n), n));
      assertTrue(Ecdsa.affineXModNIs(jacobian.normalize(), x, n), "normalised points are compared directly");
    }
    // A point whose affine x lies in [n, p): it matches r = x - n, found at the second candidate.
    var curve = g.getCurve();
    BigInteger p = curve.getField().getCharacteristic();
    for (BigInteger x0 = n; x0.compareTo(p) < 0; x0 = x0.add(BigInteger.ONE)) {
      var fx = curve.fromBigInteger(x0);
      var y = fx.square().add(curve.getA()).multiply(fx).add(curve.getB()).sqrt();
      if (y == null) {
        continue;
      }
      ECPoint high = curve.createPoint(x0, y.toBigInteger());
      assertTrue(high.isValid());
      ECPoint jacobian = high.add(g).subtract(g); // the same point, not normalised
      assertFalse(jacobian.isNormalized());
      assertTrue(Ecdsa.affineXModNIs(jacobian, x0.subtract(n), n));
      assertFalse(Ecdsa.affineXModNIs(jacobian, x0.subtract(n).add(BigInteger.ONE), n));
      return;
    }
    throw new AssertionError("no point with x in [n, p) found");
  }

  @Test
  void aKeyGetsATableOnlyAfterRepeatedUseAndTheirNumberIsBounded() throws Exception {
    Ecdsa ecdsa = new Ecdsa(3);
    SecureRandom random = random(31);
    KeyPair pair = keyPair("secp256r1", random);
    byte[] signature = sign("SHA256withECDSA", pair.getPrivate(), MESSAGE, random);
    for (int use = 1; use <= 3; use++) {
      assertEquals(Optional.of(true), ecdsa.verify(pair.getPublic(), "SHA-256", MESSAGE, signature));
      assertFalse(ecdsa.hasTable(pair.getPublic()), "no table after " + use + " uses");
    }
    assertEquals(Optional.of(true), ecdsa.verify(pair.getPublic(), "SHA-256", MESSAGE, signature));
    assertTrue(ecdsa.hasTable(pair.getPublic()));
    assertEquals(Optional.of(false), ecdsa.verify(pair.getPublic(), "SHA-256", "other".getBytes(StandardCharsets.UTF_8), signature));

    for (int k = 0; k < Ecdsa.MAX_TABLES + 6; k++) {
      KeyPair another = keyPair("secp256r1", random);
      byte[] signed = sign("SHA256withECDSA", another.getPrivate(), MESSAGE, random);
      for (int use = 0; use < 4; use++) {
        assertEquals(Optional.of(true), ecdsa.verify(another.getPublic(), "SHA-256", MESSAGE, signed));
      }
      assertTrue(ecdsa.tableCount() <= Ecdsa.MAX_TABLES);
    }
    assertEquals(Ecdsa.MAX_TABLES, ecdsa.tableCount());
    assertFalse(ecdsa.hasTable(pair.getPublic()), "the least recently used table was evicted");
    assertEquals(Optional.of(true), ecdsa.verify(pair.getPublic(), "SHA-256", MESSAGE, signature), "and still verifies");
  }

  @Test
  void aPreparedKeyHasItsTableAtOnce() throws Exception {
    Ecdsa ecdsa = new Ecdsa(Integer.MAX_VALUE); // would never promote by itself
    SecureRandom random = random(43);
    KeyPair pair = keyPair("secp384r1", random);
    byte[] signature = sign("SHA384withECDSA", pair.getPrivate(), MESSAGE, random);
    assertTrue(ecdsa.prepare(pair.getPublic()));
    assertTrue(ecdsa.hasTable(pair.getPublic()));
    assertEquals(2, ecdsa.tableCount(), "the key's and its curve's generator's");
    assertEquals(Optional.of(true), ecdsa.verify(pair.getPublic(), "SHA-384", MESSAGE, signature));
    assertEquals(Optional.of(false), ecdsa.verify(pair.getPublic(), "SHA-384", new byte[1], signature));
    assertTrue(ecdsa.prepare(pair.getPublic()));
    assertEquals(2, ecdsa.tableCount(), "prepared once");
    assertFalse(ecdsa.prepare(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
    assertFalse(ecdsa.prepare(keyPair("secp521r1", random).getPublic()));
  }

  @Test
  void concurrentVerificationDuringPromotionIsCorrect() throws Exception {
    Ecdsa ecdsa = new Ecdsa(5);
    SecureRandom random = random(37);
    List<KeyPair> pairs = new ArrayList<>();
    List<byte[]> signatures = new ArrayList<>();
    for (String curve : List.of("secp256r1", "secp384r1", "secp256r1")) {
      KeyPair pair = keyPair(curve, random);
      pairs.add(pair);
      signatures.add(sign(curve.equals("secp256r1") ? "SHA256withECDSA" : "SHA384withECDSA", pair.getPrivate(), MESSAGE, random));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 60; i++) {
            int k = i % pairs.size();
            String digest = k == 1 ? "SHA-384" : "SHA-256";
            PublicKey key = pairs.get(k).getPublic();
            assertEquals(Optional.of(true), ecdsa.verify(key, digest, MESSAGE, signatures.get(k)));
            assertEquals(Optional.of(false), ecdsa.verify(key, digest, MESSAGE, signatures.get((k + 1) % pairs.size())));
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (KeyPair pair : pairs) {
      assertTrue(ecdsa.hasTable(pair.getPublic()));
    }
  }

  @Test
  void otherCurvesKeysAndDigestsAreLeftToTheProvider() throws Exception {
    SecureRandom random = random(41);
    KeyPair p521 = keyPair("secp521r1", random);
    assertEquals(Optional.empty(), tables.verify(p521.getPublic(), "SHA-512", MESSAGE, new byte[8]));
    KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertEquals(Optional.empty(), tables.verify(ed25519.getPublic(), "SHA-256", MESSAGE, new byte[8]));
    KeyPair p256 = keyPair("secp256r1", random);
    assertEquals(Optional.empty(), tables.verify(p256.getPublic(), "MD-NOPE", MESSAGE, new byte[8]));
  }
}
