package dev.hekate.core.certificate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.RealData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A recorded Sigstore bundle from ../shared/realdata (see its MANIFEST.md) and the trusted root it
 * is checked under, for the tests of one verification stage at a time. A test that loads one is
 * skipped when the real data is absent ({@link RealData#require()}), and fails when the data is
 * there but the file is not.
 *
 * @param bundle the bundle's JSON, unverified
 */
public record RealBundle(JsonNode bundle, TrustedRoot root) {
  /** The production trusted root, from the public-good TUF repository's seeds. */
  public static final String PRODUCTION_ROOT = "trust_roots/public-good-tuf-seeds/trusted_root.json";

  private static final String CONFORMANCE_CASES = "sigstore_conformance/test/assets/bundle-verify/";

  /**
   * A sigstore-conformance bundle-verify case (MANIFEST.md §2): its bundle under its own trusted
   * root, or the production root when the case has none.
   */
  public static RealBundle conformance(String name) throws Exception {
    Path dir = RealData.require().resolve(CONFORMANCE_CASES + name);
    Path own = dir.resolve("trusted_root.json");
    Path root = Files.exists(own) ? own : RealData.require().resolve(PRODUCTION_ROOT);
    return load(dir.resolve("bundle.sigstore.json"), root);
  }

  /** The bundle and the trusted root at these paths inside the real data. */
  public static RealBundle of(String bundle, String root) throws Exception {
    return load(RealData.require().resolve(bundle), RealData.require().resolve(root));
  }

  private static RealBundle load(Path bundle, Path root) throws Exception {
    return new RealBundle(Json.mapper().readTree(Files.readAllBytes(bundle)),
        TrustedRootParser.parse(Files.readAllBytes(root)));
  }

  /** The signing certificate: the bundle's single certificate, or the first of its chain (v0.1, v0.2). */
  public X509Certificate signingCertificate() {
    JsonNode single = bundle.at("/verificationMaterial/certificate/rawBytes");
    JsonNode der = single.isMissingNode()
        ? bundle.at("/verificationMaterial/x509CertificateChain/certificates/0/rawBytes")
        : single;
    return Keys.certificate(base64(der)).orElseThrow();
  }

  /** The bytes of the base64 string at {@code pointer} (a JSON pointer into the bundle). */
  public byte[] base64(String pointer) {
    return base64(bundle.at(pointer));
  }

  private static byte[] base64(JsonNode node) {
    return Encoding.base64(node.asText()).orElseThrow();
  }

  /**
   * Where {@code needle} first stands in {@code haystack}, for tampering with one field of real
   * data in place; fails the test when it is not there.
   */
  public static int indexOf(byte[] haystack, byte[] needle) {
    // ISO-8859-1 maps each byte to one char, so String.indexOf searches the bytes.
    int at = new String(haystack, StandardCharsets.ISO_8859_1)
        .indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    assertTrue(at >= 0, "not found");
    return at;
  }
}
