package dev.hekate.core.lockfile;

import dev.hekate.core.lockfile.LockTree.Member;
import dev.hekate.core.lockfile.LockTree.Node;
import dev.hekate.core.lockfile.LockTree.Obj;
import dev.hekate.core.lockfile.LockTree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pnpm-lock.yaml}, lockfileVersion 6.x to 9.x, one document or two (pnpm 11 writes an
 * "env" document for the package manager itself, then the main one; both are read).
 *
 * <p>Each {@code packages} entry is one package: its key is a dependency path
 * ({@code /name@version(peers)} in 6.x, {@code name@version} in 9.x, where the peer and
 * {@code patch_hash} variants live under {@code snapshots}). Importers are projects, not packages,
 * and {@code link:} dependencies live only there. An entry is a registry package when its path
 * gives an exact semver version and its resolution is registry-shaped (no {@code type}, no
 * {@code file:} tarball, no git-hosted tarball); an {@code npm:} alias already has the real name
 * in its key.
 */
final class PnpmLockfileParser {
  private static final Pattern VERSION = Pattern.compile("([0-9]{1,3})(?:\\.([0-9]{1,3}))?");
  private static final Pattern GIT_HOSTED_TARBALL =
      Pattern.compile("^https://(codeload\\.github\\.com|bitbucket\\.org|gitlab\\.com)/.*");

  private final String what;
  private final List<LockedPackage> packages = new ArrayList<>();
  private final List<NotCheckable> notCheckable = new ArrayList<>();

  private PnpmLockfileParser(String what) {
    this.what = what;
  }

  static Lockfile parse(List<Node> documents, String what) throws LockfileException {
    if (documents.size() > 2) {
      throw new LockfileException(what + " has " + documents.size() + " YAML documents; a pnpm lockfile has"
          + " one, or two (pnpm 11's env document, then the main one)");
    }
    PnpmLockfileParser parser = new PnpmLockfileParser(what);
    String formatVersion = "";
    for (Node document : documents) {
      Obj doc = LockTree.object(document, what, "a YAML document");
      formatVersion = parser.readDocument(doc);
    }
    return new Lockfile(LockfileFormat.PNPM, formatVersion, parser.packages, parser.notCheckable);
  }

  /** Reads one document and returns its lockfileVersion. */
  private String readDocument(Obj doc) throws LockfileException {
    Member versionMember = doc.members().get("lockfileVersion");
    if (versionMember == null) {
      throw new LockfileException(what + ": a YAML document starting at line " + doc.line()
          + " has no lockfileVersion");
    }
    String version = versionMember.value() instanceof Scalar s ? s.text() : versionMember.value().kind();
    Matcher m = VERSION.matcher(version);
    int major = m.matches() ? Integer.parseInt(m.group(1)) : -1;
    if (major < 6 || major > 9) {
      throw new LockfileException(what + ": unsupported pnpm lockfileVersion \"" + Texts.bounded(version)
          + "\" at line " + versionMember.line() + "; Hekate reads lockfileVersion 6.x to 9.x");
    }
    Optional<Obj> all = LockTree.optionalObject(doc, "packages", what, "");
    if (all.isPresent()) {
      for (Member entry : all.get().members().values()) {
        readPackage(entry, major);
      }
    }
    Optional<Obj> snapshots = LockTree.optionalObject(doc, "snapshots", what, "");
    if (snapshots.isPresent()) {
      for (Member snapshot : snapshots.get().members().values()) {
        String base = withoutSuffixes(snapshot.key());
        if (all.isEmpty() || !all.get().members().containsKey(base)) {
          throw new LockfileException(what + ": snapshot \"" + Texts.bounded(snapshot.key()) + "\" at line "
              + snapshot.line() + " has no packages entry \"" + Texts.bounded(base) + "\"");
        }
        if (!LockTree.isNull(snapshot.value())) {
          LockTree.object(snapshot.value(), what, "snapshots[\"" + snapshot.key() + "\"]");
        }
      }
    }
    return version;
  }

  private void readPackage(Member member, int major) throws LockfileException {
    String key = member.key();
    String where = "packages[\"" + key + "\"]";
    Obj entry = LockTree.object(member.value(), what, where);
    Optional<Obj> resolution = LockTree.optionalObject(entry, "resolution", what, where);
    Optional<String> integrity = Optional.empty();
    Optional<String> tarball = Optional.empty();
    Optional<String> type = Optional.empty();
    boolean gitHosted = false;
    if (resolution.isPresent()) {
      String at = where + ".resolution";
      integrity = LockTree.optionalString(resolution.get(), "integrity", what, at);
      tarball = LockTree.optionalString(resolution.get(), "tarball", what, at);
      type = LockTree.optionalString(resolution.get(), "type", what, at);
      gitHosted = LockTree.flag(resolution.get(), "gitHosted", what, at);
    }
    // 6.x keys of registry packages are registry-relative paths (/name@version); others are not.
    boolean registryPath = major >= 7 || key.startsWith("/");
    String path = major < 7 && key.startsWith("/") ? key.substring(1) : key;
    NpmSpecs.NameAt nameAt = NpmSpecs.splitAt(withoutSuffixes(path));
    String version = nameAt.rest();
    String reason = null;
    if (version.startsWith("runtime:")) {
      reason = "pnpm runtime: (a runtime binary such as Node.js, not an npm registry package)";
    } else if (type.isPresent()) {
      reason = switch (type.get()) {
        case "directory" -> "local directory (file: folder)";
        case "git" -> "git dependency";
        default -> "resolution type \"" + Texts.bounded(type.get()) + "\"";
      };
    } else if (tarball.isPresent() && tarball.get().startsWith("file:")) {
      reason = "local file: tarball";
    } else if (gitHosted || tarball.isPresent() && GIT_HOSTED_TARBALL.matcher(tarball.get()).matches()) {
      reason = "git-hosted tarball";
    } else if (!registryPath) {
      reason = "not a registry package path";
    } else if (!NpmSpecs.semver(version)) {
      reason = NpmSpecs.nonRegistryKind(version)
          .orElse(tarball.isPresent() ? "remote tarball URL" : "version \"" + Texts.bounded(version)
              + "\" is not semver");
    } else {
      NpmSpecs.requireValidName(nameAt.name(), member.line());
    }
    if (reason != null) {
      notCheckable.add(new NotCheckable(key, reason, member.line()));
      return;
    }
    packages.add(new LockedPackage(nameAt.name(), version, integrity, tarball, member.line()));
  }

  /** A dependency path without its peer and {@code patch_hash} suffixes: {@code a@1.0.0(b@2.0.0)} is {@code a@1.0.0}. */
  private static String withoutSuffixes(String path) {
    int paren = path.indexOf('(');
    return paren < 0 ? path : path.substring(0, paren);
  }
}
