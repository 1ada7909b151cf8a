package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleVersion;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.VerificationMaterial;
import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.crypto.Providers;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link NpmVerifier#identityPolicyFor} reads only the issuer claim first; the GitLab policy must
 * still be chosen exactly when every Fulcio extension decodes and the issuer is GitLab's.
 */
class ProvenanceIdentityTest {
  private static final String ARC = "1.3.6.1.4.1.57264.1.";
  private static final KeyPair KEY = keyPair();

  @Test
  void aGitLabCertificateGetsTheGitLabPolicy() throws Exception {
    X509Certificate certificate = certificate(Map.of(8, der(new DERUTF8String(Predicates.GITLAB_ISSUER))));

    assertEquals(Predicates.GITLAB_ISSUER, FulcioExtensions.issuerOf(certificate));
    assertSame(ProvenanceIdentity.GITLAB, ProvenanceIdentity.policyFor(bundle(certificate)));
  }

  @Test
  void theDeprecatedIssuerExtensionCountsWhenTheNewOneIsAbsent() throws Exception {
    X509Certificate certificate = certificate(Map.of(1, Predicates.GITLAB_ISSUER.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertEquals(Predicates.GITLAB_ISSUER, FulcioExtensions.issuerOf(certificate));
    assertSame(ProvenanceIdentity.GITLAB, ProvenanceIdentity.policyFor(bundle(certificate)));
  }

  @Test
  void aGitHubCertificateGetsTheGitHubActionsPolicy() throws Exception {
    X509Certificate certificate = certificate(Map.of(8, der(new DERUTF8String(Predicates.GITHUB_ISSUER))));

    assertSame(ProvenanceIdentity.GITHUB_ACTIONS, ProvenanceIdentity.policyFor(bundle(certificate)));
  }

  @Test
  void aGitLabIssuerBesideAnUndecodableClaimGetsTheGitHubActionsPolicy() throws Exception {
    // .9 must be a DER string; an INTEGER makes the whole decoding fail.
    X509Certificate certificate = certificate(Map.of(
        8, der(new DERUTF8String(Predicates.GITLAB_ISSUER)),
        9, new byte[] {0x02, 0x01, 0x05}));

    assertEquals(Predicates.GITLAB_ISSUER, FulcioExtensions.issuerOf(certificate));
    assertThrows(IllegalArgumentException.class, () -> FulcioExtensions.of(certificate));
    assertSame(ProvenanceIdentity.GITHUB_ACTIONS, ProvenanceIdentity.policyFor(bundle(certificate)));
  }

  @Test
  void anUndecodableIssuerGetsTheGitHubActionsPolicy() throws Exception {
    X509Certificate certificate = certificate(Map.of(8, new byte[] {0x02, 0x01, 0x05}));

    assertThrows(IllegalArgumentException.class, () -> FulcioExtensions.issuerOf(certificate));
    assertSame(ProvenanceIdentity.GITHUB_ACTIONS, ProvenanceIdentity.policyFor(bundle(certificate)));
  }

  private static byte[] der(ASN1Encodable value) throws java.io.IOException {
    return value.toASN1Primitive().getEncoded();
  }

  /** A self-signed certificate carrying the given Fulcio extensions (arc number to extnValue contents). */
  private static X509Certificate certificate(Map<Integer, byte[]> extensions) throws Exception {
    X500Name name = new X500Name("CN=test");
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        new Date(0), new Date(1_000_000_000_000L), name, KEY.getPublic());
    for (Map.Entry<Integer, byte[]> extension : extensions.entrySet()) {
      builder.addExtension(new ASN1ObjectIdentifier(ARC + extension.getKey()), false, extension.getValue());
    }
    return new JcaX509CertificateConverter().setProvider(Providers.BOUNCY_CASTLE)
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate())));
  }

  private static Bundle bundle(X509Certificate certificate) {
    return new Bundle(BundleVersion.V0_3, "application/vnd.dev.sigstore.bundle.v0.3+json",
        new VerificationMaterial.Certificates(List.of(certificate)), List.of(), List.of(),
        new Content.MessageSignature(java.util.Optional.empty(), new byte[] {1}));
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
