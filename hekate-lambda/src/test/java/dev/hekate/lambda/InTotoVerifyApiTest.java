package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.intoto.CanonicalJson;
import dev.hekate.core.intoto.InTotoKey;
import dev.hekate.core.json.Json;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.slsa.ArtifactVerifier;
import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.testdata.RealData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/in-toto/verify} through the handler: the real in-toto data of
 * {@code shared/realdata/in_toto/} (MANIFEST section 6: the in-toto-golang and in-toto-rs demos
 * and the DERIVED tampered copies; skipped when absent) and layouts generated here with Ed25519
 * keys, verified as {@code hekate verify-layout} verifies them; inspections never run; every
 * refusal of a body with its status and code; nothing asked of anyone. Asserts codes and check
 * ids, not messages.
 */
class InTotoVerifyApiTest {
  static final String PATH = "/v1/in-toto/verify";
  /** Before the golang layouts' expiry (dsse-only: 2030-06-03, demo: 2030-11-18). */
  static final String GOLANG_TIME = "2026-01-01T00:00:00Z";
  /** Before the rs demo layout's expiry, 2022-12-02T18:41:07Z. */
  static final String BEFORE_RS_EXPIRY = "2022-06-01T00:00:00Z";

  private static final JsonLog QUIET = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());

  /** A service nothing may be asked of: this endpoint needs no registry, no trust root, no store, no signer. */
  static VerdictService untouchable() {
    return new VerdictService() {
      @Override
      public Reached verify(PackageSpec spec) {
        throw new AssertionError("no npm verdict is asked for");
      }

      @Override
      public ArtifactVerifier artifactVerifier() {
        throw new AssertionError("no trust material is asked for");
      }

      @Override
      public Health health() {
        return new Health("https://registry.npmjs.org/", false, false, Optional.empty());
      }
    };
  }

  private static final ApiHandler HANDLER = new ApiHandler(untouchable(), QUIET);

  static APIGatewayV2HTTPEvent post(String contentType, String body, boolean base64) {
    return Events.post(PATH, contentType, body, base64);
  }

  private static APIGatewayV2HTTPResponse send(ObjectNode body) {
    return HANDLER.handleRequest(post("application/json", Json.write(body), false), null);
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
    assertEquals("application/json", response.getHeaders().get("Content-Type"));
    return Json.mapper().readTree(response.getBody());
  }

  /** The answer of a 200: its JSON. */
  private static JsonNode answer(ObjectNode body) throws IOException {
    APIGatewayV2HTTPResponse response = send(body);
    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    return json(response);
  }

  /** The id and outcome of the first check that neither passed, warned nor was skipped, or "". */
  static String firstProblem(JsonNode result) {
    for (JsonNode check : result.path("checks")) {
      String outcome = check.path("outcome").asText();
      if (!outcome.equals("PASSED") && !outcome.equals("WARNING") && !outcome.equals("NOT_RUN")) {
        return check.path("id").asText() + " " + outcome;
      }
    }
    return "";
  }

  private static void assertVerified(ObjectNode body) throws IOException {
    JsonNode result = answer(body);
    assertTrue(result.path("verified").asBoolean(), result::toString);
    assertEquals("", firstProblem(result));
  }

  private static void assertNotVerified(ObjectNode body, String problem) throws IOException {
    JsonNode result = answer(body);
    assertFalse(result.path("verified").asBoolean(), result::toString);
    assertEquals(problem, firstProblem(result), result::toString);
  }

  private static void assertRefused(APIGatewayV2HTTPResponse response, int status, String code) throws IOException {
    assertEquals(status, response.getStatusCode(), response.getBody());
    JsonNode body = json(response);
    assertEquals(code, body.path("error").asText(), response.getBody());
    assertFalse(body.has("verified"), response.getBody());
    assertFalse(response.getBody().contains("\tat "), "no stack trace");
  }

  private static String base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  /** A request of files from {@code dir}: the layout and links in base64, the key as PEM text. */
  private static ObjectNode request(Path dir, String layout, Path key, List<String> links, Optional<String> time)
      throws IOException {
    ObjectNode body = Json.newObject();
    body.put("layout", base64(dir.resolve(layout)));
    body.putArray("layoutKeys").add(Files.readString(key));
    ArrayNode array = body.putArray("links");
    for (String link : links) {
      array.add(base64(dir.resolve(link)));
    }
    time.ifPresent(t -> body.put("verificationTime", t));
    return body;
  }

  // ---- real data: in-toto-golang (alice's key 70ca5750…) ----

  private static final List<String> DSSE_ONLY_LINKS = List.of("clone-dsse.776a00e2.link",
      "update-version-dsse.776a00e2.link", "package-dsse.2f89b927.link");
  private static final List<String> DEMO_LINKS = List.of("write-code.b7d643de.link", "package.d3ffd108.link");

  private static ObjectNode dsseOnly(Optional<String> time) throws IOException {
    Path root = RealData.require("in_toto/in-toto-golang");
    return request(root, "dsse-only.root.layout", root.resolve("alice.pub"), DSSE_ONLY_LINKS, time);
  }

  @Test
  void golangDsseOnlyDemoVerifies() throws Exception {
    assertVerified(dsseOnly(Optional.of(GOLANG_TIME)));
  }

  @Test
  void filesGivenAsObjectsAndTheEventBodyAsBase64VerifyToo() throws Exception {
    Path root = RealData.require("in_toto/in-toto-golang");
    ObjectNode body = dsseOnly(Optional.of("2026-01-01T01:00:00+01:00"));
    body.set("layout", Json.mapper().readTree(Files.readAllBytes(root.resolve("dsse-only.root.layout"))));
    ArrayNode links = body.putArray("links");
    // in another order than the layout's steps: links are named by their contents
    for (String link : DSSE_ONLY_LINKS.reversed()) {
      links.add(Json.mapper().readTree(Files.readAllBytes(root.resolve(link))));
    }
    body.putObject("artifacts").put("demo-project.tar.gz", product("package-dsse.2f89b927.link", "demo-project.tar.gz"))
        .put("demo-project/foo.py", product("update-version-dsse.776a00e2.link", "demo-project/foo.py").toUpperCase());
    assertVerified(body);
    String encoded = Base64.getEncoder().encodeToString(Json.write(body).getBytes(StandardCharsets.UTF_8));
    APIGatewayV2HTTPResponse response = HANDLER.handleRequest(post("application/json; charset=utf-8", encoded, true),
        null);
    assertEquals(200, response.getStatusCode(), response.getBody());
    assertTrue(json(response).path("verified").asBoolean(), response.getBody());
  }

  @Test
  void theAnswerIsWhatVerifyLayoutJsonPrints() throws Exception {
    JsonNode result = answer(dsseOnly(Optional.of(GOLANG_TIME)));
    assertEquals(List.of("verified", "checks"), names(result));
    for (JsonNode check : result.path("checks")) {
      assertTrue(check.path("id").asText().startsWith("intoto."), check::toString);
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void aMissingLinkFailsTheThreshold() throws Exception {
    ObjectNode body = dsseOnly(Optional.of(GOLANG_TIME));
    ((ArrayNode) body.get("links")).remove(2);
    assertNotVerified(body, "intoto.threshold FAILED");
  }

  @Test
  void golangDemoWithItsInspectionIsNotVerifiedForTheInspectionIsNeverRun() throws Exception {
    Path root = RealData.require("in_toto/in-toto-golang");
    ObjectNode body = request(root, "demo.layout", root.resolve("alice.pub"), DEMO_LINKS, Optional.of(GOLANG_TIME));
    body.putObject("artifacts").put("foo.tar.gz", sha256(root.resolve("foo.tar.gz")));
    assertNotVerified(body, "intoto.inspection FAILED");
    assertNotVerified(request(root, "demo.dsse.layout", root.resolve("alice.pub"), DEMO_LINKS,
        Optional.of(GOLANG_TIME)), "intoto.inspection FAILED");
  }

  @Test
  void aTamperedLinkFailsItsSignature() throws Exception {
    Path root = RealData.require("in_toto/in-toto-golang");
    Path tampered = RealData.require("in_toto/DERIVED-tampered/golang-demo-write-code-link-modified");
    ObjectNode body = request(root, "demo.layout", root.resolve("alice.pub"), List.of(), Optional.of(GOLANG_TIME));
    ((ArrayNode) body.get("links")).add(base64(tampered.resolve("write-code.b7d643de.link")))
        .add(base64(root.resolve("package.d3ffd108.link")));
    JsonNode result = answer(body);
    assertEquals("intoto.link_signature FAILED", firstProblem(result));
    assertTrue(result.toString().contains("write-code.b7d643de.link"), result::toString);
  }

  @Test
  void aLayoutSignedByAnotherKeyIsNotVerified() throws Exception {
    Path golang = RealData.require("in_toto/in-toto-golang");
    Path rs = RealData.require("in_toto/in-toto-rs-demo");
    assertNotVerified(request(golang, "dsse-only.root.layout", rs.resolve("workdir/alice.pub"), DSSE_ONLY_LINKS,
        Optional.of(GOLANG_TIME)), "intoto.layout_signature FAILED");
  }

  @Test
  void anExpiredLayoutIsNotVerifiedUnlessJudgedBeforeItsExpiry() throws Exception {
    assertNotVerified(dsseOnly(Optional.of("2030-06-04T00:00:00Z")), "intoto.expired FAILED");
    // in-toto-rs demo: expired 2022-12-02; now, it has expired; before, only its inspection is missing
    Path rs = RealData.require("in_toto/in-toto-rs-demo");
    List<String> links = List.of("links/clone.776a00e2.link", "links/update-version.776a00e2.link",
        "links/package.2f89b927.link");
    assertNotVerified(request(rs, "workdir/root.layout", rs.resolve("workdir/alice.pub"), links, Optional.empty()),
        "intoto.expired FAILED");
    assertNotVerified(request(rs, "workdir/root.layout", rs.resolve("workdir/alice.pub"), links,
        Optional.of(BEFORE_RS_EXPIRY)), "intoto.inspection FAILED");
    Path edited = RealData.require("in_toto/DERIVED-tampered/rs-demo-layout-expires-modified");
    assertNotVerified(request(edited, "workdir/root.layout", rs.resolve("workdir/alice.pub"), links,
        Optional.of(BEFORE_RS_EXPIRY)), "intoto.layout_signature FAILED");
  }

  @Test
  void aSublayoutInALinksPlaceIsUnsupported() throws Exception {
    Path root = RealData.require("in_toto/in-toto-golang");
    ObjectNode body = dsseOnly(Optional.of(GOLANG_TIME));
    ((ArrayNode) body.get("links")).add(base64(root.resolve("sub_layout.70ca5750.link")));
    assertNotVerified(body, "intoto.unsupported FAILED");
  }

  @Test
  void anUnsupportedKeyIsNotVerifiedAndAnUnreadableOneIsRefused() throws Exception {
    ObjectNode body = dsseOnly(Optional.of(GOLANG_TIME));
    ((ArrayNode) body.get("layoutKeys")).add("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
    assertNotVerified(body, "intoto.unsupported FAILED");
    ArrayNode keys = body.putArray("layoutKeys");
    keys.add("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    assertRefused(send(body), 400, "invalid_key");
  }

  // ---- generated: layouts signed here with Ed25519 ----

  /** A generated Ed25519 key: its securesystemslib object, key id, and signatures over canonical JSON. */
  private record Signer(KeyPair pair, ObjectNode json, String keyId) {
    static Signer generate() throws Exception {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] spki = pair.getPublic().getEncoded();
      ObjectNode json = Json.newObject();
      json.putArray("keyid_hash_algorithms").add("sha256").add("sha512");
      json.put("keytype", "ed25519");
      json.put("scheme", "ed25519");
      json.putObject("keyval").put("public", Encoding.toHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
      String keyId = InTotoKey.fromFile(Json.write(json).getBytes(StandardCharsets.UTF_8), "key").keyId();
      return new Signer(pair, json, keyId);
    }

    ObjectNode metablock(ObjectNode signed) throws Exception {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(pair.getPrivate());
      signature.update(CanonicalJson.encode(signed));
      ObjectNode block = Json.newObject();
      block.set("signed", signed);
      block.putArray("signatures").addObject().put("keyid", keyId).put("sig", Encoding.toHex(signature.sign()));
      return block;
    }
  }

  /** A layout of one step, {@code build}, by {@code functionary}, with the given inspections ({@code name, command...}). */
  private static ObjectNode layout(Signer owner, Signer functionary, List<List<String>> inspections) throws Exception {
    ObjectNode signed = Json.newObject();
    signed.put("_type", "layout");
    signed.put("expires", "2099-01-01T00:00:00Z");
    signed.put("readme", "");
    signed.putObject("keys").set(functionary.keyId(), functionary.json());
    ObjectNode step = signed.putArray("steps").addObject();
    step.put("_type", "step");
    step.put("name", "build");
    step.putArray("pubkeys").add(functionary.keyId());
    step.put("threshold", 1);
    step.putArray("expected_command");
    step.putArray("expected_materials");
    step.putArray("expected_products").addArray().add("ALLOW").add("*");
    ArrayNode inspect = signed.putArray("inspect");
    for (List<String> inspection : inspections) {
      ObjectNode node = inspect.addObject();
      node.put("_type", "inspection");
      node.put("name", inspection.get(0));
      ArrayNode run = node.putArray("run");
      inspection.subList(1, inspection.size()).forEach(run::add);
      node.putArray("expected_materials");
      node.putArray("expected_products");
    }
    return owner.metablock(signed);
  }

  private static ObjectNode link(Signer functionary, String step) throws Exception {
    ObjectNode signed = Json.newObject();
    signed.put("_type", "link");
    signed.put("name", step);
    signed.putArray("command").add("make");
    signed.putObject("materials");
    signed.putObject("products").putObject("app").put("sha256", "bb".repeat(32));
    signed.putObject("byproducts");
    signed.putObject("environment");
    return functionary.metablock(signed);
  }

  private static ObjectNode generated(Signer owner, Signer functionary, List<List<String>> inspections)
      throws Exception {
    ObjectNode body = Json.newObject();
    body.set("layout", layout(owner, functionary, inspections));
    body.putArray("layoutKeys").add(owner.json());
    body.putArray("links").add(link(functionary, "build"));
    return body;
  }

  @Test
  void aGeneratedLayoutVerifiesWithAJsonKey() throws Exception {
    assertVerified(generated(Signer.generate(), Signer.generate(), List.of()));
  }

  /**
   * The service never runs a command: a layout whose inspections would create a marker file (as
   * the command itself, and through a shell) is not verified, {@code intoto.inspection}, and the
   * file never appears.
   */
  @Test
  void inspectionsAreNeverRun(@TempDir Path temp) throws Exception {
    Path marker = temp.resolve("inspection-ran");
    Path shellMarker = temp.resolve("shell-inspection-ran");
    ObjectNode body = generated(Signer.generate(), Signer.generate(), List.of(
        List.of("touch", "touch", marker.toString()),
        List.of("shell", "sh", "-c", "echo ran > '" + shellMarker + "'")));
    body.putObject("artifacts").put("app", "bb".repeat(32));
    JsonNode result = answer(body);
    assertFalse(result.path("verified").asBoolean());
    assertEquals("intoto.inspection FAILED", firstProblem(result));
    assertFalse(Files.exists(marker), "an inspection ran");
    assertFalse(Files.exists(shellMarker), "an inspection ran through a shell");
    try (Stream<Path> left = Files.list(temp)) {
      assertEquals(0, left.count());
    }
  }

  /**
   * No class of the lambda module names an inspection runner, and the command line's runner is not
   * on its class path: nothing deployed can run a layout's command.
   */
  @Test
  void theLambdaModuleCannotReachAnInspectionRunner() throws Exception {
    Path classes = Path.of(ApiHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(Files.isDirectory(classes.resolve("dev/hekate/lambda")), classes.toString());
    List<Path> naming = new ArrayList<>();
    List<Path> verifying = new ArrayList<>();
    int[] seen = {0};
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        seen[0]++;
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (text.contains("InspectionRunner") || text.contains("InspectionCommandRunner")) {
          naming.add(classes.relativize(file));
        }
        if (text.contains("dev/hekate/core/intoto/LayoutVerifier")) {
          verifying.add(classes.relativize(file));
        }
      }
    }
    assertTrue(seen[0] > 20, "the module's classes were found");
    assertEquals(List.of(), naming);
    // the scan sees what a class refers to: the handler's use of the verifier is found
    assertTrue(verifying.contains(Path.of("dev/hekate/lambda/ApiHandler.class")), verifying.toString());
    assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.hekate.cli.InspectionCommandRunner"));
  }

  @Test
  void nothingIsAskedOfAnyone() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    ProxySelector previous = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        asked.incrementAndGet();
        return List.of(Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {}
    });
    try {
      assertVerified(generated(Signer.generate(), Signer.generate(), List.of()));
      // a link whose contents name a URL is still only bytes
      ObjectNode body = generated(Signer.generate(), Signer.generate(), List.of());
      ((ObjectNode) body.path("layout").path("signed")).put("readme", "https://example.com/fetch-me");
      assertNotVerified(body, "intoto.layout_signature FAILED");
    } finally {
      ProxySelector.setDefault(previous);
    }
    assertEquals(0, asked.get(), "a request was made");
  }

  @Test
  void withoutAVerificationTimeTheHandlersClockJudgesExpiry() throws Exception {
    Signer owner = Signer.generate();
    Signer functionary = Signer.generate();
    ObjectNode body = generated(owner, functionary, List.of());
    Clock future = Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneId.of("UTC"));
    ApiHandler handler = new ApiHandler(untouchable(), QUIET, MetricsFlush.OFF, future);
    APIGatewayV2HTTPResponse response = handler.handleRequest(post("application/json", Json.write(body), false), null);
    assertEquals("intoto.expired FAILED", firstProblem(json(response)));
    body.put("verificationTime", "2098-12-31T23:59:59Z");
    response = handler.handleRequest(post("application/json", Json.write(body), false), null);
    assertTrue(json(response).path("verified").asBoolean(), response.getBody());
  }

  @Test
  void aBugInsideTheHandlerIsAnInternalErrorNeverAResult() throws Exception {
    Clock broken = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneId.of("UTC");
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        throw new IllegalStateException("a bug");
      }
    };
    ApiHandler handler = new ApiHandler(untouchable(), QUIET, MetricsFlush.OFF, broken);
    PrintStream err = System.err;
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    try {
      APIGatewayV2HTTPResponse response = handler.handleRequest(post("application/json",
          Json.write(generated(Signer.generate(), Signer.generate(), List.of())), false), null);
      assertRefused(response, 500, "internal_error");
      assertFalse(response.getBody().contains("a bug"));
    } finally {
      System.setErr(err);
    }
  }

  /**
   * A body within the limits can ask for seconds of artifact-rule work (rules times artifacts times
   * pattern and path): past the request's deadline the answer is {@code deadline_exceeded} (504,
   * {@code Retry-After}), nothing decided, and the work stops instead of running on.
   */
  @Test
  void workPastTheDeadlineIsCancelledAndAnswered504() throws Exception {
    Signer owner = Signer.generate();
    Signer functionary = Signer.generate();
    ObjectNode body = generated(owner, functionary, List.of());
    ObjectNode signed = (ObjectNode) body.path("layout").path("signed");
    ArrayNode rules = ((ObjectNode) signed.path("steps").get(0)).putArray("expected_products");
    String neverMatches = "*a".repeat(500) + "b";
    for (int i = 0; i < 400; i++) {
      rules.addArray().add("ALLOW").add(neverMatches);
    }
    body.set("layout", owner.metablock(signed));
    ObjectNode linkBody = (ObjectNode) body.path("links").get(0).path("signed");
    ObjectNode products = linkBody.putObject("products");
    for (int i = 0; i < 5_000; i++) {
      products.putObject("a".repeat(100) + i).put("sha256", "ab".repeat(32));
    }
    body.putArray("links").add(functionary.metablock(linkBody));
    String text = Json.write(body);
    assertTrue(text.length() <= ApiLimits.MAX_REQUEST_BODY_BYTES, "within the limits");
    ApiHandler handler = new ApiHandler(untouchable(), QUIET, MetricsFlush.OFF, Clock.systemUTC(),
        java.time.Duration.ofMillis(300));
    long start = System.nanoTime();
    APIGatewayV2HTTPResponse response = handler.handleRequest(post("application/json", text, false), null);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertRefused(response, 504, "deadline_exceeded");
    assertEquals("30", response.getHeaders().get("Retry-After"));
    assertTrue(millis < 3_000, "answered at the deadline, not when the work ended: " + millis + " ms");
    // the rules stop when their thread is interrupted
    long until = System.nanoTime() + 5_000_000_000L;
    while (applyingRules() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertFalse(applyingRules(), "the artifact rules ran on after the answer");
  }

  private static boolean applyingRules() {
    return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack)
        .anyMatch(frame -> frame.getClassName().equals("dev.hekate.core.intoto.ArtifactRules")));
  }

  // ---- refusals ----

  @Test
  void bodiesThatAreNotTakenAreRefusedWithTheirCode() throws Exception {
    Signer owner = Signer.generate();
    Signer functionary = Signer.generate();
    ObjectNode valid = generated(owner, functionary, List.of());
    String text = Json.write(valid);
    String layout = Json.write(valid.get("layout"));
    String link = Json.write(valid.get("links").get(0));
    String key = Json.write(valid.get("layoutKeys").get(0));
    String sha = "ab".repeat(32);
    Map<String, String> cases = new HashMap<>(Map.ofEntries(
        Map.entry("{", "invalid_json"),
        Map.entry("", "invalid_json"),
        Map.entry("[1]", "invalid_json"),
        Map.entry(text + " {}", "invalid_json"),
        Map.entry("{\"links\":[]," + text.substring(1), "duplicate_key"),
        Map.entry("{\"extra\":1," + text.substring(1), "unknown_field"),
        Map.entry(text.replace("\"layout\":" + layout + ",", ""), "invalid_request"),
        Map.entry(text.replace(layout, "42"), "invalid_request"),
        Map.entry(text.replace(layout, "\"not base64!\""), "invalid_layout"),
        Map.entry(text.replace("[" + key + "]", "[]"), "invalid_request"),
        Map.entry(text.replace("[" + key + "]", "[42]"), "invalid_request"),
        Map.entry(text.replace("[" + key + "]", "[\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"]"),
            "invalid_key"),
        Map.entry(text.replace("[" + key + "]", "[" + (key + ",").repeat(ApiLimits.MAX_LAYOUT_KEYS) + key + "]"),
            "too_many_keys"),
        Map.entry(text.replace(",\"links\":[" + link + "]", ""), "invalid_request"),
        Map.entry(text.replace("[" + link + "]", "{}"), "invalid_request"),
        Map.entry(text.replace("[" + link + "]", "[true]"), "invalid_request"),
        Map.entry(text.replace("[" + link + "]", "[\"not base64!\"]"), "invalid_link"),
        Map.entry(text.replace("[" + link + "]", "[{\"signed\":{\"_type\":\"link\"},\"signatures\":[]}]"),
            "invalid_link"),
        Map.entry(text.replace("[" + link + "]", "[" + link + "," + link + "]"), "duplicate_link"),
        Map.entry(text.replace("[" + link + "]", "[" + (link + ",").repeat(ApiLimits.MAX_LINKS) + link + "]"),
            "too_many_links"),
        Map.entry(text.replace("{\"layout\"", "{\"verificationTime\":42,\"layout\""), "invalid_request")));
    for (String time : List.of("2022-01-01", "2022-01-01T00:00:00", "2022-01-01 00:00:00Z", "yesterday",
        "2022-13-01T00:00:00Z", "2022-01-01T00:00Z", "+2022-01-01T00:00:00Z")) {
      cases.put(text.replace("{\"layout\"", "{\"verificationTime\":\"" + time + "\",\"layout\""), "invalid_time");
    }
    String withArtifacts = text.replace("{\"layout\"", "{\"artifacts\":{\"PATH\":\"" + sha + "\"},\"layout\"");
    for (String path : List.of("", "/etc/passwd", "../x", "a/../../b", "a/./b", "./a", "a//b", "a/", "a\\\\b",
        "a\\u0000b", "a\\nb", "a\\u007fb", "x".repeat(ApiLimits.MAX_ARTIFACT_PATH_LENGTH + 1))) {
      cases.put(withArtifacts.replace("PATH", path), "invalid_artifact_path");
    }
    cases.put(withArtifacts.replace("PATH", "a").replace(sha, "ab".repeat(31)), "invalid_digest");
    cases.put(withArtifacts.replace("PATH", "a").replace(sha, "zz".repeat(32)), "invalid_digest");
    cases.put(withArtifacts.replace("PATH", "a").replace("\"" + sha + "\"", "{\"sha256\":\"" + sha + "\"}"),
        "invalid_request");
    cases.put(text.replace("{\"layout\"", "{\"artifacts\":[],\"layout\""), "invalid_request");
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i <= ApiLimits.MAX_LAYOUT_ARTIFACTS; i++) {
      many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":\"").append(sha).append('"');
    }
    cases.put(text.replace("{\"layout\"", "{\"artifacts\":" + many + "},\"layout\""), "too_many_artifacts");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      APIGatewayV2HTTPResponse response = HANDLER.handleRequest(post("application/json", c.getKey(), false), null);
      String label = c.getKey().length() > 300 ? c.getValue() : c.getKey();
      assertEquals(400, response.getStatusCode(), label + ": " + response.getBody());
      assertEquals(c.getValue(), json(response).path("error").asText(), label);
      String message = json(response).path("message").asText();
      assertTrue(message.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), message);
    }
  }

  @Test
  void theLimitsThemselvesAreTaken() throws Exception {
    Signer owner = Signer.generate();
    Signer functionary = Signer.generate();
    ObjectNode body = generated(owner, functionary, List.of());
    ArrayNode keys = body.putArray("layoutKeys");
    for (int i = 0; i < ApiLimits.MAX_LAYOUT_KEYS; i++) {
      keys.add(owner.json());
    }
    // links of other steps, each its own name, are read and ignored, as files the layout does not name
    ArrayNode links = (ArrayNode) body.get("links");
    for (int i = 1; i < ApiLimits.MAX_LINKS; i++) {
      links.add(link(functionary, "other-" + i));
    }
    ObjectNode artifacts = body.putObject("artifacts");
    for (int i = 0; i < ApiLimits.MAX_LAYOUT_ARTIFACTS - 1; i++) {
      artifacts.put("dir/file-" + i, "ab".repeat(32));
    }
    artifacts.put("x".repeat(ApiLimits.MAX_ARTIFACT_PATH_LENGTH), "ab".repeat(32));
    assertTrue(Json.write(body).length() <= ApiLimits.MAX_REQUEST_BODY_BYTES, "the body fits the limit");
    // Taken and checked: none of them is a product of the generated chain.
    JsonNode result = answer(body);
    assertEquals("intoto.product FAILED", firstProblem(result), result::toString);
    assertTrue(result.toString().contains("no step of the layout produced dir/file-0"), result::toString);
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String big = "{\"layout\":\"" + "A".repeat(ApiLimits.MAX_REQUEST_BODY_BYTES) + "\"}";
    assertRefused(HANDLER.handleRequest(post("application/json", big, false), null), 413, "body_too_large");
    String encoded = Base64.getEncoder().encodeToString(big.getBytes(StandardCharsets.UTF_8));
    assertRefused(HANDLER.handleRequest(post("application/json", encoded, true), null), 413, "body_too_large");
  }

  @Test
  void anotherContentTypeIs415() throws Exception {
    String body = Json.write(generated(Signer.generate(), Signer.generate(), List.of()));
    for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
        "application/json; charset=latin1"}) {
      assertRefused(HANDLER.handleRequest(post(type, body, false), null), 415, "unsupported_media_type");
    }
  }

  @Test
  void anEventBodyMarkedBase64ThatIsNotIsInvalidJson() throws Exception {
    assertRefused(HANDLER.handleRequest(post("application/json", "{not base64}", true), null), 400, "invalid_json");
  }

  @Test
  void getAndOtherMethodsAre405WithAllowPost() throws Exception {
    for (String method : new String[] {"GET", "PUT", "DELETE", "HEAD", "PATCH"}) {
      APIGatewayV2HTTPResponse response = HANDLER.handleRequest(Events.of(method, PATH), null);
      assertRefused(response, 405, "method_not_allowed");
      assertEquals("POST", response.getHeaders().get("Allow"));
    }
    assertRefused(HANDLER.handleRequest(Events.of("POST", PATH + "/"), null), 404, "not_found");
  }

  /** The SHA-256 the signed link {@code link} of the golang demo records for its product {@code path}. */
  private static String product(String link, String path) throws IOException {
    JsonNode envelope = Json.mapper().readTree(Files.readAllBytes(RealData.require("in_toto/in-toto-golang")
        .resolve(link)));
    JsonNode statement = Json.mapper().readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
    String sha256 = statement.path("products").path(path).path("sha256").asText();
    assertEquals(64, sha256.length(), link + " records " + path);
    return sha256;
  }

  /**
   * {@code artifacts} are held to the verified chain ({@code intoto.product}): a path is what the
   * last step that records it produced. The clone step's foo.py is the file before the
   * update-version step changed it; a path no step produced is not the chain's either.
   */
  @Test
  void namedArtifactsMustBeWhatTheChainProduced() throws Exception {
    ObjectNode older = dsseOnly(Optional.of(GOLANG_TIME));
    older.putObject("artifacts").put("demo-project/foo.py", product("clone-dsse.776a00e2.link", "demo-project/foo.py"));
    JsonNode result = answer(older);
    assertEquals("intoto.product FAILED", firstProblem(result), result::toString);
    assertTrue(result.toString().contains("step update-version-dsse produced another demo-project/foo.py"),
        result::toString);

    ObjectNode elsewhere = dsseOnly(Optional.of(GOLANG_TIME));
    elsewhere.putObject("artifacts").put("demo-project.tar.gz", product("package-dsse.2f89b927.link",
        "demo-project.tar.gz")).put("evil.tar.gz", "ab".repeat(32));
    assertNotVerified(elsewhere, "intoto.product FAILED");

    ObjectNode none = dsseOnly(Optional.of(GOLANG_TIME));
    JsonNode unnamed = answer(none);
    assertTrue(unnamed.path("verified").asBoolean(), unnamed::toString);
    assertFalse(unnamed.toString().contains("intoto.product"), "not planned without artifacts: " + unnamed);
  }

  private static final LocalKeySigner SIGNER = LocalKeySigner.generate();

  /** A deployment that signs, at a fixed time. */
  private static final ApiHandler SIGNING = new ApiHandler(SlsaVerifyApiTest.service(() -> {
    throw new AssertionError("no trust material is asked for");
  }, Optional.of(ClientWiring.vsaIssuer(Settings.defaults(), SIGNER, URI.create("https://hekate.example/"), "1.0"))),
      QUIET, MetricsFlush.OFF, Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC));

  private static JsonNode signedAnswer(ObjectNode body) throws IOException {
    APIGatewayV2HTTPResponse response = SIGNING.handleRequest(post("application/json", Json.write(body), false), null);
    assertEquals(200, response.getStatusCode(), response.getBody());
    return json(response);
  }

  /**
   * A deployment that signs signs a verified answer about the named products, when the caller says
   * what resource they are: subjects the artifacts, {@code policy} the layout itself (the caller
   * chose the layout and its keys, so the statement must say which layout held; a consumer pins the
   * layout it trusts), inputs each link, the layout keys in the companion, PASSED at
   * {@code HEKATE_INTOTO_LAYOUT_VERIFIED}. Not verified, nothing named, no resourceUri, or a
   * verification time of the caller's (a summary says "verified now"): no summary.
   */
  @Test
  void aDeploymentThatSignsSignsAVerifiedAnswerNamingTheLayout() throws Exception {
    Path root = RealData.require("in_toto/in-toto-golang");
    String tarball = product("package-dsse.2f89b927.link", "demo-project.tar.gz");
    ObjectNode body = dsseOnly(Optional.empty());
    body.putObject("artifacts").put("demo-project.tar.gz", tarball);
    body.put("resourceUri", "https://example.com/releases/demo-project.tar.gz");
    JsonNode result = signedAnswer(body);
    assertTrue(result.path("verified").asBoolean(), result::toString);
    JsonNode statement = SlsaVerifyVsaTest.signedStatement(result.path("vsa"), SIGNER.publicKey());
    assertEquals("demo-project.tar.gz", statement.at("/subject/0/name").asText());
    assertEquals(tarball, statement.at("/subject/0/digest/sha256").asText());
    assertEquals(1, statement.path("subject").size());
    JsonNode predicate = statement.path("predicate");
    assertEquals("https://example.com/releases/demo-project.tar.gz", predicate.path("resourceUri").asText());
    assertEquals("PASSED", predicate.path("verificationResult").asText());
    assertEquals("[\"HEKATE_INTOTO_LAYOUT_VERIFIED\"]", predicate.path("verifiedLevels").toString());
    assertEquals(sha256(root.resolve("dsse-only.root.layout")), predicate.at("/policy/digest/sha256").asText());
    assertFalse(predicate.path("policy").has("uri"), "the layout was sent, not fetched");
    JsonNode inputs = predicate.path("inputAttestations");
    assertEquals(DSSE_ONLY_LINKS.size(), inputs.size(), inputs::toString);
    for (String link : DSSE_ONLY_LINKS) {
      String digest = sha256(root.resolve(link));
      assertTrue(inputs.toString().contains(digest), link + " among " + inputs);
    }
    assertEquals("VERIFIED", predicate.at("/hekateVerdict/status").asText());
    String aliceKeyId = InTotoKey.fromFile(Files.readAllBytes(root.resolve("alice.pub")), "alice").keyId();
    assertEquals("[\"" + aliceKeyId + "\"]", predicate.at("/hekateVerdict/layoutKeys").toString());

    ObjectNode notTheProduct = body.deepCopy();
    notTheProduct.putObject("artifacts").put("demo-project.tar.gz", "ab".repeat(32));
    JsonNode failed = signedAnswer(notTheProduct);
    assertEquals("intoto.product FAILED", firstProblem(failed));
    assertFalse(failed.has("vsa"), "a FAILED answer about the caller's inputs is not signed");

    ObjectNode backdated = body.deepCopy();
    backdated.put("verificationTime", GOLANG_TIME);
    JsonNode answered = signedAnswer(backdated);
    assertTrue(answered.path("verified").asBoolean(), answered::toString);
    assertFalse(answered.has("vsa"), "a verification at the caller's time is not signed as of now");

    ObjectNode noResource = dsseOnly(Optional.empty());
    noResource.putObject("artifacts").put("demo-project.tar.gz", tarball);
    assertFalse(signedAnswer(noResource).has("vsa"), "no resourceUri, no summary");
    ObjectNode noArtifacts = dsseOnly(Optional.empty());
    noArtifacts.put("resourceUri", "https://example.com/x");
    assertFalse(signedAnswer(noArtifacts).has("vsa"), "nothing named, nothing to vouch for");
    ObjectNode badResource = dsseOnly(Optional.empty());
    badResource.put("resourceUri", "not a uri");
    assertRefused(SIGNING.handleRequest(post("application/json", Json.write(badResource), false), null), 400,
        "invalid_request");
  }

  private static String sha256(Path file) throws Exception {
    return Encoding.toHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
