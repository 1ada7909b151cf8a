package dev.hekate.core.lockfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a lockfile into the npm registry packages it pins.
 *
 * <p>The format is told from the content; the file name is only a hint for the error message:
 * <ul>
 *   <li>npm {@code package-lock.json} / {@code npm-shrinkwrap.json}: JSON with {@code lockfileVersion} 1, 2 or 3;
 *   <li>{@code pnpm-lock.yaml}: YAML with {@code lockfileVersion} 6.x to 9.x, one or two documents;
 *   <li>yarn classic {@code yarn.lock}: the {@code # yarn lockfile v1} header;
 *   <li>yarn berry {@code yarn.lock}: YAML with {@code __metadata} (version 4 to 10).
 * </ul>
 *
 * <p>What is listed and what is not checkable follows the rules of the held-out lockfile corpus
 * ({@code shared/corpora/lockfiles/sources.md}): git, {@code file:}, {@code link:}, workspace,
 * tarball-URL and bundled-inside-a-dependency entries are {@link NotCheckable}, npm aliases are
 * listed under the real name, and an entry whose version is not an exact semver version is not
 * checkable. A registry entry whose name cannot be an npm registry name (see {@link NpmSpecs#validName};
 * {@code node_modules/../../etc}) refuses the file: it is not a dependency of another kind but a
 * lockfile naming something that would become another request path.
 *
 * <p>Malformed input of any kind (truncated, duplicate keys, wrong types, an unknown format or
 * version, YAML anchors, too deep, too large) is a {@link LockfileException} whose message says
 * what, with the line where known; no other exception escapes {@link #parse}. Thread-safe.
 */
public final class Lockfiles {
  /** The largest lockfile read, 32 MiB (the largest in the corpus is 1.5 MB). */
  public static final int MAX_BYTES = LockfileLimits.MAX_BYTES;

  /** The formats read, for refusals. */
  static final String KNOWN = "known formats: npm package-lock.json / npm-shrinkwrap.json"
      + " (lockfileVersion 1-3), pnpm-lock.yaml (lockfileVersion 6.x-9.x), yarn.lock (yarn classic v1,"
      + " yarn berry __metadata 4-10)";

  private Lockfiles() {}

  /**
   * Reads and parses a lockfile. A file over {@link #MAX_BYTES} is refused before it is read.
   *
   * @throws LockfileException if the file is too large or not a lockfile Hekate reads
   * @throws IOException if the file cannot be read
   */
  public static Lockfile read(Path file) throws LockfileException, IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw tooLarge(file.getFileName() + " is " + size + " bytes");
    }
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      // Bounded again: the file may have grown since its size was asked.
      content = in.readNBytes(MAX_BYTES + 1);
    }
    if (content.length > MAX_BYTES) {
      throw tooLarge(file.getFileName() + " is larger than " + MAX_BYTES + " bytes");
    }
    Path name = file.getFileName();
    return parse(name == null ? "" : name.toString(), content);
  }

  /**
   * Parses lockfile bytes; {@code fileName} ({@code package-lock.json}, {@code yarn.lock}, ...)
   * only sharpens error messages.
   *
   * @throws LockfileException if the content is not a lockfile Hekate reads, or is malformed
   */
  public static Lockfile parse(String fileName, byte[] content) throws LockfileException {
    if (content.length > MAX_BYTES) {
      throw tooLarge(Texts.bounded(fileName) + " is " + content.length + " bytes");
    }
    String what = fileName.isEmpty() ? "lockfile" : Texts.bounded(fileName);
    int start = firstSignificant(content);
    if (start == content.length) {
      throw new LockfileException(what + " is empty; " + KNOWN);
    }
    if (content[start] == '{') {
      return NpmLockfileParser.parse(LockTree.readJson(content, what), what);
    }
    if (YarnClassicParser.hasHeader(content)) {
      return YarnClassicParser.parse(content, what);
    }
    List<LockTree.Node> documents;
    try {
      documents = LockTree.readYaml(content, what);
    } catch (LockfileException e) {
      if (fileName.endsWith(".yaml") || fileName.endsWith(".lock")) {
        throw e;
      }
      throw new LockfileException(e.getMessage() + "; " + KNOWN, e);
    }
    LockTree.Node last = documents.isEmpty() ? null : documents.get(documents.size() - 1);
    if (last instanceof LockTree.Obj obj) {
      if (obj.members().containsKey("__metadata")) {
        if (documents.size() != 1) {
          throw new LockfileException(what + ": a yarn berry lockfile is one YAML document, this has "
              + documents.size());
        }
        return YarnBerryParser.parse(obj, what);
      }
      if (obj.members().containsKey("lockfileVersion")) {
        return PnpmLockfileParser.parse(documents, what);
      }
    }
    throw new LockfileException(what + " is not a lockfile Hekate reads; " + KNOWN);
  }

  private static LockfileException tooLarge(String what) {
    return new LockfileException(what + ", over the limit of " + MAX_BYTES + " bytes for a lockfile");
  }

  /** The index of the first byte that is not whitespace or a UTF-8 byte order mark. */
  private static int firstSignificant(byte[] content) {
    int i = 0;
    if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
        && (content[2] & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\n'
        || content[i] == '\r')) {
      i++;
    }
    return i;
  }
}
