package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The versions of one package a {@link FakeRegistry} holds, and their full packument as
 * registry.npmjs.org writes it. Immutable: publishing replaces the whole record.
 */
final class Packument {

  private final String name;
  private final Map<String, PackageVersion> versions;
  private final Map<String, String> distTags;

  private Packument(String name, Map<String, PackageVersion> versions, Map<String, String> distTags) {
    this.name = name;
    this.versions = versions;
    this.distTags = distTags;
  }

  static Packument empty(String name) {
    return new Packument(name, Map.of(), Map.of());
  }

  /** With {@code version} added (or replaced), tagged {@code latest} as {@code npm publish} does. */
  Packument with(PackageVersion version) {
    Map<String, PackageVersion> v = new LinkedHashMap<>(versions);
    v.remove(version.version());
    v.put(version.version(), version);
    Map<String, String> tags = new LinkedHashMap<>(distTags);
    tags.put("latest", version.version());
    return new Packument(name, v, tags);
  }

  /** With {@code tag} pointing at {@code version}. */
  Packument withTag(String tag, String version) {
    if (!versions.containsKey(version)) {
      throw new IllegalArgumentException(name + " has no version " + version);
    }
    Map<String, String> tags = new LinkedHashMap<>(distTags);
    tags.put(tag, version);
    return new Packument(name, versions, tags);
  }

  Optional<PackageVersion> version(String version) {
    return Optional.ofNullable(versions.get(version));
  }

  Iterable<PackageVersion> versions() {
    return versions.values();
  }

  /** The path of a version's tarball relative to the registry base, unencoded: {@code @s/n/-/n-1.0.0.tgz}. */
  static String tarballPath(String name, String version) {
    String basename = name.substring(name.indexOf('/') + 1);
    return name + "/-/" + basename + "-" + version + ".tgz";
  }

  /** The path of a version's attestations relative to the registry base, scope separator encoded. */
  static String attestationsPath(String name, String version) {
    return "-/npm/v1/attestations/" + name.replace("/", "%2f") + "@" + version;
  }

  /** The full packument; {@code baseUrl} ends with {@code /}. */
  byte[] render(String baseUrl) {
    ObjectNode root = RegistryJson.object();
    root.put("_id", name);
    root.put("name", name);
    ObjectNode tags = root.putObject("dist-tags");
    distTags.forEach(tags::put);
    ObjectNode all = root.putObject("versions");
    Instant created = null;
    Instant modified = null;
    for (PackageVersion v : versions.values()) {
      all.set(v.version(), manifest(v, baseUrl));
      created = created == null || v.publishedAt().isBefore(created) ? v.publishedAt() : created;
      modified = modified == null || v.publishedAt().isAfter(modified) ? v.publishedAt() : modified;
    }
    ObjectNode time = root.putObject("time");
    if (created != null) {
      time.put("created", RegistryJson.time(created));
      time.put("modified", RegistryJson.time(modified));
    }
    for (PackageVersion v : versions.values()) {
      if (v.publishTimeListed()) {
        time.put(v.version(), RegistryJson.time(v.publishedAt()));
      }
    }
    PackageVersion latest = versions.get(distTags.get("latest"));
    if (latest != null && latest.repositoryUrl().isPresent()) {
      root.set("repository", repository(latest.repositoryUrl().get()));
    }
    return RegistryJson.compact(root);
  }

  private static ObjectNode manifest(PackageVersion v, String baseUrl) {
    ObjectNode m = RegistryJson.object();
    m.put("name", v.name());
    m.put("version", v.version());
    m.put("_id", v.name() + "@" + v.version());
    v.repositoryUrl().ifPresent(url -> m.set("repository", repository(url)));
    v.gitHead().ifPresent(sha -> m.put("gitHead", sha));
    ObjectNode user = m.putObject("_npmUser").put("name", v.npmUser()).put("email", v.npmUser() + "@users.hekate.test");
    // Staged publishing: the maintainer who approved, as npm records them.
    v.approver().ifPresent(a -> user.putObject("approver").put("name", a).put("email", a + "@users.hekate.test"));
    if (v.trustedPublisher()) {
      user.putObject("trustedPublisher").put("id", "github").put("oidcConfigId", "oidc:hekate-test");
    }
    ObjectNode dist = m.putObject("dist");
    v.integrity().ifPresent(sri -> dist.put("integrity", sri));
    dist.put("shasum", v.shasum());
    dist.put("tarball", baseUrl + tarballPath(v.name(), v.version()));
    if (!v.signatures().isEmpty()) {
      ArrayNode sigs = dist.putArray("signatures");
      for (PackageVersion.Signature s : v.signatures()) {
        sigs.addObject().put("keyid", s.keyid()).put("sig", s.sig());
      }
    }
    if (v.attestationsAdvertised()) {
      ObjectNode a = dist.putObject("attestations");
      a.put("url", baseUrl + attestationsPath(v.name(), v.version()));
      v.provenancePredicateType().ifPresent(t -> a.putObject("provenance").put("predicateType", t));
    }
    return m;
  }

  private static ObjectNode repository(String url) {
    return RegistryJson.object().put("type", "git").put("url", url);
  }
}
