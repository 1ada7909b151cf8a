package dev.hekate.cli;

import dev.hekate.core.http.HttpPolicy;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.core.vsa.Peers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;

/** Options several commands share: trust material, trust exceptions and URLs. */
final class CommonOptions {
  /** Repeatable: {@code NAME} or {@code NAME@VERSION}, a trust downgrade the operator accepts. */
  static final String TRUST_EXCLUDE = "--trust-exclude";

  private CommonOptions() {}

  /** Every {@value #TRUST_EXCLUDE} given; a malformed entry is a usage error, never skipped. */
  static TrustExceptions trustExceptions(Args args) throws UsageException {
    try {
      return TrustExceptions.parse(args.all(TRUST_EXCLUDE));
    } catch (InvalidSpecException e) {
      throw new UsageException(TRUST_EXCLUDE + ": " + e.getMessage());
    }
  }

  /** {@code --trusted-root FILE}, or the embedded Sigstore public-good root. */
  // One option reader per trust document: each parses a different type.
  static TrustedRoot trustedRoot(Args args) throws UsageException {
    if (args.option("--trusted-root").isEmpty()) {
      return EmbeddedTrust.publicGoodTrustedRoot();
    }
    try {
      return TrustedRootParser.parse(VerifyBundleCommand.read(Path.of(args.option("--trusted-root").get()), "trusted root"));
    } catch (VerificationException e) {
      throw new UsageException("the trusted root is invalid: " + e.getMessage());
    }
  }

  /** {@code --npm-keys FILE}, or the embedded npm registry keys. */
  // One option reader per trust document: each parses a different type.
  static TrustedKeys npmKeys(Args args) throws UsageException {
    if (args.option("--npm-keys").isEmpty()) {
      return EmbeddedTrust.npmKeys();
    }
    try {
      return TrustedKeys.parse(VerifyBundleCommand.read(Path.of(args.option("--npm-keys").get()), "npm keys"));
    } catch (VerificationException e) {
      throw new UsageException("the npm keys document is invalid: " + e.getMessage());
    }
  }

  /** The peers file {@code path} names (docs/vsa.md); unreadable or malformed is a usage error. */
  static List<Peers.Peer> peers(String path) throws UsageException {
    Path file = Path.of(path);
    try {
      return Peers.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(file + ": " + e.getMessage());
    }
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,6})([smhd])");

  /** A short duration ({@code 30s}, {@code 90m}, {@code 2h}, {@code 1d}), if {@code text} is one. */
  static Optional<Duration> shortDuration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    });
  }

  /** The whole number from {@code min} to {@code max} that {@code option} gives. */
  static int number(String text, String option, int min, int max) throws UsageException {
    if (text.matches("[0-9]{1,9}")) {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    }
    throw new UsageException(option + " must be a whole number from " + min + " to " + max);
  }

  /**
   * An http(s) base URL given to {@code option}, held to the rules the HTTP clients apply
   * ({@link HttpPolicy#checkBaseUrl}), so that a bad one is a usage error rather than a failure
   * later.
   */
  static URI url(String text, String option) throws UsageException {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " is not a usable URL");
    }
    try {
      HttpPolicy.checkBaseUrl(uri, option);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " must be an http(s) URL with a host, and no credentials, query or fragment");
    }
    return uri;
  }
}
