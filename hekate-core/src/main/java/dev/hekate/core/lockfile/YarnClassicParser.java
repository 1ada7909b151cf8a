package dev.hekate.core.lockfile;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * yarn 1 {@code yarn.lock} ({@code # yarn lockfile v1}). Its format is not YAML: each entry is a
 * header line of one or more patterns ({@code "a@^1.0.0", a@^1.1.0:}) and indented
 * {@code key value} fields, with {@code dependencies:}-style blocks one level deeper. This reader
 * takes exactly that shape and refuses anything else, repeated patterns and repeated fields
 * included.
 *
 * <p>An entry is a registry package when every pattern asks the registry (a semver range,
 * version or tag, or an {@code npm:} alias, which names the real package); git, GitHub shorthand,
 * {@code file:}, {@code link:}, path and tarball-URL patterns are not checkable. Integrity is the
 * {@code integrity} field, else the sha1 in {@code resolved}'s {@code #} fragment as an SRI
 * {@code sha1-} string; {@code resolved} is kept without the fragment.
 */
final class YarnClassicParser {
  static final String HEADER = "# yarn lockfile v1";
  private static final int HEADER_SCAN_BYTES = 4096;
  private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-f]{40}");

  private final String what;
  private final List<LockedPackage> packages = new ArrayList<>();
  private final List<NotCheckable> notCheckable = new ArrayList<>();

  private YarnClassicParser(String what) {
    this.what = what;
  }

  /** One entry: the header's patterns and line, its fields and blocks. */
  private record Entry(List<String> patterns, int line, Map<String, String> fields,
      Map<String, Map<String, String>> blocks) {}

  /** Whether the leading comment lines include the yarn classic header. */
  static boolean hasHeader(byte[] content) {
    String head = new String(content, 0, Math.min(content.length, HEADER_SCAN_BYTES), StandardCharsets.UTF_8);
    for (String line : withoutByteOrderMark(head).split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.equals(HEADER)) {
        return true;
      }
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        return false;
      }
    }
    return false;
  }

  static Lockfile parse(byte[] content, String what) throws LockfileException {
    YarnClassicParser parser = new YarnClassicParser(what);
    for (Entry entry : parser.entries(withoutByteOrderMark(decode(content, what)))) {
      parser.judge(entry);
    }
    return new Lockfile(LockfileFormat.YARN_CLASSIC, "v1", parser.packages, parser.notCheckable);
  }

  private static String withoutByteOrderMark(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static String decode(byte[] content, String what) throws LockfileException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new LockfileException(what + " is not UTF-8 text");
    }
  }

  private List<Entry> entries(String text) throws LockfileException {
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> patternLines = new HashMap<>();
    Entry current = null;
    Map<String, String> block = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNr = i + 1;
      String line = lines[i].stripTrailing();
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      if (indent < line.length() && line.charAt(indent) == '\t') {
        throw error("a tab in the indentation", lineNr);
      }
      Cursor cursor = new Cursor(line, indent, lineNr);
      if (indent == 0) {
        current = header(cursor, patternLines);
        entries.add(current);
        block = null;
      } else if (indent == 2 && current != null) {
        String key = cursor.token();
        if (cursor.atBlockStart()) {
          if (current.blocks().containsKey(key) || current.fields().containsKey(key)) {
            throw error("field \"" + Texts.bounded(key) + "\" repeated in an entry", lineNr);
          }
          block = new LinkedHashMap<>();
          current.blocks().put(key, block);
        } else {
          String value = cursor.value();
          if (current.fields().containsKey(key) || current.blocks().containsKey(key)) {
            throw error("field \"" + Texts.bounded(key) + "\" repeated in an entry", lineNr);
          }
          current.fields().put(key, value);
          block = null;
        }
      } else if (indent == 4 && block != null) {
        String key = cursor.token();
        String value = cursor.value();
        if (block.putIfAbsent(key, value) != null) {
          throw error("\"" + Texts.bounded(key) + "\" repeated in a block", lineNr);
        }
      } else {
        throw error("unexpected indentation", lineNr);
      }
    }
    return entries;
  }

  private Entry header(Cursor cursor, Map<String, Integer> patternLines) throws LockfileException {
    if (!cursor.line.endsWith(":")) {
      throw error("an entry header must end with ':'", cursor.lineNr);
    }
    Cursor patterns = new Cursor(cursor.line.substring(0, cursor.line.length() - 1), 0, cursor.lineNr);
    List<String> list = new ArrayList<>();
    while (true) {
      String pattern = patterns.pattern();
      if (pattern.isEmpty()) {
        throw error("an empty pattern", cursor.lineNr);
      }
      Integer seen = patternLines.putIfAbsent(pattern, cursor.lineNr);
      if (seen != null) {
        throw error("pattern \"" + Texts.bounded(pattern) + "\" repeated (first at line " + seen + ")",
            cursor.lineNr);
      }
      list.add(pattern);
      if (!patterns.comma()) {
        break;
      }
    }
    return new Entry(List.copyOf(list), cursor.lineNr, new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  private void judge(Entry entry) throws LockfileException {
    String label = String.join(", ", entry.patterns());
    String version = entry.fields().get("version");
    if (version == null) {
      throw error("entry \"" + Texts.bounded(label) + "\" has no version", entry.line());
    }
    Set<String> names = new LinkedHashSet<>();
    String reason = null;
    for (String pattern : entry.patterns()) {
      NpmSpecs.NameAt nameAt = NpmSpecs.splitAt(pattern);
      String range = nameAt.rest();
      if (range.startsWith("npm:")) {
        String target = range.substring("npm:".length());
        int at = target.indexOf('@', target.startsWith("@") ? 1 : 0);
        // npm:^1.0.0 keeps the pattern's own name; npm:real@range names the real package.
        names.add(at < 0 ? nameAt.name() : target.substring(0, at));
        continue;
      }
      Optional<String> kind = nonRegistry(range);
      if (kind.isPresent()) {
        reason = kind.get();
        break;
      }
      names.add(nameAt.name());
    }
    if (reason == null && names.size() != 1) {
      reason = "its patterns name different packages";
    }
    String name = names.isEmpty() ? "" : names.iterator().next();
    if (reason == null && !NpmSpecs.semver(version)) {
      reason = "version \"" + Texts.bounded(version) + "\" is not semver";
    }
    if (reason == null) {
      NpmSpecs.requireValidName(name, entry.line());
    }
    if (reason != null) {
      notCheckable.add(new NotCheckable(label, reason, entry.line()));
      return;
    }
    String resolvedField = entry.fields().get("resolved");
    Optional<String> resolved = Optional.empty();
    Optional<String> fragment = Optional.empty();
    if (resolvedField != null) {
      int hash = resolvedField.indexOf('#');
      resolved = Optional.of(hash < 0 ? resolvedField : resolvedField.substring(0, hash));
      fragment = hash < 0 ? Optional.empty() : Optional.of(resolvedField.substring(hash + 1));
    }
    Optional<String> integrity = Optional.ofNullable(entry.fields().get("integrity"));
    if (integrity.isEmpty() && fragment.isPresent() && SHA1_HEX.matcher(fragment.get()).matches()) {
      integrity = Optional.of("sha1-" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(fragment.get())));
    }
    packages.add(new LockedPackage(name, version, integrity, resolved, entry.line()));
  }

  /** What non-registry source a pattern's range names, or empty for a registry range, version or tag. */
  private static Optional<String> nonRegistry(String range) {
    Optional<String> kind = NpmSpecs.nonRegistryKind(range);
    if (kind.isPresent()) {
      return kind;
    }
    if (range.startsWith("./") || range.startsWith("../") || range.startsWith("/") || range.startsWith("~/")
        || range.endsWith(".tgz") || range.endsWith(".tar.gz") || range.endsWith(".tar")) {
      return Optional.of("local file: dependency");
    }
    if (range.contains("/") || range.contains(":")) {
      return Optional.of("git dependency (hosted-git shorthand)");
    }
    return Optional.empty();
  }

  private LockfileException error(String message, int line) {
    return new LockfileException(what + ": " + message + " at line " + line);
  }

  /** Reads the tokens of one line: quoted strings (JSON escapes) or bare words. */
  private final class Cursor {
    private final String line;
    private final int lineNr;
    private int pos;

    Cursor(String line, int pos, int lineNr) {
      this.line = line;
      this.pos = pos;
      this.lineNr = lineNr;
    }

    /** A key: a quoted string or a bare word ending at a space or a colon. */
    String token() throws LockfileException {
      if (pos < line.length() && line.charAt(pos) == '"') {
        return quoted();
      }
      int start = pos;
      while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != ':') {
        pos++;
      }
      if (pos == start) {
        throw error("a key is missing", lineNr);
      }
      return line.substring(start, pos);
    }

    /** Whether the rest of the line is just {@code :}, opening a block. */
    boolean atBlockStart() {
      return line.substring(pos).strip().equals(":");
    }

    /** The value after a key: a quoted string or the bare rest of the line. */
    String value() throws LockfileException {
      if (pos >= line.length() || line.charAt(pos) != ' ') {
        throw error("a value must follow its key after a space", lineNr);
      }
      while (pos < line.length() && line.charAt(pos) == ' ') {
        pos++;
      }
      if (pos >= line.length()) {
        throw error("a value is missing", lineNr);
      }
      String value;
      if (line.charAt(pos) == '"') {
        value = quoted();
      } else {
        value = line.substring(pos).strip();
        pos = line.length();
      }
      if (!line.substring(pos).isBlank()) {
        throw error("unexpected text after a value", lineNr);
      }
      return value;
    }

    /** One pattern of a header: quoted, or bare up to the next comma. */
    String pattern() throws LockfileException {
      while (pos < line.length() && line.charAt(pos) == ' ') {
        pos++;
      }
      if (pos < line.length() && line.charAt(pos) == '"') {
        return quoted();
      }
      int start = pos;
      while (pos < line.length() && line.charAt(pos) != ',') {
        pos++;
      }
      return line.substring(start, pos).strip();
    }

    /** Consumes a comma between patterns; false at the end of the header. */
    boolean comma() throws LockfileException {
      while (pos < line.length() && line.charAt(pos) == ' ') {
        pos++;
      }
      if (pos >= line.length()) {
        return false;
      }
      if (line.charAt(pos) != ',') {
        throw error("patterns must be separated by commas", lineNr);
      }
      pos++;
      return true;
    }

    private String quoted() throws LockfileException {
      StringBuilder out = new StringBuilder();
      pos++; // the opening quote
      while (pos < line.length()) {
        char c = line.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= line.length()) {
          break;
        }
        char e = line.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (pos + 4 > line.length()) {
              throw error("a truncated \\u escape", lineNr);
            }
            try {
              out.append((char) Integer.parseInt(line.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("a bad \\u escape", lineNr);
            }
            pos += 4;
          }
          default -> throw error("an unknown escape \\" + e, lineNr);
        }
      }
      throw error("an unterminated quoted string", lineNr);
    }
  }
}
