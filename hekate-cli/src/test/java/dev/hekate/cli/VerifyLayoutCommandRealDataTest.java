package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.RealData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code hekate verify-layout} on the real in-toto data of {@code shared/realdata/in_toto/}
 * (MANIFEST section 6): the in-toto-rs demo, the in-toto-golang demo and the DERIVED tampered
 * copies. Asserts exit codes and the id of the first check that did not pass.
 */
class VerifyLayoutCommandRealDataTest {
  /** Before the rs demo layout's expiry, 2022-12-02T18:41:07Z. */
  private static final String BEFORE_RS_EXPIRY = "2022-06-01T00:00:00Z";

  private static CliRun verify(Path layout, Path key, Path linkDir, String... flags) {
    List<String> args = new ArrayList<>(List.of("verify-layout", "--json", "--layout", layout.toString(),
        "--layout-key", key.toString(), "--link-dir", linkDir.toString()));
    args.addAll(List.of(flags));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The id of the first check that neither passed, warned nor was skipped, or "". */
  private static String firstProblem(CliRun run) throws IOException {
    JsonNode result = run.jsonLines().get(0);
    for (JsonNode check : result.path("checks")) {
      String outcome = check.path("outcome").asText();
      if (!outcome.equals("PASSED") && !outcome.equals("WARNING") && !outcome.equals("NOT_RUN")) {
        return check.path("id").asText();
      }
    }
    return "";
  }

  private static void assertVerified(CliRun run) throws IOException {
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.jsonLines().get(0).path("verified").asBoolean(), run::toString);
  }

  private static void assertNotVerified(CliRun run, String check) throws IOException {
    assertEquals(1, run.exit(), run::toString);
    assertEquals(check, firstProblem(run), run::toString);
  }

  // ---- in-toto-rs demo: RSA-PSS layout key 556caebd…, expired 2022-12-02T18:41:07Z ----

  private static CliRun rsDemo(Path root, String... flags) {
    return verify(root.resolve("workdir/root.layout"), root.resolve("workdir/alice.pub"), root.resolve("links"), flags);
  }

  @Test
  void rsDemoPassesAtAPinnedTimeWithItsInspection() throws IOException {
    Path root = RealData.require("in_toto/in-toto-rs-demo");
    assertVerified(rsDemo(root, "--verification-time", BEFORE_RS_EXPIRY, "--run-inspections", "--artifacts",
        root.resolve("workdir").toString()));
  }

  @Test
  void rsDemoHasExpiredNow() throws IOException {
    Path root = RealData.require("in_toto/in-toto-rs-demo");
    assertNotVerified(rsDemo(root, "--run-inspections", "--artifacts", root.resolve("workdir").toString()),
        "intoto.expired");
  }

  @Test
  void rsDemoWithoutRunningItsInspectionIsNotVerified() throws IOException {
    Path root = RealData.require("in_toto/in-toto-rs-demo");
    assertNotVerified(rsDemo(root, "--verification-time", BEFORE_RS_EXPIRY), "intoto.inspection");
  }

  @Test
  void rsDemoLayoutWithExpiresEditedFailsItsSignature() throws IOException {
    Path root = RealData.require("in_toto/DERIVED-tampered/rs-demo-layout-expires-modified");
    assertNotVerified(rsDemo(root), "intoto.layout_signature");
    assertNotVerified(rsDemo(root, "--verification-time", BEFORE_RS_EXPIRY, "--run-inspections", "--artifacts",
        root.resolve("workdir").toString()), "intoto.layout_signature");
  }

  @Test
  void rsDemoLinkWithProductHashEditedFailsCarlsSignature() throws IOException {
    Path root = RealData.require("in_toto/DERIVED-tampered/rs-demo-link-product-hash-modified");
    CliRun run = rsDemo(root, "--verification-time", BEFORE_RS_EXPIRY, "--run-inspections", "--artifacts",
        root.resolve("workdir").toString());
    assertNotVerified(run, "intoto.link_signature");
    assertTrue(run.err().contains("package.2f89b927.link"), run::toString);
  }

  @Test
  void rsDemoTarballEditedFailsTheInspectionsMatchRule() throws IOException {
    Path root = RealData.require("in_toto/DERIVED-tampered/rs-demo-tarball-modified");
    CliRun run = rsDemo(root, "--verification-time", BEFORE_RS_EXPIRY, "--run-inspections", "--artifacts",
        root.resolve("workdir").toString());
    assertNotVerified(run, "intoto.artifact_rule");
    assertTrue(run.err().contains("demo-project.tar.gz"), run::toString);
    assertNotVerified(rsDemo(root, "--verification-time", BEFORE_RS_EXPIRY), "intoto.inspection");
  }

  // ---- in-toto-golang demo: expires 2030-11-18 ----

  @Test
  void golangDemoPassesWithItsInspection() throws IOException {
    Path root = RealData.require("in_toto/in-toto-golang");
    assertVerified(verify(root.resolve("demo.layout"), root.resolve("alice.pub"), root,
        "--verification-time", "2026-01-01T00:00:00Z", "--run-inspections", "--artifacts", root.toString()));
  }

  @Test
  void golangDemoWriteCodeLinkEditedFailsItsSignature() throws IOException {
    Path root = RealData.require("in_toto/DERIVED-tampered/golang-demo-write-code-link-modified");
    CliRun run = verify(root.resolve("demo.layout"), root.resolve("alice.pub"), root,
        "--verification-time", "2026-01-01T00:00:00Z", "--run-inspections", "--artifacts", root.toString());
    assertNotVerified(run, "intoto.link_signature");
    assertTrue(run.err().contains("write-code.b7d643de.link"), run::toString);
  }

  @Test
  void golangDsseLayoutPassesWithItsInspection() throws IOException {
    Path root = RealData.require("in_toto/in-toto-golang");
    assertVerified(verify(root.resolve("demo.dsse.layout"), root.resolve("alice.pub"), root,
        "--verification-time", "2026-01-01T00:00:00Z", "--run-inspections", "--artifacts", root.toString()));
    assertNotVerified(verify(root.resolve("demo.dsse.layout"), root.resolve("alice.pub"), root,
        "--verification-time", "2026-01-01T00:00:00Z"), "intoto.inspection");
  }

  @Test
  void golangDsseOnlyLayoutAndLinksPass() throws IOException {
    Path root = RealData.require("in_toto/in-toto-golang");
    assertVerified(verify(root.resolve("dsse-only.root.layout"), root.resolve("alice.pub"), root,
        "--verification-time", "2026-01-01T00:00:00Z"));
    // expires 2030-06-03
    assertNotVerified(verify(root.resolve("dsse-only.root.layout"), root.resolve("alice.pub"), root,
        "--verification-time", "2030-06-04T00:00:00Z"), "intoto.expired");
  }

  @Test
  void aLayoutSignedByAnotherKeyIsNotVerified() throws IOException {
    Path golang = RealData.require("in_toto/in-toto-golang");
    Path rs = RealData.require("in_toto/in-toto-rs-demo");
    assertNotVerified(verify(golang.resolve("dsse-only.root.layout"), rs.resolve("workdir/alice.pub"), golang,
        "--verification-time", "2026-01-01T00:00:00Z"), "intoto.layout_signature");
  }

  @Test
  void anUnsupportedLayoutKeyIsNotVerifiedAndAnUnreadableOneIsAUsageError(@org.junit.jupiter.api.io.TempDir Path temp)
      throws IOException {
    Path root = RealData.require("in_toto/in-toto-golang");
    Path certificate = temp.resolve("key.pem");
    java.nio.file.Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
    CliRun run = verify(root.resolve("demo.layout"), certificate, root, "--verification-time", "2026-01-01T00:00:00Z");
    assertNotVerified(run, "intoto.unsupported");
    Path garbage = temp.resolve("garbage.pem");
    java.nio.file.Files.writeString(garbage, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    assertEquals(2, verify(root.resolve("demo.layout"), garbage, root).exit());
    assertEquals(2, verify(root.resolve("demo.layout"), temp.resolve("absent.pub"), root).exit());
    assertEquals(2, verify(root.resolve("demo.layout"), root.resolve("alice.pub"), root, "--verification-time",
        "yesterday").exit());
    assertEquals(2, verify(root.resolve("demo.layout"), root.resolve("alice.pub"), root, "--run-inspections").exit());
  }

  /**
   * Signs a layout's {@code signed} part as in-toto-sign does (RSASSA-PSS SHA-256, salt of the
   * digest's length, over the canonical JSON) with a committed PKCS#1 private key.
   */
  private static JsonNode sign(JsonNode unsigned, Path privateKey, String keyId) throws Exception {
    byte[] message = dev.hekate.core.intoto.CanonicalJson.encode(unsigned.get("signed"));
    var signed = (com.fasterxml.jackson.databind.node.ObjectNode) unsigned.deepCopy();
    signed.putArray("signatures").addObject().put("keyid", keyId)
        .put("sig", java.util.HexFormat.of().formatHex(rsaPss(message, privateKey)));
    return signed;
  }

  /** A DSSE envelope of {@code layout}, signed as securesystemslib signs DSSE: RSASSA-PSS over the PAE, base64. */
  private static JsonNode signDsse(JsonNode layout, Path privateKey, String keyId) throws Exception {
    byte[] payload = dev.hekate.core.json.Json.write(layout).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String type = "application/vnd.in-toto+json";
    var envelope = dev.hekate.core.json.Json.newObject();
    envelope.put("payloadType", type);
    envelope.put("payload", java.util.Base64.getEncoder().encodeToString(payload));
    envelope.putArray("signatures").addObject().put("keyid", keyId).put("sig", java.util.Base64.getEncoder()
        .encodeToString(rsaPss(dev.hekate.core.signature.Signatures.pae(type, payload), privateKey)));
    return envelope;
  }

  private static byte[] rsaPss(byte[] message, Path privateKey) throws Exception {
    String pem = java.nio.file.Files.readString(privateKey);
    byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    var rsa = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der);
    var key = java.security.KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.RSAPrivateCrtKeySpec(
        rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent(), rsa.getPrime1(), rsa.getPrime2(),
        rsa.getExponent1(), rsa.getExponent2(), rsa.getCoefficient()));
    var signer = java.security.Signature.getInstance("RSASSA-PSS");
    signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
    signer.initSign(key);
    signer.update(message);
    return signer.sign();
  }

  /**
   * in-toto-python's demo (MANIFEST: signed links and an unsigned layout template with the keys):
   * the template, given an expiry and the system's tar for the demo's tar script, signed with the
   * committed alice key, verifies with the demo's links — the metablock ones and the DSSE ones.
   */
  @Test
  void pythonDemoTemplateSignedHereVerifiesWithItsMetablockAndDsseLinks(@org.junit.jupiter.api.io.TempDir Path temp)
      throws Exception {
    Path files = RealData.require("in_toto/in-toto-python-demo_files");
    Path dsse = RealData.require("in_toto/in-toto-python-demo_dsse_files");
    Path artifacts = java.nio.file.Files.createDirectories(temp.resolve("artifacts"));
    java.nio.file.Files.copy(files.resolve("foo.tar.gz"), artifacts.resolve("foo.tar.gz"));
    var template = (com.fasterxml.jackson.databind.node.ObjectNode) dev.hekate.core.json.Json.mapper()
        .readTree(java.nio.file.Files.readAllBytes(files.resolve("demo.layout.template")));
    var body = (com.fasterxml.jackson.databind.node.ObjectNode) template.get("signed");
    body.put("expires", "2099-01-01T00:00:00Z");
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("inspect").get(0)).putArray("run")
        .add("tar").add("xfz").add("foo.tar.gz");
    String alice = "556caebdc0877eed53d419b60eddb1e57fa773e4e31d70698b588f3e9cc48b35";
    Path metablock = temp.resolve("root.layout");
    java.nio.file.Files.writeString(metablock, dev.hekate.core.json.Json.write(sign(template, files.resolve("alice"),
        alice)));
    Path envelope = temp.resolve("root.dsse.layout");
    java.nio.file.Files.writeString(envelope, dev.hekate.core.json.Json.write(signDsse(body, files.resolve("alice"),
        alice)));
    for (Path layout : List.of(metablock, envelope)) {
      for (Path links : List.of(files, dsse)) {
        assertVerified(verify(layout, files.resolve("alice.pub"), links, "--run-inspections", "--artifacts",
            artifacts.toString()));
      }
      // bob's key did not sign it
      assertNotVerified(verify(layout, files.resolve("bob.pub"), files, "--run-inspections", "--artifacts",
          artifacts.toString()), "intoto.layout_signature");
    }
  }

  @Test
  void golangSuperLayoutIsUnsigned() throws IOException {
    Path root = RealData.require("in_toto/in-toto-golang");
    assertNotVerified(verify(root.resolve("super.layout"), root.resolve("alice.pub"), root,
        "--verification-time", "2021-01-01T00:00:00Z"), "intoto.layout_signature");
  }

  /**
   * in-toto-golang's super.layout (one step, sub_layout, by alice) is committed unsigned; signed here
   * with alice's committed private key, it verifies with alice's sub_layout.70ca5750.link — a layout
   * of the demo's two steps and inspection — when that sublayout's links are in sub_layout.70ca5750/.
   */
  @Test
  void golangSuperLayoutWithItsSublayoutVerifies(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    Path root = RealData.require("in_toto/in-toto-golang");
    JsonNode unsigned = dev.hekate.core.json.Json.mapper().readTree(java.nio.file.Files.readAllBytes(
        root.resolve("super.layout")));
    JsonNode signed = sign(unsigned, root.resolve("alice"), "70ca5750c2eda80b18f41f4ec5f92146789b5d68dd09577be422a0159bd13680");
    Path links = java.nio.file.Files.createDirectories(temp.resolve("links"));
    java.nio.file.Files.writeString(links.resolve("super.layout"), dev.hekate.core.json.Json.write(signed));
    java.nio.file.Files.copy(root.resolve("sub_layout.70ca5750.link"), links.resolve("sub_layout.70ca5750.link"));
    Path artifacts = java.nio.file.Files.createDirectories(temp.resolve("artifacts"));
    java.nio.file.Files.copy(root.resolve("foo.tar.gz"), artifacts.resolve("foo.tar.gz"));
    String[] flags = {"--verification-time", "2021-01-01T00:00:00Z", "--run-inspections", "--artifacts",
        artifacts.toString()};
    // without the sublayout's links: its steps have none
    CliRun missing = verify(links.resolve("super.layout"), root.resolve("alice.pub"), links, flags);
    assertNotVerified(missing, "intoto.threshold");
    assertTrue(missing.err().contains("sublayout sub_layout.70ca5750"), missing::toString);
    Path sub = java.nio.file.Files.createDirectories(links.resolve("sub_layout.70ca5750"));
    java.nio.file.Files.copy(root.resolve("write-code.b7d643de.link"), sub.resolve("write-code.b7d643de.link"));
    java.nio.file.Files.copy(root.resolve("package.d3ffd108.link"), sub.resolve("package.d3ffd108.link"));
    assertVerified(verify(links.resolve("super.layout"), root.resolve("alice.pub"), links, flags));
    // the same with the sublayout's write-code link edited (the DERIVED tampered copy)
    java.nio.file.Files.copy(RealData.require("in_toto/DERIVED-tampered/golang-demo-write-code-link-modified")
        .resolve("write-code.b7d643de.link"), sub.resolve("write-code.b7d643de.link"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertNotVerified(verify(links.resolve("super.layout"), root.resolve("alice.pub"), links, flags),
        "intoto.link_signature");
  }
}
