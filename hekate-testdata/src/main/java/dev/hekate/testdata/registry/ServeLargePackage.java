package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hekate.testdata.BundleVersion;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeBundleBuilder;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.GithubExtensions;
import dev.hekate.testdata.TlogKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback npm registry serving one generated, verified package version with a large tarball,
 * to measure what streamed tarball verification costs in memory (issue 3: a 100 MB tarball under a
 * 128 MB heap). {@link FakeRegistry} holds tarballs as byte arrays and copies them per response;
 * this server generates the tarball afresh for each request and streams it, so it never holds it.
 *
 * <p>The tarball is a real npm tarball ({@link LargeTarball}). It is generated once at start to
 * compute its SHA-512 and SHA-1, which the provenance (npm CLI SLSA v1, GitHub Actions, same claims as
 * {@link GeneratedNpm}), the publish attestation and {@code dist.signatures} are signed over.
 *
 * <p>Serves {@code GET /<name>} (packument), {@code /-/npm/v1/attestations/<name>@<version>} and
 * the tarball; anything else is 404. Binds 127.0.0.1 only.
 *
 * <p>{@code main} runs it standalone: {@code [--size BYTES] [--name NAME] [--version VERSION]
 * [--trust-dir DIR]}; it writes {@code trusted_root.json} and {@code npm_keys.json} to the trust
 * directory, prints {@code url <base URL>} and {@code spec <name@version>} on stdout and serves
 * until killed.
 */
public final class ServeLargePackage implements AutoCloseable {

  /** 100 MiB. */
  public static final long DEFAULT_SIZE = 100L << 20;
  public static final String DEFAULT_NAME = "large-tarball";
  public static final String DEFAULT_VERSION = "1.0.0";

  private static final String NPM_PUBLISH = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";

  private final String name;
  private final String version;
  private final LargeTarball tarball;
  private final long tarballSize;
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI baseUrl;
  private final byte[] packument;
  private final byte[] attestations;
  private final AtomicInteger tarballRequests = new AtomicInteger();

  private ServeLargePackage(FakeSigstore sigstore, String name, String version, long size) throws IOException {
    this.name = name;
    this.version = version;
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "large-package-registry");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    this.baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");

    // One pass to learn the digests; each request generates the bytes again.
    this.tarball = new LargeTarball(name, version, Math.max(0, size - 4096));
    LargeTarball.Digests digests = tarball.digests();
    this.tarballSize = digests.size();
    String sha512Hex = digests.sha512Hex();
    String sha1Hex = digests.sha1Hex();

    String identity = GeneratedNpm.workflowIdentity(name, version);
    String commit = GeneratedNpm.commitOf(name, version);
    GithubExtensions ext = GithubExtensions.forWorkflow(identity, commit);
    String purl = "pkg:npm/" + (name.startsWith("@") ? "%40" + name.substring(1) : name) + "@" + version;
    FakeBundle provenance = sigstore.bundle()
        .identity(identity, FakeBundleBuilder.GITHUB_ISSUER)
        .githubExtensions(ext)
        .npmProvenanceForDigest(name, version, sha512Hex)
        .signingTime(sigstore.now())
        .build();
    ObjectNode publishPredicate = RegistryJson.object()
        .put("name", name).put("version", version).put("registry", "https://registry.npmjs.org");
    FakeBundle publish = sigstore.bundle()
        .inTotoStatement(purl, Map.of("sha512", sha512Hex), NPM_PUBLISH,
            new String(RegistryJson.compact(publishPredicate), StandardCharsets.UTF_8))
        .signedWithNpmKey()
        .version(BundleVersion.V0_2)
        .tlogKind(TlogKind.DSSE_001)
        .signingTime(sigstore.now().plusSeconds(3))
        .build();
    this.attestations = FakeSigstore.npmAttestationsResponse(publish, provenance);
    PackageVersion served = PackageVersion.builder(name, version)
        .integrityOverride(RegistryJson.sriFromHex(sha512Hex))
        .shasumOverride(sha1Hex)
        .attestations(attestations)
        .publishedAt(provenance.integratedTime().orElse(sigstore.now()))
        .gitHead(commit)
        .repositoryUrl("git+" + GeneratedNpm.repositoryOf(name) + ".git")
        .signedBy(sigstore.npmKey())
        .build();
    this.packument = Packument.empty(name).with(served).render(baseUrl.toString());

    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Generates the package (one pass over the tarball for its digests) and starts serving it.
   *
   * @param size the tarball's approximate size in bytes (the blob is {@code size - 4096} bytes;
   *     tar headers and gzip framing add a little, see {@link #tarballSize()})
   */
  public static ServeLargePackage start(FakeSigstore sigstore, String name, String version, long size) {
    try {
      return new ServeLargePackage(sigstore, name, version, size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the large-package registry", e);
    }
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** {@code name@version}. */
  public String spec() {
    return name + "@" + version;
  }

  /** The exact size of the tarball served, in bytes. */
  public long tarballSize() {
    return tarballSize;
  }

  /** How many times the tarball was requested. */
  public int tarballRequests() {
    return tarballRequests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // --- serving ---------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path;
      try {
        path = RegistryJson.percentDecode(exchange.getRequestURI().getRawPath().substring(1));
      } catch (IllegalArgumentException e) {
        send(exchange, 400, RegistryJson.error("bad request"));
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, RegistryJson.error("method not allowed"));
      } else if (path.equals(name)) {
        send(exchange, 200, packument);
      } else if (path.equals("-/npm/v1/attestations/" + name + "@" + version)) {
        send(exchange, 200, attestations);
      } else if (path.equals(Packument.tarballPath(name, version))) {
        tarballRequests.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, tarballSize);
        try (OutputStream out = exchange.getResponseBody()) {
          tarball.write(out);
        }
      } else {
        send(exchange, 404, RegistryJson.error("not found"));
      }
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  // --- standalone ------------------------------------------------------------------------------

  public static void main(String[] args) throws Exception {
    long size = DEFAULT_SIZE;
    String name = DEFAULT_NAME;
    String version = DEFAULT_VERSION;
    Path trustDir = Path.of(".");
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--size" -> size = Long.parseLong(required(args[i], value));
        case "--name" -> name = required(args[i], value);
        case "--version" -> version = required(args[i], value);
        case "--trust-dir" -> trustDir = Path.of(required(args[i], value));
        default -> {
          System.err.println("usage: ServeLargePackage [--size BYTES] [--name NAME] [--version VERSION] [--trust-dir DIR]");
          System.exit(2);
        }
      }
      i++;
    }
    FakeSigstore sigstore = FakeSigstore.create();
    Files.createDirectories(trustDir);
    Files.write(trustDir.resolve("trusted_root.json"), sigstore.trustedRootJson());
    Files.write(trustDir.resolve("npm_keys.json"), sigstore.npmKeysJson());
    ServeLargePackage registry = start(sigstore, name, version, size);
    System.out.println("url " + registry.baseUrl());
    System.out.println("spec " + registry.spec());
    System.out.println("tarball_bytes " + registry.tarballSize());
    System.out.flush();
    Thread.currentThread().join(); // serves until killed
  }

  private static String required(String option, String value) {
    if (value == null) {
      System.err.println(option + " needs a value");
      System.exit(2);
    }
    return value;
  }
}
