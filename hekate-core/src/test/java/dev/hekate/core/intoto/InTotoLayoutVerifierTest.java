package dev.hekate.core.intoto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The layout verifier on layouts and links signed here with generated keys: each stage's check id,
 * each key type and scheme, and what is not supported failing closed.
 */
class InTotoLayoutVerifierTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String EXPIRES = "2030-01-01T00:00:00Z";

  /** A generated key pair with its securesystemslib description. */
  private record Signer(KeyPair pair, String keyType, String scheme, String publicValue, InTotoKey key) {
    static Signer of(String scheme) throws Exception {
      KeyPair pair;
      String keyType;
      String publicValue;
      switch (scheme) {
        case "ed25519" -> {
          pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
          keyType = "ed25519";
          byte[] spki = pair.getPublic().getEncoded();
          publicValue = Encoding.toHex(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        }
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384" -> {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec(scheme.endsWith("256") ? "secp256r1" : "secp384r1"));
          pair = generator.generateKeyPair();
          keyType = "ecdsa";
          publicValue = pem(pair.getPublic().getEncoded());
        }
        default -> {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
          pair = generator.generateKeyPair();
          keyType = "rsa";
          publicValue = pem(pair.getPublic().getEncoded());
        }
      }
      String keyId = InTotoKey.keyId(List.of("sha256", "sha512"), keyType, scheme, publicValue);
      return new Signer(pair, keyType, scheme, publicValue,
          new InTotoKey(keyId, keyType, scheme, pair.getPublic()));
    }

    String keyId() {
      return key.keyId();
    }

    ObjectNode json() {
      ObjectNode node = Json.newObject();
      node.put("keyid", keyId());
      node.putArray("keyid_hash_algorithms").add("sha256").add("sha512");
      node.put("keytype", keyType);
      node.put("scheme", scheme);
      node.putObject("keyval").put("public", publicValue);
      return node;
    }

    String sign(byte[] message) throws Exception {
      Signature signature = switch (scheme) {
        case "ed25519" -> Signature.getInstance("Ed25519");
        case "ecdsa-sha2-nistp256" -> Signature.getInstance("SHA256withECDSA");
        case "ecdsa-sha2-nistp384" -> Signature.getInstance("SHA384withECDSA");
        case "rsa-pkcs1v15-sha256" -> Signature.getInstance("SHA256withRSA");
        default -> {
          Signature pss = Signature.getInstance("RSASSA-PSS");
          pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
          yield pss;
        }
      };
      signature.initSign(pair.getPrivate());
      signature.update(message);
      return Encoding.toHex(signature.sign());
    }
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END PUBLIC KEY-----";
  }

  private static byte[] metablock(JsonNode signed, Signer... signers) throws Exception {
    ObjectNode block = Json.newObject();
    ArrayNode signatures = block.putArray("signatures");
    for (Signer signer : signers) {
      signatures.addObject().put("keyid", signer.keyId()).put("sig", signer.sign(CanonicalJson.encode(signed)));
    }
    block.set("signed", signed);
    return Json.write(block).getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode link(String name, Map<String, String> materials, Map<String, String> products) {
    ObjectNode link = Json.newObject();
    link.put("_type", "link");
    link.put("name", name);
    link.putArray("command").add("make");
    ObjectNode m = link.putObject("materials");
    materials.forEach((path, hash) -> m.putObject(path).put("sha256", hash));
    ObjectNode p = link.putObject("products");
    products.forEach((path, hash) -> p.putObject(path).put("sha256", hash));
    link.putObject("byproducts");
    link.putObject("environment");
    return link;
  }

  private static ArrayNode rule(ArrayNode rules, String... words) {
    ArrayNode rule = rules.addArray();
    for (String word : words) {
      rule.add(word);
    }
    return rules;
  }

  /** A layout of one step "build" performed by {@code functionaries}, threshold {@code threshold}. */
  private static ObjectNode layout(int threshold, Signer... functionaries) {
    ObjectNode layout = Json.newObject();
    layout.put("_type", "layout");
    layout.put("expires", EXPIRES);
    layout.put("readme", "");
    ObjectNode keys = layout.putObject("keys");
    ObjectNode step = layout.putArray("steps").addObject();
    step.put("_type", "step");
    step.put("name", "build");
    step.put("threshold", threshold);
    step.putArray("expected_command").add("make");
    ArrayNode pubkeys = step.putArray("pubkeys");
    for (Signer functionary : functionaries) {
      keys.set(functionary.keyId(), functionary.json());
      pubkeys.add(functionary.keyId());
    }
    rule(step.putArray("expected_materials"), "ALLOW", "src/*");
    ArrayNode products = step.putArray("expected_products");
    rule(products, "CREATE", "app");
    rule(products, "DISALLOW", "*");
    layout.putArray("inspect");
    return layout;
  }

  private static final Map<String, String> SOURCES = Map.of("src/main.c", "aa");
  private static final Map<String, String> APP = Map.of("app", "bb");

  private static LayoutVerification verify(byte[] layout, List<Signer> owners, Map<String, byte[]> links,
      Optional<InspectionRunner> inspections, Instant time) {
    return new LayoutVerifier(owners.stream().map(Signer::key).toList(),
        name -> Optional.ofNullable(links.get(name)), inspections).verify(layout, time);
  }

  private static LayoutVerification verify(byte[] layout, Signer owner, Map<String, byte[]> links) {
    return verify(layout, List.of(owner), links, Optional.empty(), NOW);
  }

  private static String fileName(String step, Signer functionary) {
    return step + "." + functionary.keyId().substring(0, 8) + ".link";
  }

  private static CheckId firstProblem(LayoutVerification result) {
    return result.firstProblem().map(CheckResult::id).orElseThrow(() -> new AssertionError(result.checks()));
  }

  @Test
  void everySchemeSignsLayoutsAndLinks() throws Exception {
    for (String scheme : List.of("rsassa-pss-sha256", "rsa-pkcs1v15-sha256", "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384", "ed25519")) {
      Signer owner = Signer.of(scheme);
      Signer builder = Signer.of(scheme);
      byte[] layout = metablock(layout(1, builder), owner);
      LayoutVerification result = verify(layout, owner,
          Map.of(fileName("build", builder), metablock(link("build", SOURCES, APP), builder)));
      assertTrue(result.isVerified(), scheme + ": " + result.checks());
    }
  }

  @Test
  void layoutKeysReadFromPemVerify() throws Exception {
    for (String scheme : List.of("rsassa-pss-sha256", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ed25519")) {
      Signer owner = Signer.of(scheme);
      Signer builder = Signer.of(scheme);
      InTotoKey fromPem = InTotoKey.fromFile(pem(owner.pair().getPublic().getEncoded())
          .getBytes(StandardCharsets.US_ASCII), "owner.pub");
      assertEquals(owner.keyId(), fromPem.keyId(), scheme);
      Map<String, byte[]> links = Map.of(fileName("build", builder), metablock(link("build", SOURCES, APP), builder));
      LayoutVerification result = new LayoutVerifier(List.of(fromPem), name -> Optional.ofNullable(links.get(name)),
          Optional.empty()).verify(metablock(layout(1, builder), owner), NOW);
      assertTrue(result.isVerified(), scheme + ": " + result.checks());
    }
  }

  @Test
  void everyLayoutKeyMustSign() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer second = Signer.of("ed25519");
    Signer builder = Signer.of("ed25519");
    byte[] layout = metablock(layout(1, builder), owner);
    Map<String, byte[]> links = Map.of(fileName("build", builder), metablock(link("build", SOURCES, APP), builder));
    assertEquals(CheckId.INTOTO_LAYOUT_SIGNATURE, firstProblem(verify(layout, List.of(owner, second), links,
        Optional.empty(), NOW)));
    assertTrue(verify(metablock(layout(1, builder), owner, second), List.of(owner, second), links, Optional.empty(),
        NOW).isVerified());
    // an edit after signing
    String edited = new String(layout, StandardCharsets.UTF_8).replace(EXPIRES, "2031-01-01T00:00:00Z");
    assertEquals(CheckId.INTOTO_LAYOUT_SIGNATURE, firstProblem(verify(edited.getBytes(StandardCharsets.UTF_8), owner,
        links)));
  }

  @Test
  void anExpiredLayoutIsNotVerified() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer builder = Signer.of("ed25519");
    byte[] layout = metablock(layout(1, builder), owner);
    Map<String, byte[]> links = Map.of(fileName("build", builder), metablock(link("build", SOURCES, APP), builder));
    assertEquals(CheckId.INTOTO_EXPIRED, firstProblem(verify(layout, List.of(owner), links, Optional.empty(),
        Instant.parse(EXPIRES).plusSeconds(1))));
    assertTrue(verify(layout, List.of(owner), links, Optional.empty(), Instant.parse(EXPIRES)).isVerified());
  }

  @Test
  void linksMustBeSignedByTheStepsFunctionaries() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer builder = Signer.of("ed25519");
    Signer stranger = Signer.of("ed25519");
    byte[] layout = metablock(layout(1, builder), owner);
    // a link filed under the functionary's name but signed by someone else
    LayoutVerification result = verify(layout, owner,
        Map.of(fileName("build", builder), metablock(link("build", SOURCES, APP), stranger)));
    assertEquals(CheckId.INTOTO_LINK_SIGNATURE, firstProblem(result));
    // no link at all
    assertEquals(CheckId.INTOTO_THRESHOLD, firstProblem(verify(layout, owner, Map.of())));
    // a link of another step filed under this one
    assertEquals(CheckId.INTOTO_LINK_SIGNATURE, firstProblem(verify(layout, owner,
        Map.of(fileName("build", builder), metablock(link("test", SOURCES, APP), builder)))));
  }

  @Test
  void thresholdNeedsDistinctFunctionariesThatAgree() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer one = Signer.of("ed25519");
    Signer two = Signer.of("ed25519");
    byte[] layout = metablock(layout(2, one, two), owner);
    byte[] linkOne = metablock(link("build", SOURCES, APP), one);
    assertEquals(CheckId.INTOTO_THRESHOLD, firstProblem(verify(layout, owner, Map.of(fileName("build", one), linkOne))));
    assertTrue(verify(layout, owner, Map.of(fileName("build", one), linkOne, fileName("build", two),
        metablock(link("build", SOURCES, APP), two))).isVerified());
    assertEquals(CheckId.INTOTO_THRESHOLD, firstProblem(verify(layout, owner, Map.of(fileName("build", one), linkOne,
        fileName("build", two), metablock(link("build", SOURCES, Map.of("app", "cc")), two)))));
    // the same functionary's link twice is one functionary
    ObjectNode twice = layout(2, one);
    ((ArrayNode) twice.path("steps").get(0).path("pubkeys")).add(one.keyId());
    assertEquals(CheckId.INTOTO_THRESHOLD, firstProblem(verify(metablock(twice, owner), owner,
        Map.of(fileName("build", one), linkOne))));
  }

  @Test
  void artifactRulesAreChecked() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer builder = Signer.of("ed25519");
    byte[] layout = metablock(layout(1, builder), owner);
    LayoutVerification result = verify(layout, owner, Map.of(fileName("build", builder),
        metablock(link("build", SOURCES, Map.of("app", "bb", "backdoor", "ee")), builder)));
    assertEquals(CheckId.INTOTO_ARTIFACT_RULE, firstProblem(result));
    assertTrue(result.firstProblem().get().detail().contains("backdoor"), result.firstProblem().get().detail());
  }

  @Test
  void anUnexpectedCommandIsAWarningOnly() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer builder = Signer.of("ed25519");
    ObjectNode link = link("build", SOURCES, APP);
    link.putArray("command").add("make").add("all");
    LayoutVerification result = verify(metablock(layout(1, builder), owner), owner,
        Map.of(fileName("build", builder), metablock(link, builder)));
    assertTrue(result.isVerified(), result.checks()::toString);
    assertEquals(List.of(CheckId.INTOTO_COMMAND), result.warnings().stream().map(CheckResult::id).toList());
  }

  @Test
  void inspectionsMustRunAndTheirRulesHold() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer builder = Signer.of("ed25519");
    ObjectNode layoutJson = layout(1, builder);
    ObjectNode inspection = ((ArrayNode) layoutJson.get("inspect")).addObject();
    inspection.put("_type", "inspection");
    inspection.put("name", "check");
    inspection.putArray("run").add("true");
    ArrayNode materials = inspection.putArray("expected_materials");
    rule(materials, "MATCH", "app", "WITH", "PRODUCTS", "FROM", "build");
    rule(materials, "DISALLOW", "*");
    inspection.putArray("expected_products");
    byte[] layout = metablock(layoutJson, owner);
    Map<String, byte[]> links = Map.of(fileName("build", builder), metablock(link("build", SOURCES, APP), builder));
    LayoutVerification notRun = verify(layout, owner, links);
    assertEquals(CheckId.INTOTO_INSPECTION, firstProblem(notRun));
    assertTrue(notRun.firstProblem().get().detail().contains("check"));
    InspectionRunner good = i -> new Link(i.name(), i.run(), Map.of("app", Map.of("sha256", "bb")), Map.of());
    assertTrue(verify(layout, List.of(owner), links, Optional.of(good), NOW).isVerified());
    InspectionRunner tampered = i -> new Link(i.name(), i.run(), Map.of("app", Map.of("sha256", "ff")), Map.of());
    assertEquals(CheckId.INTOTO_ARTIFACT_RULE, firstProblem(verify(layout, List.of(owner), links,
        Optional.of(tampered), NOW)));
    InspectionRunner failing = i -> {
      throw VerificationException.invalid(CheckId.INTOTO_INSPECTION, "exited 1");
    };
    assertEquals(CheckId.INTOTO_INSPECTION, firstProblem(verify(layout, List.of(owner), links, Optional.of(failing),
        NOW)));
  }

  @Test
  void sublayoutsOtherPayloadTypesAndCertificatesFailClosed() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer builder = Signer.of("ed25519");
    byte[] layout = metablock(layout(1, builder), owner);
    // a layout where the step's link should be: a sublayout
    LayoutVerification sub = verify(layout, owner,
        Map.of(fileName("build", builder), metablock(layout(1, builder), builder)));
    assertEquals(CheckId.INTOTO_UNSUPPORTED, firstProblem(sub));
    assertTrue(sub.firstProblem().get().detail().contains("sublayout"));
    byte[] dsse = ("{\"payloadType\":\"application/json\",\"payload\":\"e30=\",\"signatures\":[]}")
        .getBytes(StandardCharsets.UTF_8);
    LayoutVerification envelope = verify(dsse, owner, Map.of());
    assertEquals(CheckId.INTOTO_UNSUPPORTED, firstProblem(envelope));
    assertFalse(envelope.isVerified());
    ObjectNode withCert = (ObjectNode) Json.mapper().readTree(layout);
    ((ObjectNode) withCert.path("signatures").get(0)).put("cert", "-----BEGIN CERTIFICATE-----");
    assertEquals(CheckId.INTOTO_UNSUPPORTED, firstProblem(verify(Json.write(withCert).getBytes(StandardCharsets.UTF_8),
        owner, Map.of())));
  }

  /** Link directories by path ("" the top), for sublayouts. */
  private static LinkSource tree(Map<String, Map<String, byte[]>> directories, String path) {
    return new LinkSource() {
      @Override
      public Optional<byte[]> read(String fileName) {
        return Optional.ofNullable(directories.getOrDefault(path, Map.of()).get(fileName));
      }

      @Override
      public LinkSource directory(String name) {
        return tree(directories, path.isEmpty() ? name : path + "/" + name);
      }
    };
  }

  @Test
  void aSublayoutIsVerifiedWithItsFunctionarysKeyAndSummarised() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer team = Signer.of("ecdsa-sha2-nistp256");
    Signer compiler = Signer.of("ed25519");
    Signer stranger = Signer.of("ed25519");
    // the root: one step "build", performed by the team, whose products are app and nothing else
    byte[] root = metablock(layout(1, team), owner);
    // the team's layout: its own step "build" done by the compiler (the summary takes its materials and products)
    ObjectNode subLayout = layout(1, compiler);
    String dir = "build." + team.keyId().substring(0, 8);
    Map<String, Map<String, byte[]>> links = new HashMap<>();
    links.put("", Map.of(fileName("build", team), metablock(subLayout, team)));
    links.put(dir, Map.of(fileName("build", compiler), metablock(link("build", SOURCES, APP), compiler)));
    LayoutVerification ok = new LayoutVerifier(List.of(owner.key()), tree(links, ""), Optional.empty()).verify(root, NOW);
    assertTrue(ok.isVerified(), ok.checks()::toString);
    // the summary carries the sublayout's products into the root's rules
    links.put(dir, Map.of(fileName("build", compiler),
        metablock(link("build", SOURCES, Map.of("app", "bb", "extra", "cc")), compiler)));
    LayoutVerification extra = new LayoutVerifier(List.of(owner.key()), tree(links, ""), Optional.empty())
        .verify(root, NOW);
    assertEquals(CheckId.INTOTO_ARTIFACT_RULE, firstProblem(extra));
    // a link inside, signed by someone else: the sublayout's failure, said to be in the sublayout
    links.put(dir, Map.of(fileName("build", compiler), metablock(link("build", SOURCES, APP), stranger)));
    LayoutVerification inside = new LayoutVerifier(List.of(owner.key()), tree(links, ""), Optional.empty())
        .verify(root, NOW);
    assertEquals(CheckId.INTOTO_LINK_SIGNATURE, firstProblem(inside));
    assertTrue(inside.firstProblem().get().detail().startsWith("sublayout " + dir), inside.firstProblem().get().detail());
    // an expired sublayout
    ObjectNode expired = layout(1, compiler);
    expired.put("expires", "2020-01-01T00:00:00Z");
    links.put("", Map.of(fileName("build", team), metablock(expired, team)));
    links.put(dir, Map.of(fileName("build", compiler), metablock(link("build", SOURCES, APP), compiler)));
    assertEquals(CheckId.INTOTO_EXPIRED, firstProblem(new LayoutVerifier(List.of(owner.key()), tree(links, ""),
        Optional.empty()).verify(root, NOW)));
    // a sublayout signed by another key than the step's functionary does not count
    links.put("", Map.of(fileName("build", team), metablock(subLayout, stranger)));
    assertEquals(CheckId.INTOTO_LINK_SIGNATURE, firstProblem(new LayoutVerifier(List.of(owner.key()), tree(links, ""),
        Optional.empty()).verify(root, NOW)));
  }

  @Test
  void sublayoutsNestOnlySoDeep() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer team = Signer.of("ed25519");
    byte[] root = metablock(layout(1, team), owner);
    // the team's layout names the team itself, in every directory down: a loop
    byte[] loop = metablock(layout(1, team), team);
    LinkSource endless = new LinkSource() {
      @Override
      public Optional<byte[]> read(String fileName) {
        return Optional.of(loop);
      }

      @Override
      public LinkSource directory(String name) {
        return this;
      }
    };
    LayoutVerification result = new LayoutVerifier(List.of(owner.key()), endless, Optional.empty()).verify(root, NOW);
    assertEquals(CheckId.INTOTO_UNSUPPORTED, firstProblem(result));
  }

  private static byte[] dsse(JsonNode body, Signer... signers) throws Exception {
    byte[] payload = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ObjectNode envelope = Json.newObject();
    envelope.put("payloadType", Metablock.DSSE_PAYLOAD_TYPE);
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    ArrayNode signatures = envelope.putArray("signatures");
    for (Signer signer : signers) {
      String hex = signer.sign(dev.hekate.core.signature.Signatures.pae(Metablock.DSSE_PAYLOAD_TYPE, payload));
      signatures.addObject().put("keyid", signer.keyId())
          .put("sig", Base64.getEncoder().encodeToString(Encoding.hex(hex).orElseThrow()));
    }
    return Json.write(envelope).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void dsseEnvelopesSignThePreAuthenticationEncoding() throws Exception {
    Signer owner = Signer.of("ecdsa-sha2-nistp256");
    Signer builder = Signer.of("rsassa-pss-sha256");
    byte[] layout = dsse(layout(1, builder), owner);
    byte[] link = dsse(link("build", SOURCES, APP), builder);
    assertTrue(verify(layout, owner, Map.of(fileName("build", builder), link)).isVerified());
    // DSSE and metablock forms mix, as in in-toto-golang's demo
    assertTrue(verify(layout, owner, Map.of(fileName("build", builder),
        metablock(link("build", SOURCES, APP), builder))).isVerified());
    // a metablock signature does not verify a DSSE envelope of the same body
    ObjectNode swapped = (ObjectNode) Json.mapper().readTree(layout);
    JsonNode metaSignatures = Json.mapper().readTree(metablock(layout(1, builder), owner)).get("signatures");
    ((ObjectNode) swapped.path("signatures").get(0)).put("sig", Base64.getEncoder().encodeToString(
        Encoding.hex(metaSignatures.get(0).get("sig").asText()).orElseThrow()));
    assertEquals(CheckId.INTOTO_LAYOUT_SIGNATURE, firstProblem(verify(Json.write(swapped).getBytes(StandardCharsets.UTF_8),
        owner, Map.of())));
    // an attestation where a link should be
    ObjectNode statement = Json.newObject();
    statement.put("_type", "https://in-toto.io/Statement/v1");
    statement.put("predicateType", "https://in-toto.io/attestation/link/v0.3");
    assertEquals(CheckId.INTOTO_UNSUPPORTED, firstProblem(verify(layout, owner,
        Map.of(fileName("build", builder), dsse(statement, builder)))));
  }

  @Test
  void malformedInputIsAFormatFailure() throws Exception {
    Signer owner = Signer.of("ed25519");
    Signer builder = Signer.of("ed25519");
    assertEquals(CheckId.INTOTO_FORMAT, firstProblem(verify("{\"signed\":{},\"signed\":{},\"signatures\":[]}"
        .getBytes(StandardCharsets.UTF_8), owner, Map.of())));
    assertEquals(CheckId.INTOTO_FORMAT, firstProblem(verify("not json".getBytes(StandardCharsets.UTF_8), owner,
        Map.of())));
    // a key filed under another key id
    ObjectNode layout = layout(1, builder);
    ObjectNode keys = (ObjectNode) layout.get("keys");
    keys.set("00".repeat(32), keys.remove(builder.keyId()));
    assertEquals(CheckId.INTOTO_FORMAT, firstProblem(verify(metablock(layout, owner), owner, Map.of())));
    // floats have no canonical form
    ObjectNode floating = layout(1, builder);
    floating.put("version", 1.5);
    assertThrows(InTotoFormatException.class, () -> CanonicalJson.encode(floating));
  }

  @Test
  void canonicalJsonIsSecuresystemslibs() throws Exception {
    // in-toto-golang's canonical-test.link environment: only \ and " are escaped
    JsonNode node = Json.mapper().readTree("{\"f\": \"\\u001b\\uFFFFF\\\\n\\\"\", \"e\": 1, \"d\": null, \"b\": true,"
        + " \"c\": false, \"a\": [\"x\\ny\"]}");
    assertArrayEquals(("{\"a\":[\"x\ny\"],\"b\":true,\"c\":false,\"d\":null,\"e\":1,\"f\":\"\u001b\uffffF\\\\n\\\"\"}")
        .getBytes(StandardCharsets.UTF_8), CanonicalJson.encode(node));
  }

  @Test
  void pemKeyIdsAreSecuresystemslibs() throws Exception {
    Signer signer = Signer.of("rsassa-pss-sha256");
    InTotoKey fromPem = InTotoKey.fromFile((signer.publicValue() + "\n").getBytes(StandardCharsets.US_ASCII), "key");
    assertEquals(signer.keyId(), fromPem.keyId());
    ObjectNode json = signer.json();
    json.remove("keyid");
    assertEquals(signer.keyId(), InTotoKey.fromFile(Json.write(json).getBytes(StandardCharsets.UTF_8), "key").keyId());
    Map<String, String> schemes = new HashMap<>(Map.of("ecdsa-sha2-nistp256", "ecdsa", "ed25519", "ed25519"));
    for (var entry : schemes.entrySet()) {
      Signer other = Signer.of(entry.getKey());
      String pem = pem(other.pair().getPublic().getEncoded());
      InTotoKey key = InTotoKey.fromFile(pem.getBytes(StandardCharsets.US_ASCII), "key");
      assertEquals(entry.getValue(), key.keyType());
      assertEquals(other.keyId(), key.keyId(), entry.getKey());
    }
    assertThrows(UnsupportedInTotoException.class,
        () -> InTotoKey.fromFile("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII), "key"));
  }
}
