package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.core.vsa.VsaIssuer;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a deployment's issuer is built from its settings and, on AWS, from its environment. */
class VsaWiringTest {
  private static final Settings SETTINGS = Settings.defaults();

  @Test
  void thePolicyNamesTheSettingsThatDecideAndItsUriFollowsTheVerifierId() {
    LocalKeySigner signer = LocalKeySigner.generate();
    VsaIssuer https = ClientWiring.vsaIssuer(SETTINGS, signer, URI.create("https://hekate.example/"), "1.0");
    assertEquals("https://hekate.example/v1/verifier#policy", https.policy().uri().toString());
    String document = new String(https.policy().document(), java.nio.charset.StandardCharsets.UTF_8);
    for (String part : java.util.List.of("\"registry\":\"https://registry.npmjs.org/\"", "githubCheck",
        "fetchTarball", "trustExceptions", "npm.integrity", "provenance.certificate")) {
      assertTrue(document.contains(part), part + " in " + document);
    }
    VsaIssuer urn = ClientWiring.vsaIssuer(SETTINGS, signer, URI.create("urn:hekate:verifier:x"), "1.0");
    assertEquals("urn:hekate:verifier:x#policy", urn.policy().uri().toString());
    VsaIssuer tarball = ClientWiring.vsaIssuer(SETTINGS.withFetchTarball(!SETTINGS.fetchTarball()), signer,
        URI.create("https://hekate.example/"), "1.0");
    assertTrue(!tarball.policy().sha256().equals(https.policy().sha256()), "another setting, another policy digest");
  }

  @Test
  void onAwsAKeyNeedsAVerifierIdAndNoKeyMeansNoSigning() {
    assertEquals(Optional.empty(), ClientWiring.vsaIssuerFromEnvironment(Map.of(), SETTINGS, "1.0"));
    String publicKey = Base64.getEncoder().encodeToString(LocalKeySigner.generate().publicKey().getEncoded());
    Map<String, String> keyOnly = Map.of("HEKATE_SIGNING_KEY", "alias/hekate", "HEKATE_SIGNING_PUBLIC_KEY", publicKey);
    IllegalArgumentException noId = assertThrows(IllegalArgumentException.class,
        () -> ClientWiring.vsaIssuerFromEnvironment(keyOnly, SETTINGS, "1.0"));
    assertTrue(noId.getMessage().contains("HEKATE_VERIFIER_ID"), noId.getMessage());
    Map<String, String> full = Map.of("HEKATE_SIGNING_KEY", "alias/hekate", "HEKATE_SIGNING_PUBLIC_KEY", publicKey,
        "HEKATE_VERIFIER_ID", "https://abc.execute-api.eu-west-1.amazonaws.com/");
    VsaIssuer issuer = ClientWiring.vsaIssuerFromEnvironment(full, SETTINGS, "1.0").orElseThrow();
    assertEquals("https://abc.execute-api.eu-west-1.amazonaws.com/", issuer.verifier().id().toString());
    assertEquals(issuer.signer().keyId(), dev.hekate.core.vsa.KeyIds.of(issuer.signer().publicKey()),
        "the configured public key gives the key id without asking KMS");
  }
}
