package dev.hekate.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The embedded trust material, and strict parsing of trusted roots and keys documents. */
class TrustMaterialTest {

  @Test
  void theEmbeddedFilesAreThePinnedTufTargets() {
    // Digests of @sigstore/tuf 5.0.1's seeds, as recorded in the resources README.
    assertEquals("6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66",
        Encoding.toHex(Keys.sha256(EmbeddedTrust.resource("trusted_root.json"))));
    assertEquals("160677eb6e1c7083c89b166b20f8fe4e837fb71181506aff1991b80b89184f7d",
        Encoding.toHex(Keys.sha256(EmbeddedTrust.resource("npm_keys.json"))));
  }

  @Test
  void thePublicGoodRootHasRekorV1AndV2FulcioCtAndTsa() {
    TrustedRoot root = EmbeddedTrust.publicGoodTrustedRoot();
    LogId rekorV1 = new LogId(Base64.getDecoder().decode("wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="));
    TransparencyLog v1 = root.tlog(rekorV1).orElseThrow();
    assertEquals(Instant.parse("2021-01-12T11:53:27Z"), v1.validity().start());
    assertTrue(root.tlogs().stream().anyMatch(log -> log.keyDetails().equals("PKIX_ED25519")));
    assertEquals(2, root.certificateAuthorities().size());
    assertEquals(2, root.ctlogs().size());
    assertFalse(root.timestampAuthorities().isEmpty());
  }

  @Test
  void theNpmKeysCarryTheirRotationWindows() {
    TrustedKeys keys = EmbeddedTrust.npmKeys();
    TrustedKey old = keys.find("SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA", TrustedKeys.NPM_ATTESTATIONS).get(0);
    assertEquals(Instant.parse("2022-12-01T00:00:00Z"), old.validity().start());
    assertEquals(Instant.parse("2025-01-29T00:00:00Z"), old.validity().end().orElseThrow());
    TrustedKey current = keys.find("SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U", TrustedKeys.NPM_ATTESTATIONS).get(0);
    assertTrue(current.validity().end().isEmpty());
    assertTrue(keys.find("SHA256:unknown", TrustedKeys.NPM_ATTESTATIONS).isEmpty());
  }

  @Test
  void validityWindowsIncludeBothEnds() {
    ValidityPeriod window = ValidityPeriod.between(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"));
    assertTrue(window.contains(Instant.parse("2020-01-01T00:00:00Z")));
    assertTrue(window.contains(Instant.parse("2021-01-01T00:00:00Z")));
    assertFalse(window.contains(Instant.parse("2021-01-01T00:00:00.001Z")));
    assertFalse(window.contains(Instant.parse("2019-12-31T23:59:59Z")));
  }

  private static final String KEY = Base64.getEncoder().encodeToString(
      EmbeddedTrust.publicGoodTrustedRoot().tlogs().get(0).publicKey().getEncoded());

  private static String root(String validFor) {
    return "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\",\"tlogs\":[{\"baseUrl\":\"x\","
        + "\"hashAlgorithm\":\"SHA2_256\",\"publicKey\":{\"rawBytes\":\"" + KEY + "\",\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\""
        + validFor + "},\"logId\":{\"keyId\":\"AAAA\"}}]}";
  }

  @Test
  void aWindowWithoutStartIsMalformedNotUnbounded() throws VerificationException {
    TrustedRootParser.parse(root(",\"validFor\":{\"start\":\"2021-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
    for (String bad : new String[] {
        ",\"validFor\":{}",
        "",
        ",\"validFor\":{\"end\":\"2021-01-01T00:00:00Z\"}",
        ",\"validFor\":{\"start\":\"yesterday\"}",
        ",\"validFor\":{\"start\":\"2021-01-01T00:00:00Z\",\"end\":\"2020-01-01T00:00:00Z\"}"}) {
      VerificationException e = assertThrows(VerificationException.class,
          () -> TrustedRootParser.parse(root(bad).getBytes(StandardCharsets.UTF_8)), bad);
      assertEquals(CheckId.TRUSTED_ROOT, e.check());
    }
  }

  @Test
  void undecodableKeysAndOtherMediaTypesAreRejected() {
    String badKey = root(",\"validFor\":{\"start\":\"2021-01-01T00:00:00Z\"}").replace(KEY, "AAAA");
    assertThrows(VerificationException.class, () -> TrustedRootParser.parse(badKey.getBytes(StandardCharsets.UTF_8)));
    String otherType = root(",\"validFor\":{\"start\":\"2021-01-01T00:00:00Z\"}").replace("trustedroot", "bundle");
    assertThrows(VerificationException.class, () -> TrustedRootParser.parse(otherType.getBytes(StandardCharsets.UTF_8)));
    assertThrows(VerificationException.class, () -> TrustedRootParser.parse("[]".getBytes(StandardCharsets.UTF_8)));
  }
}
