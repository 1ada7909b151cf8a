package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeBundleBuilder;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.GithubExtensions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Mints whole npm package versions with a {@link FakeSigstore}: a small deterministic tarball, the
 * registry's publish attestation and the npm CLI's SLSA v1 provenance for it, in any
 * {@link BundleGeneration}, and publishes them into a {@link FakeRegistry} as an honest registry
 * would (integrity, {@code dist.signatures}, gitHead and repository agreeing with the provenance).
 *
 * <p>The provenance is signed for the workflow
 * {@code https://github.com/<owner>/<repo>/.github/workflows/release.yml@refs/tags/v<version>},
 * where {@code @owner/repo} is the package's scope and name, and an unscoped {@code name} belongs to
 * {@code hekate-test/name}. The same arguments give byte-identical packages in every run.
 *
 * <p>To verify, use the trust material of the sigstore that minted them
 * ({@link FakeSigstore#trustedRootJson()}, {@link FakeSigstore#npmKeysJson()}, or
 * {@link FakeRegistry#keysDocument} served with {@link FakeRegistry#setKeys}).
 */
public final class GeneratedNpm {

  /** The owner of unscoped generated packages' repositories. */
  public static final String DEFAULT_OWNER = "hekate-test";
  /** npm's fixed tar entry time (1985-10-26T08:15:00Z), which makes its tarballs reproducible. */
  static final long NPM_TAR_MTIME = 499_162_500L;
  private static final int SIGNING_GAP_SECONDS = 3;

  private GeneratedNpm() {}

  /**
   * Mints {@code name@version} signed at the sigstore's clock and publishes it.
   *
   * @return what was minted
   */
  public static GeneratedPackage publishVerified(
      FakeRegistry registry, FakeSigstore sigstore, String name, String version, BundleGeneration generation) {
    return publishVerified(registry, sigstore, name, version, generation, sigstore.now());
  }

  /** As {@link #publishVerified(FakeRegistry, FakeSigstore, String, String, BundleGeneration)}, signed at {@code signedAt}. */
  public static GeneratedPackage publishVerified(FakeRegistry registry, FakeSigstore sigstore, String name,
      String version, BundleGeneration generation, Instant signedAt) {
    GeneratedPackage p = generate(sigstore, name, version, generation, signedAt);
    registry.publish(p.packageVersion().build());
    return p;
  }

  /** Mints {@code name@version} signed at the sigstore's clock, without publishing it. */
  public static GeneratedPackage generate(FakeSigstore sigstore, String name, String version, BundleGeneration generation) {
    return generate(sigstore, name, version, generation, sigstore.now());
  }

  /** Mints {@code name@version} signed at {@code signedAt}, without publishing it. */
  public static GeneratedPackage generate(
      FakeSigstore sigstore, String name, String version, BundleGeneration generation, Instant signedAt) {
    return mint(sigstore, name, version, generation, signedAt, UnaryOperator.identity());
  }

  /**
   * Mints a version whose provenance builder is adjusted by {@code provenanceTweak} after the
   * generation's settings (a tamper, another certificate identity); everything else stays honest.
   */
  static GeneratedPackage mint(FakeSigstore sigstore, String name, String version, BundleGeneration generation,
      Instant signedAt, UnaryOperator<FakeBundleBuilder> provenanceTweak) {
    byte[] tarball = tarball(name, version);
    String identity = workflowIdentity(name, version);
    String commit = commitOf(name, version);
    FakeBundle provenance = provenanceTweak.apply(sigstore.bundle()
            .identity(identity, FakeBundleBuilder.GITHUB_ISSUER)
            .githubExtensions(GithubExtensions.forWorkflow(identity, commit))
            .npmProvenance(name, version, tarball)
            .version(generation.provenanceVersion())
            .tlogKind(generation.tlogKind())
            .withInclusionProof(generation.inclusionProof())
            .signingTime(signedAt))
        .build();
    // The registry signs its publish attestation a few seconds after the CLI's provenance.
    FakeBundle publish = sigstore.bundle()
        .npmPublishAttestation(name, version, tarball)
        .version(generation.publishVersion())
        .tlogKind(generation.tlogKind())
        .withInclusionProof(generation.inclusionProof())
        .signingTime(signedAt.plusSeconds(SIGNING_GAP_SECONDS))
        .build();
    Instant publishedAt = provenance.integratedTime().orElse(provenance.signingTime());
    return new GeneratedPackage(name, version, tarball, publish, provenance,
        FakeSigstore.npmAttestationsResponse(publish, provenance), identity, commit,
        "git+" + repositoryOf(name) + ".git", publishedAt, sigstore.npmKey());
  }

  /** {@code https://github.com/<owner>/<repo>} for a package name (see the class comment). */
  public static String repositoryOf(String name) {
    if (name.startsWith("@") && name.indexOf('/') > 1) {
      int slash = name.indexOf('/');
      return "https://github.com/" + name.substring(1, slash) + "/" + name.substring(slash + 1);
    }
    return "https://github.com/" + DEFAULT_OWNER + "/" + name;
  }

  /** The release workflow that signs {@code name@version}'s provenance. */
  public static String workflowIdentity(String name, String version) {
    return repositoryOf(name) + "/.github/workflows/release.yml@refs/tags/v" + version;
  }

  /** The commit {@code name@version} is built from: 40 hex digits derived from the name and version. */
  public static String commitOf(String name, String version) {
    return HexFormat.of().formatHex(RegistryJson.sha256(
        ("commit " + name + "@" + version).getBytes(StandardCharsets.UTF_8))).substring(0, 40);
  }

  /**
   * A deterministic npm tarball for {@code name@version}: a gzip (stored blocks, so independent of
   * the zlib version) of a ustar archive holding {@code package/package.json} and
   * {@code package/index.js}, entry times fixed as npm fixes them.
   */
  public static byte[] tarball(String name, String version) {
    return tarball(name, version, "module.exports = " + jsonString(name + "@" + version) + ";\n");
  }

  /** As {@link #tarball(String, String)}, with another {@code index.js} (a tampered or rebuilt package). */
  static byte[] tarball(String name, String version, String indexJs) {
    ObjectNode manifest = RegistryJson.object();
    manifest.put("name", name);
    manifest.put("version", version);
    manifest.put("description", "generated by hekate-testdata");
    manifest.put("license", "Apache-2.0");
    manifest.put("main", "index.js");
    manifest.putObject("repository").put("type", "git").put("url", "git+" + repositoryOf(name) + ".git");
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> file : List.of(
        Map.entry("package/package.json", RegistryJson.compact(manifest)),
        Map.entry("package/index.js", indexJs.getBytes(StandardCharsets.UTF_8)))) {
      tar.writeBytes(tarHeader(file.getKey(), file.getValue().length));
      tar.writeBytes(file.getValue());
      tar.writeBytes(new byte[(512 - file.getValue().length % 512) % 512]);
    }
    tar.writeBytes(new byte[1024]);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new StoredGzip(gz)) {
      out.write(tar.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return gz.toByteArray();
  }

  private static final class StoredGzip extends GZIPOutputStream {
    StoredGzip(ByteArrayOutputStream out) throws IOException {
      super(out);
      def.setLevel(Deflater.NO_COMPRESSION);
    }
  }

  /** A ustar header, as npm pack writes it (also used by {@link ServeLargePackage}). */
  static byte[] tarHeader(String path, long size) {
    byte[] h = new byte[512];
    put(h, 0, path);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", NPM_TAR_MTIME));
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = '0';
    put(h, 257, "ustar");
    put(h, 263, "00");
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static String jsonString(String s) {
    return new String(RegistryJson.compact(TextNode.valueOf(s)), StandardCharsets.UTF_8);
  }

  /** A response body listing bundles under the given outer predicate types, in order. */
  static byte[] response(List<Map.Entry<String, byte[]>> entries) {
    ObjectNode root = RegistryJson.object();
    ArrayNode list = root.putArray("attestations");
    for (Map.Entry<String, byte[]> e : entries) {
      ObjectNode a = list.addObject();
      a.put("predicateType", e.getKey());
      JsonNode bundle = RegistryJson.parse(e.getValue());
      a.set("bundle", bundle);
    }
    return RegistryJson.compact(root);
  }
}
