package dev.hekate.core.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.CertificateAuthority;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.testdata.RealData;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fulcio's issuers, on real certificates: in July 2022 Fulcio issued leaves from its 2022 root
 * directly, which the public-good trusted root lists above the 2022 intermediate (slsa-github-
 * generator v1.2.0 provenance, {@code shared/realdata/slsa_github_generator/gha_generic-v1.2.0}).
 */
class CertificateChainRealDataTest {
  private static X509Certificate leafOf(String provenance) throws Exception {
    JsonNode envelope = Json.parse(Files.readAllBytes(RealData.require("slsa_github_generator/" + provenance)),
        1 << 20, "provenance");
    String pem = envelope.at("/signatures/0/cert").asText();
    return Keys.certificate(Keys.pemBlocks(pem, "CERTIFICATE").get(0)).orElseThrow();
  }

  private static Instant during(X509Certificate leaf) {
    return leaf.getNotBefore().toInstant().plusSeconds(30);
  }

  @Test
  void aLeafIssuedByTheRootAboveTheIntermediateChainsToThatAuthority() throws Exception {
    X509Certificate leaf = leafOf("gha_generic-v1.2.0/binary-linux-amd64-push-v14.intoto.jsonl");
    List<CertificateAuthority> authorities = EmbeddedTrust.publicGoodTrustedRoot().certificateAuthorities();
    CertificateAuthority issuer = CertificateVerifier.verifyChain(leaf, authorities, List.of(during(leaf)));
    assertEquals(2, issuer.chain().size(), "the 2022 authority: intermediate, then root");
    assertEquals(issuer.chain().get(1).getSubjectX500Principal(), leaf.getIssuerX500Principal());
  }

  @Test
  void aLeafIssuedByTheIntermediateStillChains() throws Exception {
    X509Certificate leaf = leafOf("gha_generic-v2.0.0/binary-linux-amd64-push-v14.intoto.jsonl");
    CertificateAuthority issuer = CertificateVerifier.verifyChain(leaf,
        EmbeddedTrust.publicGoodTrustedRoot().certificateAuthorities(), List.of(during(leaf)));
    assertEquals(issuer.chain().get(0).getSubjectX500Principal(), leaf.getIssuerX500Principal());
  }

  @Test
  void theRootsAuthorityMustStillBeTrustedAtTheSigningTime() throws Exception {
    X509Certificate leaf = leafOf("gha_generic-v1.2.0/binary-linux-amd64-push-v14.intoto.jsonl");
    // The 2022 authority is trusted from 2022-04-13: a year before, it vouched for nothing.
    VerificationException e = assertThrows(VerificationException.class, () -> CertificateVerifier.verifyChain(leaf,
        EmbeddedTrust.publicGoodTrustedRoot().certificateAuthorities(), List.of(Instant.parse("2021-07-19T20:44:00Z"))));
    assertEquals(CheckId.CERTIFICATE_CHAIN, e.check());
  }
}
