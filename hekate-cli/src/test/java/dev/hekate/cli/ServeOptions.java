package dev.hekate.cli;

import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.FakeRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Options of {@code hekate serve} for a loopback registry and hekate-testdata's fake Sigstore. */
final class ServeOptions {
  static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final Path TRUST = writeTrust();

  private ServeOptions() {}

  /** {@code --registry} the registry, {@code --trusted-root} and {@code --npm-keys} the fake's, then {@code more}. */
  static String[] of(FakeRegistry registry, String... more) {
    return of(registry.baseUrl(), more);
  }

  /** As {@link #of(FakeRegistry, String...)}, for a registry at {@code registryUrl}. */
  static String[] of(URI registryUrl, String... more) {
    return Stream.concat(Stream.of("--registry", registryUrl.toString(),
        "--trusted-root", TRUST.resolve("trusted_root.json").toString(),
        "--npm-keys", TRUST.resolve("npm_keys.json").toString()), Stream.of(more)).toArray(String[]::new);
  }

  private static Path writeTrust() {
    try {
      Path dir = Files.createTempDirectory("hekate-serve-trust");
      Files.write(dir.resolve("trusted_root.json"), SIGSTORE.trustedRootJson());
      Files.write(dir.resolve("npm_keys.json"), SIGSTORE.npmKeysJson());
      dir.resolve("trusted_root.json").toFile().deleteOnExit();
      dir.resolve("npm_keys.json").toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
