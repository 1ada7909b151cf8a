package dev.hekate.core.certificate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TbsCertificate}: the same bytes as {@code getTBSCertificate()}, and no guesses on odd encodings. */
class TbsCertificateTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"happy-path-v0.3", "bundle-with-sct-with-extensions", "npm"})
  void leavesAndTheirTrustedChainsGiveWhatGetTbsCertificateGives(String name) throws Exception {
    RealBundle real = name.equals("npm")
        ? RealBundle.of("npm_attestations/sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-provenance.sigstore.json",
            RealBundle.PRODUCTION_ROOT)
        : RealBundle.conformance(name);
    List<X509Certificate> certificates = new ArrayList<>(List.of(real.signingCertificate()));
    real.root().certificateAuthorities().forEach(ca -> certificates.addAll(ca.chain()));
    real.root().timestampAuthorities().forEach(ca -> certificates.addAll(ca.chain()));
    CertificateFactory jdk = CertificateFactory.getInstance("X.509");
    for (X509Certificate certificate : certificates) {
      assertArrayEquals(certificate.getTBSCertificate(), TbsCertificate.of(certificate));
      X509Certificate viaJdk = (X509Certificate) jdk.generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
      assertArrayEquals(viaJdk.getTBSCertificate(), TbsCertificate.of(viaJdk));
    }
  }

  /**
   * A certificate whose serial number has a BER (non-minimal) length: Bouncy Castle parses it, and
   * both its getEncoded() and getTBSCertificate() are DER re-encodings, so the cut still equals
   * getTBSCertificate() — and not the BER bytes, over which a signature check would differ. Guards
   * the assumption TbsCertificate rests on against a Bouncy Castle upgrade.
   */
  @Test
  void aBerEncodedCertificateGivesTheDerTbsAsGetTbsCertificateDoes() throws Exception {
    RealBundle real = RealBundle.of(
        "npm_attestations/sigstore-dotnet-playwright-cli/playwright-cli-0.1.1-provenance.sigstore.json",
        RealBundle.PRODUCTION_ROOT);
    byte[] der = real.signingCertificate().getEncoded();
    // SEQUENCE(82 xx xx) { TBS SEQUENCE(82 xx xx) { [0] version (5 bytes), INTEGER serial, ... } }
    assertEquals(0x82, der[1] & 0xff);
    assertEquals(0x82, der[5] & 0xff);
    int serial = 4 + 4 + 5;
    assertEquals(0x02, der[serial]);
    byte[] ber = new byte[der.length + 1];
    System.arraycopy(der, 0, ber, 0, serial + 1);
    ber[serial + 1] = (byte) 0x81; // the serial's length in long form where the short form fits
    ber[serial + 2] = der[serial + 1];
    System.arraycopy(der, serial + 2, ber, serial + 3, der.length - serial - 2);
    for (int at : new int[] {2, 6}) { // the certificate's and the TBS's lengths grow by one
      int length = ((ber[at] & 0xff) << 8 | (ber[at + 1] & 0xff)) + 1;
      ber[at] = (byte) (length >> 8);
      ber[at + 1] = (byte) length;
    }
    X509Certificate parsed = dev.hekate.core.crypto.Keys.certificate(ber).orElseThrow();
    byte[] cut = TbsCertificate.of(parsed);
    assertArrayEquals(parsed.getTBSCertificate(), cut);
    assertArrayEquals(real.signingCertificate().getTBSCertificate(), cut, "the DER form, not the BER bytes");
  }

  @Test
  void theFirstElementOfASequenceIsCut() {
    assertArrayEquals(hex("3003020105"), TbsCertificate.firstElement(hex("3007300302010505 00".replace(" ", ""))).orElseThrow());
    byte[] longForm = new byte[3 + 3 + 200 + 2];
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    longForm[2] = (byte) (3 + 200 + 2);
    longForm[3] = 0x30;
    longForm[4] = (byte) 0x81;
    longForm[5] = (byte) 200;
    longForm[longForm.length - 2] = 0x05;
    byte[] first = TbsCertificate.firstElement(longForm).orElseThrow();
    assertEquals(3 + 200, first.length);
  }

  @Test
  void anythingButPlainDefiniteLengthSequencesIsRefused() {
    for (String malformed : List.of(
        "", "30", "3000", "3001", "300130",
        "3102300000", // outer SET
        "3002040100", // first element not a SEQUENCE
        "30803000 0000", // indefinite outer length
        "30043080 0000", // indefinite inner length
        "3081023000", // long form where the short form fits
        "308200023000", // long form with a leading zero
        "3085000000000230 00", // five length bytes
        "30023000 00", // a byte after the outer SEQUENCE
        "30033000", // outer length beyond the input
        "30023001", // inner length beyond the outer
        "3f02300000", // high tag number form
        "30033f0100")) { // inner high tag number form
      Optional<byte[]> cut = TbsCertificate.firstElement(hex(malformed.replace(" ", "")));
      assertTrue(cut.isEmpty(), malformed);
    }
  }

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text);
  }
}
