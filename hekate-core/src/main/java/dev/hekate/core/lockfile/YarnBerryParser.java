package dev.hekate.core.lockfile;

import dev.hekate.core.lockfile.LockTree.Member;
import dev.hekate.core.lockfile.LockTree.Obj;
import dev.hekate.core.lockfile.LockTree.Scalar;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * yarn 2+ ("berry") {@code yarn.lock}: YAML with {@code __metadata.version} 4 to 10. Each other
 * entry is judged by its {@code resolution} locator: {@code name@npm:<version>} is a registry
 * package (an alias already resolves to the real name); {@code patch:<source>#...} is judged as
 * its URL-decoded source locator, so a patched npm package counts as its npm version; workspace,
 * link, portal, file, exec, git, tarball-URL and babel's {@code condition:} placeholder entries are
 * not checkable. Berry's {@code checksum} is a digest of yarn's own zip, not of the npm tarball, so
 * integrity is always empty; berry records no tarball URL either.
 */
final class YarnBerryParser {
  private static final int MIN_VERSION = 4;
  private static final int MAX_VERSION = 10;

  private final String what;
  private final List<LockedPackage> packages = new ArrayList<>();
  private final List<NotCheckable> notCheckable = new ArrayList<>();

  private YarnBerryParser(String what) {
    this.what = what;
  }

  /** A judged locator: a registry name and version, or why not. */
  private record Judgement(String name, String version, String reason) {
    static Judgement not(String reason) {
      return new Judgement("", "", reason);
    }
  }

  static Lockfile parse(Obj doc, String what) throws LockfileException {
    Member metaMember = doc.members().get("__metadata");
    Obj meta = LockTree.object(metaMember.value(), what, "__metadata");
    Member versionMember = meta.members().get("version");
    String version = versionMember != null && versionMember.value() instanceof Scalar s ? s.text() : "";
    int number = version.matches("[0-9]{1,2}") ? Integer.parseInt(version) : -1;
    if (number < MIN_VERSION || number > MAX_VERSION) {
      throw new LockfileException(what + ": unsupported yarn berry __metadata.version \""
          + Texts.bounded(version) + "\" at line " + (versionMember == null ? meta.line() : versionMember.line())
          + "; Hekate reads versions " + MIN_VERSION + " to " + MAX_VERSION);
    }
    YarnBerryParser parser = new YarnBerryParser(what);
    for (Member entry : doc.members().values()) {
      if (!entry.key().equals("__metadata")) {
        parser.readEntry(entry);
      }
    }
    return new Lockfile(LockfileFormat.YARN_BERRY, version, parser.packages, parser.notCheckable);
  }

  private void readEntry(Member member) throws LockfileException {
    String where = "\"" + member.key() + "\"";
    Obj entry = LockTree.object(member.value(), what, where);
    String resolution = LockTree.optionalString(entry, "resolution", what, where)
        .orElseThrow(() -> new LockfileException(what + ": entry " + Texts.bounded(where) + " at line "
            + member.line() + " has no resolution"));
    Judgement judgement = judge(resolution, 0);
    if (judgement.reason() == null && !NpmSpecs.semver(judgement.version())) {
      judgement = Judgement.not("version \"" + Texts.bounded(judgement.version()) + "\" is not semver");
    }
    if (judgement.reason() == null) {
      NpmSpecs.requireValidName(judgement.name(), member.line());
    }
    if (judgement.reason() != null) {
      notCheckable.add(new NotCheckable(member.key(), judgement.reason(), member.line()));
      return;
    }
    packages.add(new LockedPackage(judgement.name(), judgement.version(), Optional.empty(), Optional.empty(),
        member.line()));
  }

  private static Judgement judge(String locator, int depth) {
    NpmSpecs.NameAt nameAt = NpmSpecs.splitAt(locator);
    String reference = nameAt.rest();
    if (reference.startsWith("npm:")) {
      String selector = reference.substring("npm:".length());
      int params = selector.indexOf("::");
      return new Judgement(nameAt.name(), params < 0 ? selector : selector.substring(0, params), null);
    }
    if (reference.startsWith("patch:")) {
      if (depth >= LockfileLimits.MAX_PATCH_DEPTH) {
        return Judgement.not("patch nested too deeply");
      }
      int hash = reference.indexOf('#');
      Optional<String> source = percentDecode(reference.substring("patch:".length(), hash < 0 ? reference.length()
          : hash));
      if (source.isEmpty()) {
        return Judgement.not("patch: with an undecodable source");
      }
      Judgement inner = judge(source.get(), depth + 1);
      return inner.reason() == null ? inner : Judgement.not("patch of a " + inner.reason());
    }
    int colon = reference.indexOf(':');
    String protocol = colon < 0 ? "" : reference.substring(0, colon);
    return switch (protocol) {
      case "workspace" -> Judgement.not("workspace package");
      case "link", "portal", "file", "exec" -> Judgement.not(protocol + ": dependency");
      case "condition" -> Judgement.not("condition: placeholder (its npm target is a separate entry)");
      default -> {
        if (NpmSpecs.isGit(reference) || reference.contains("#commit=") || reference.endsWith(".git")
            || reference.contains(".git#")) {
          yield Judgement.not("git dependency");
        }
        if (protocol.equals("http") || protocol.equals("https")) {
          yield Judgement.not("remote tarball URL");
        }
        yield Judgement.not("unknown protocol \"" + Texts.bounded(protocol.isEmpty() ? reference : protocol) + "\"");
      }
    };
  }

  /** {@code %XX} escapes decoded as UTF-8 ({@code +} stays a plus); empty when malformed. */
  private static Optional<String> percentDecode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '%') {
        out.write(bytes[i]);
        continue;
      }
      if (i + 2 >= bytes.length) {
        return Optional.empty();
      }
      int hi = Character.digit(bytes[i + 1], 16);
      int lo = Character.digit(bytes[i + 2], 16);
      if (hi < 0 || lo < 0) {
        return Optional.empty();
      }
      out.write(hi << 4 | lo);
      i += 2;
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
