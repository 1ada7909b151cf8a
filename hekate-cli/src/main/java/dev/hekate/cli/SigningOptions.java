package dev.hekate.cli;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.core.vsa.VsaIssuer;
import dev.hekate.lambda.ClientWiring;
import dev.hekate.lambda.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --signing-key FILE}, {@code --verifier-id URI} and {@code --no-sign}: how {@code hekate serve}
 * signs its verdicts (docs/vsa.md). By default with a P-256 key kept in the user's state directory
 * ({@code signing-key.pem} beside the verdict store), made on first use with mode 0600.
 */
final class SigningOptions {
  static final String SIGNING_KEY = "--signing-key";
  static final String VERIFIER_ID = "--verifier-id";
  static final String NO_SIGN = "--no-sign";
  /** Repeatable: {@code PUBLIC-KEY.pem@END}, a key signed with until END, published as retired. */
  static final String RETIRED_KEY = "--retired-key";
  static final String KEY_FILE_NAME = "signing-key.pem";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SigningOptions() {}

  /**
   * The issuer the options describe for a deployment with {@code settings}, or empty with
   * {@value #NO_SIGN}. The key file is read, or made when it is the default one and missing.
   *
   * @param version Hekate's version, written in every summary
   */
  static Optional<VsaIssuer> issuer(Args args, Settings settings, String version, Map<String, String> env,
      Path userHome) throws UsageException {
    if (args.flag(NO_SIGN)) {
      if (args.option(SIGNING_KEY).isPresent() || args.option(VERIFIER_ID).isPresent()) {
        throw new UsageException(NO_SIGN + " cannot be given with " + SIGNING_KEY + " or " + VERIFIER_ID);
      }
      return Optional.empty();
    }
    LocalKeySigner signer = args.option(SIGNING_KEY).isPresent()
        ? read(Path.of(args.option(SIGNING_KEY).get()))
        : readOrMake(SqliteVerdictStore.defaultFile(env, userHome).resolveSibling(KEY_FILE_NAME));
    URI id = args.option(VERIFIER_ID).isPresent()
        ? verifierId(args.option(VERIFIER_ID).get())
        : URI.create("urn:hekate:verifier:" + signer.keyId());
    List<VsaIssuer.RetiredKey> retired = new ArrayList<>();
    for (String entry : args.all(RETIRED_KEY)) {
      retired.add(retired(entry));
    }
    return Optional.of(ClientWiring.vsaIssuer(settings, signer, id, version, retired));
  }

  /** {@code FILE@END}: a PEM public key and the instant its use ended (ISO-8601, UTC). */
  private static VsaIssuer.RetiredKey retired(String entry) throws UsageException {
    int at = entry.lastIndexOf('@');
    if (at <= 0) {
      throw new UsageException(RETIRED_KEY + " takes PUBLIC-KEY.pem@END, e.g. old.pub@2026-12-01T00:00:00Z");
    }
    Path file = Path.of(entry.substring(0, at));
    try {
      java.security.PublicKey key = dev.hekate.core.crypto.Keys.publicKeyPem(Files.readString(file))
          .orElseThrow(() -> new UsageException(RETIRED_KEY + ": " + file + " holds no public key in PEM"));
      return new VsaIssuer.RetiredKey(key, java.time.Instant.parse(entry.substring(at + 1)));
    } catch (IOException e) {
      throw new UsageException(RETIRED_KEY + ": cannot read " + file + ": " + e.getMessage());
    } catch (java.time.format.DateTimeParseException e) {
      throw new UsageException(RETIRED_KEY + ": the end is not an instant such as 2026-12-01T00:00:00Z");
    }
  }

  private static URI verifierId(String text) throws UsageException {
    try {
      URI id = new URI(text);
      if (!id.isAbsolute() || id.getFragment() != null) {
        throw new UsageException(VERIFIER_ID + " must be an absolute URI without a fragment, e.g. https://hekate.example/");
      }
      return id;
    } catch (URISyntaxException e) {
      throw new UsageException(VERIFIER_ID + " is not a URI: " + e.getReason());
    }
  }

  /** A key file given by the user: it must exist, hold one P-256 key, and be readable by its owner only. */
  static LocalKeySigner read(Path file) throws UsageException {
    try {
      ownerOnly(file);
      return LocalKeySigner.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UsageException("cannot read the signing key " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException("the signing key " + file + " is unusable: " + e.getMessage());
    }
  }

  /** Refuses a key file others can read; a file system without POSIX permissions is not checked. */
  private static void ownerOnly(Path file) throws IOException, UsageException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    }
    if (!OWNER_ONLY.containsAll(permissions)) {
      throw new UsageException("the signing key " + file + " is readable by others ("
          + PosixFilePermissions.toString(permissions) + "): make it 0600 (chmod 600 " + file + ")");
    }
  }

  /**
   * The default key file: read when it exists, else a new key written with mode 0600 (to a
   * temporary file first, then linked into place, never replacing one another process made meanwhile).
   */
  static LocalKeySigner readOrMake(Path file) throws UsageException {
    if (Files.exists(file)) {
      return read(file);
    }
    LocalKeySigner made = LocalKeySigner.generate();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".signing-key", ".tmp",
          PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try {
        Files.writeString(temporary, made.privateKeyPem(), StandardCharsets.US_ASCII);
        // A hard link appears whole or not at all, and fails when another process linked its key first.
        Files.createLink(file, temporary);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (FileAlreadyExistsException e) {
      return read(file);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UsageException("cannot keep a new signing key in " + file + ": " + e.getMessage()
          + " (give one with " + SIGNING_KEY + ", or run with " + NO_SIGN + ")");
    }
    if (!Files.exists(file)) {
      throw new UsageException("the new signing key was not kept in " + file);
    }
    return read(file);
  }
}
