package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.SlsaGenerator;
import dev.hekate.testdata.TlogKind;
import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The start-up cache's training run ({@link Training}): its shipped fixtures answer as expected,
 * and they are what the generator below makes. To regenerate them (after a change to the fake
 * Sigstore or to the bundle formats):
 *
 * <pre>
 * mvn -B -o verify -pl hekate-cli -am -Dtest=TrainingTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dhekate.training.regenerate=true
 * </pre>
 */
class TrainingTest {
  private static final Path SOURCE = Path.of("src/main/resources/dev/hekate/cli/training");
  private static final List<BundleGeneration> GENERATIONS =
      List.of(BundleGeneration.V01_INTOTO_SET_ONLY, BundleGeneration.V02_INTOTO_PROOF, BundleGeneration.V03_DSSE);
  private static final byte[] ARTIFACT =
      "hekate start-up cache training artifact\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void everyTrainingCommandAnswersAsExpected() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Training.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theShippedFixturesAreTheGeneratedOnesWhereGenerationIsDeterministic() throws IOException {
    Map<String, byte[]> generated = generate();
    assertEquals(Training.files().stream().sorted().toList(), generated.keySet().stream().sorted().toList());
    // The trust material, the artifact, the tarballs and the in-toto files are deterministic (keys
    // are derived from labels and seeds, Ed25519 signs deterministically); ECDSA signatures are not,
    // so bundles are checked by the test above instead.
    List<String> deterministic = new ArrayList<>(List.of("trusted_root.json", "npm_keys.json", "artifact.txt",
        Training.PACKAGE + "-1.0.0.tgz", Training.PACKAGE + "-2.0.0.tgz", Training.PACKAGE + "-3.0.0.tgz",
        "root.layout", "owner.pub.json"));
    Training.STEPS.forEach(step -> deterministic.add(step + "." + Training.FUNCTIONARY + ".link"));
    for (String name : deterministic) {
      try (InputStream in = Training.class.getResourceAsStream(Training.RESOURCES + name)) {
        assertNotNull(in, name);
        assertEquals(new String(generated.get(name), StandardCharsets.ISO_8859_1),
            new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), name);
      }
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "hekate.training.regenerate", matches = "true")
  void regenerate() throws IOException {
    Files.createDirectories(SOURCE);
    for (Map.Entry<String, byte[]> file : generate().entrySet()) {
      Files.write(SOURCE.resolve(file.getKey()), file.getValue());
    }
  }

  private static Map<String, byte[]> generate() {
    FakeSigstore sigstore = FakeSigstore.create();
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("trusted_root.json", sigstore.trustedRootJson());
    files.put("npm_keys.json", sigstore.npmKeysJson());
    files.put("artifact.txt", ARTIFACT);
    for (int i = 0; i < GENERATIONS.size(); i++) {
      String version = Training.VERSIONS.get(i);
      GeneratedPackage p = GeneratedNpm.generate(sigstore, Training.PACKAGE, version, GENERATIONS.get(i));
      files.put(Training.PACKAGE + "-" + version + ".attestations.json", p.attestations());
      files.put(Training.PACKAGE + "-" + version + ".tgz", p.tarball());
    }
    FakeBundle rekorV1 = sigstore.bundle().messageSignature(ARTIFACT).identity(Training.IDENTITY, Training.ISSUER)
        .tlogKind(TlogKind.HASHEDREKORD_001).build();
    FakeBundle rekorV2 = sigstore.bundle().messageSignature(ARTIFACT).identity(Training.IDENTITY, Training.ISSUER)
        .tlogKind(TlogKind.HASHEDREKORD_002).build();
    FakeBundle dsse = sigstore.bundle()
        .inTotoStatementFor("artifact.txt", ARTIFACT, "https://slsa.dev/provenance/v1", "{\"buildDefinition\":{}}")
        .identity(Training.IDENTITY, Training.ISSUER).build();
    files.put("message-rekor-v1.sigstore.json", rekorV1.json());
    files.put("message-rekor-v2.sigstore.json", rekorV2.json());
    files.put("dsse.sigstore.json", dsse.json());
    files.put("provenance.sigstore.json", provenance(sigstore).json());
    inToto(files);
    return files;
  }

  /** An Ed25519 key from a fixed seed, so that the fixtures regenerate the same. */
  private static KeyPair ed25519(String seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed.getBytes(StandardCharsets.UTF_8));
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(255, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The securesystemslib JSON of an Ed25519 public key: the raw 32 bytes in hex. */
  private static String keyJson(KeyPair key) {
    byte[] spki = key.getPublic().getEncoded();
    String hex = HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    // Canonical JSON: keys sorted, no whitespace; its SHA-256 is the key id.
    return "{\"keyid_hash_algorithms\":[\"sha256\",\"sha512\"],\"keytype\":\"ed25519\",\"keyval\":{\"public\":\""
        + hex + "\"},\"scheme\":\"ed25519\"}";
  }

  private static String keyId(KeyPair key) {
    return HexFormat.of().formatHex(sha256(keyJson(key).getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code payload} in a DSSE envelope of in-toto JSON, signed by {@code key} over DSSE's PAE. */
  private static byte[] dsse(String payload, KeyPair key) {
    String type = "application/vnd.in-toto+json";
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    byte[] pae = ("DSSEv1 " + type.length() + " " + type + " " + body.length + " ").getBytes(StandardCharsets.UTF_8);
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key.getPrivate());
      signature.update(pae);
      signature.update(body);
      Base64.Encoder base64 = Base64.getEncoder();
      return ("{\"payloadType\":\"" + type + "\",\"payload\":\"" + base64.encodeToString(body)
          + "\",\"signatures\":[{\"keyid\":\"" + keyId(key) + "\",\"sig\":\"" + base64.encodeToString(signature.sign())
          + "\"}]}\n").getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A two-step in-toto supply chain in DSSE form: the owner's layout, the build step creating the
   * artifact, the package step consuming it unchanged; both links by one functionary.
   */
  private static void inToto(Map<String, byte[]> files) {
    KeyPair owner = ed25519("hekate training layout owner");
    KeyPair functionary = ed25519("hekate training functionary");
    String id = keyId(functionary);
    String digest = HexFormat.of().formatHex(sha256(ARTIFACT));
    String layout = """
        {"_type":"layout","expires":"2099-01-01T00:00:00Z","readme":"hekate start-up cache training",
         "keys":{"%1$s":%2$s},
         "steps":[
          {"_type":"step","name":"build","threshold":1,"pubkeys":["%1$s"],"expected_command":["make"],
           "expected_materials":[],"expected_products":[["CREATE","artifact.txt"],["DISALLOW","*"]]},
          {"_type":"step","name":"package","threshold":1,"pubkeys":["%1$s"],"expected_command":[],
           "expected_materials":[["MATCH","artifact.txt","WITH","PRODUCTS","FROM","build"],["DISALLOW","*"]],
           "expected_products":[["ALLOW","artifact.txt"],["DISALLOW","*"]]}],
         "inspect":[]}
        """.formatted(id, keyJson(functionary));
    String link = """
        {"_type":"link","name":"%1$s","command":%2$s,"materials":%3$s,"products":{"artifact.txt":{"sha256":"%4$s"}},
         "byproducts":{},"environment":{}}
        """;
    String built = "{\"artifact.txt\":{\"sha256\":\"" + digest + "\"}}";
    files.put("root.layout", dsse(layout, owner));
    files.put("owner.pub.json", keyJson(owner).getBytes(StandardCharsets.UTF_8));
    files.put("build." + id.substring(0, 8) + ".link", dsse(link.formatted("build", "[\"make\"]", "{}", digest),
        functionary));
    files.put("package." + id.substring(0, 8) + ".link", dsse(link.formatted("package", "[]", built, digest),
        functionary));
  }

  /** Generic-generator provenance of the artifact, built from the training repository at its tag. */
  private static FakeBundle provenance(FakeSigstore sigstore) {
    return SlsaGenerator.genericProvenance(sigstore, Training.GENERIC_BUILDER, "https://" + Training.SOURCE,
        "refs/tags/" + Training.SOURCE_TAG, "0123456789abcdef0123456789abcdef01234567", "artifact.txt", ARTIFACT)
        .build();
  }
}
