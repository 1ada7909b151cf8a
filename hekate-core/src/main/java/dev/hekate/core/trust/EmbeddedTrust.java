package dev.hekate.core.trust;

import dev.hekate.core.result.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The Sigstore public-good trusted root and the npm registry keys shipped inside hekate-core
 * (see {@code dev/hekate/core/trust/README.md} for their origin and digests). Parsed on first
 * use and shared.
 */
public final class EmbeddedTrust {
  private EmbeddedTrust() {}

  private static final class Root {
    static final TrustedRoot VALUE = parseRoot();
  }

  private static final class NpmKeys {
    static final TrustedKeys VALUE = parseKeys();
  }

  /** The public-good trusted root. */
  public static TrustedRoot publicGoodTrustedRoot() {
    return Root.VALUE;
  }

  /** The npm registry's keys ({@code registry.npmjs.org/keys.json}). */
  public static TrustedKeys npmKeys() {
    return NpmKeys.VALUE;
  }

  /** The raw bytes of an embedded file: {@code trusted_root.json} or {@code npm_keys.json}. */
  public static byte[] resource(String name) {
    try (InputStream in = EmbeddedTrust.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("embedded trust file " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TrustedRoot parseRoot() {
    try {
      return TrustedRootParser.parse(resource("trusted_root.json"));
    } catch (VerificationException e) {
      throw new IllegalStateException("the embedded trusted root does not parse: " + e.getMessage(), e);
    }
  }

  private static TrustedKeys parseKeys() {
    try {
      return TrustedKeys.parse(resource("npm_keys.json"));
    } catch (VerificationException e) {
      throw new IllegalStateException("the embedded npm keys do not parse: " + e.getMessage(), e);
    }
  }
}
