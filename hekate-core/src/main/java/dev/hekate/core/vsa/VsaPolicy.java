package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The policy a verification summary names: a JSON document listing what decided — the checks a
 * VERIFIED verdict requires and the deployment's settings (registry, GitHub check, tarball,
 * accepted trust downgrades) — published by {@code GET /v1/verifier}, and named in every summary
 * by its URI and SHA-256, so a summary says exactly under which rules it was reached.
 *
 * @param document the policy document's bytes as published (UTF-8 JSON)
 */
public record VsaPolicy(URI uri, byte[] document) {
  /** The policy document's format, written in it as {@code policyType}. */
  public static final String POLICY_TYPE = "https://hekate.dev/npm-verification-policy/v1";

  public VsaPolicy {
    Objects.requireNonNull(uri, "uri");
    document = document.clone();
  }

  @Override
  public byte[] document() {
    return document.clone();
  }

  /** Lower-case hex SHA-256 of the document. */
  public String sha256() {
    return HexFormat.of().formatHex(Keys.sha256(document));
  }

  /**
   * The policy of a deployment: {@code checks} are the check ids a VERIFIED verdict needs,
   * {@code settings} the settings that change a verdict (string values, written sorted by name).
   */
  public static VsaPolicy of(URI uri, List<CheckId> checks, Map<String, String> settings) {
    ObjectNode root = Json.newObject();
    root.put("policyType", POLICY_TYPE);
    ArrayNode required = root.putArray("requiredChecks");
    checks.stream().map(CheckId::wireName).sorted().distinct().forEach(required::add);
    ObjectNode values = root.putObject("settings");
    new TreeMap<>(settings).forEach(values::put);
    root.put("verified", "every required check ran and passed; FAILED when any failed; MISSING (reported as"
        + " FAILED, with the reason in the companion field) when the version has no provenance");
    return new VsaPolicy(uri, Json.write(root).getBytes(StandardCharsets.UTF_8));
  }
}
