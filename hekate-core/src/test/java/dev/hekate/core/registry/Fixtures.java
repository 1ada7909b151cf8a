package dev.hekate.core.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Packument and attestation documents in the registry's shapes, built here rather than copied.
 *
 * <p>The {@code dist} values of {@code @playwright/cli@0.1.1} are those of
 * {@code ../shared/realdata/npm_attestations/_registry_dist/@playwright__cli@0.1.1.dist.json}
 * (registry.npmjs.org via {@code npm view @playwright/cli@0.1.1 dist --json}). That mirror strips
 * {@code dist.signatures} and {@code dist.attestations}, so those two follow the shape
 * registry.npmjs.org serves (a keyid from the npm keys in realdata, a made-up signature value).
 */
final class Fixtures {
  static final String NAME = "@playwright/cli";
  static final String VERSION = "0.1.1";
  static final String INTEGRITY =
      "sha512-9k11ZfDwAfMVDDIuEVW1Wvs8SoDNXIY1dNQ+9C9/SS8ZmElkcxesu5eoL7vNa96ntibUGaq1TM2qQoqvdl/I9g==";
  static final String SHASUM = "65a75fd99d36c013f5ea55cd7c4bdad72c26eea5";
  static final String KEYID = "SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U";
  static final String SIG = "MEUCIQDfakesignaturevalueAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
  static final String SLSA_V1 = "https://slsa.dev/provenance/v1";
  static final String GIT_HEAD = "8f0d2a6f3a6c3d0d5b4b7a7a1c6d2f0e9b8a7c6d";

  private Fixtures() {}

  /** A two-version packument of {@link #NAME}; tarball and attestation URLs on {@code origin}. */
  static ObjectNode packument(String origin) {
    ObjectNode root = Json.newObject();
    root.put("_id", NAME);
    root.put("_rev", "7-0123456789abcdef");
    root.put("name", NAME);
    root.putObject("dist-tags").put("latest", VERSION).put("next", "0.2.0-beta.1");
    ObjectNode versions = root.putObject("versions");
    versions.set("0.1.0", version("0.1.0", origin, false));
    ObjectNode latest = version(VERSION, origin, true);
    versions.set(VERSION, latest);
    versions.set("0.2.0-beta.1", version("0.2.0-beta.1", origin, false));
    root.putObject("time")
        .put("created", "2026-01-20T10:00:00.000Z")
        .put("0.1.0", "2026-01-20T10:00:01.000Z")
        .put(VERSION, "2026-02-14T23:28:45.123Z")
        .put("0.2.0-beta.1", "2026-03-01T08:00:00.000Z")
        .put("modified", "2026-03-01T08:00:01.000Z");
    root.putObject("repository").put("type", "git").put("url", "git+https://github.com/microsoft/playwright-cli.git");
    root.putArray("maintainers").addObject().put("name", "someone").put("email", "someone@example.com");
    root.put("readme", "# playwright-cli\n" + "Lorem ipsum. ".repeat(200));
    root.putObject("users").put("fan", true);
    return root;
  }

  /** One version document, with registry signatures and attestations when {@code attested}. */
  static ObjectNode version(String version, String origin, boolean attested) {
    ObjectNode doc = Json.newObject();
    doc.put("name", NAME);
    doc.put("version", version);
    doc.put("description", "Playwright CLI");
    doc.put("license", "Apache-2.0");
    doc.put("_id", NAME + "@" + version);
    doc.putObject("dependencies").put("playwright-core", "1.51.0");
    doc.putObject("scripts").put("build", "tsc");
    doc.put("gitHead", GIT_HEAD);
    doc.putObject("repository").put("type", "git").put("url", "git+https://github.com/microsoft/playwright-cli.git");
    doc.putObject("_npmUser").put("name", "GitHub Actions").put("email", "npm-oidc-no-reply@github.com");
    doc.put("_nodeVersion", "22.13.1");
    doc.put("_npmVersion", "11.6.2");
    ObjectNode dist = doc.putObject("dist");
    dist.put("integrity", version.equals(VERSION) ? INTEGRITY : "sha512-" + "A".repeat(86) + "==");
    dist.put("shasum", version.equals(VERSION) ? SHASUM : "0".repeat(40));
    dist.put("tarball", origin + "/@playwright/cli/-/cli-" + version + ".tgz");
    dist.put("fileCount", 12);
    dist.put("unpackedSize", 40960);
    if (attested) {
      ArrayNode signatures = dist.putArray("signatures");
      signatures.addObject().put("keyid", KEYID).put("sig", SIG);
      ObjectNode attestations = dist.putObject("attestations");
      attestations.put("url", origin + "/-/npm/v1/attestations/@playwright%2fcli@" + version);
      attestations.putObject("provenance").put("predicateType", SLSA_V1);
    }
    return doc;
  }

  /** An attestations response in the registry's shape, with placeholder bundles. */
  static byte[] attestations() {
    ObjectNode root = Json.newObject();
    ArrayNode list = root.putArray("attestations");
    list.addObject().put("predicateType", "https://github.com/npm/attestation/tree/main/specs/publish/v0.1")
        .putObject("bundle").put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.2");
    list.addObject().put("predicateType", SLSA_V1)
        .putObject("bundle").put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    return bytes(root);
  }

  static byte[] bytes(ObjectNode node) {
    return Json.write(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The packument's {@code versions} object. */
  static ObjectNode versions(ObjectNode root) {
    return (ObjectNode) root.get("versions");
  }

  /** The version document of {@link #VERSION}. */
  static ObjectNode latest(ObjectNode root) {
    return (ObjectNode) versions(root).get(VERSION);
  }

  /** The {@code dist} object of {@link #VERSION}. */
  static ObjectNode dist(ObjectNode root) {
    return (ObjectNode) latest(root).get("dist");
  }
}
