package dev.hekate.core.lockfile;

import dev.hekate.core.lockfile.LockTree.Member;
import dev.hekate.core.lockfile.LockTree.Node;
import dev.hekate.core.lockfile.LockTree.Obj;
import dev.hekate.core.lockfile.LockTree.Scalar;
import dev.hekate.core.lockfile.LockTree.ScalarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * npm {@code package-lock.json} and {@code npm-shrinkwrap.json}, lockfileVersion 1, 2 and 3.
 * Version 2 and 3 are read from {@code packages} (keyed by install folder); version 1 from the
 * nested {@code dependencies} tree. The rules are arborist's, as the corpus reference applies them:
 * the root, links, folders outside {@code node_modules/}, entries inside a dependency's bundle, and
 * git, {@code file:} and remote-tarball entries are not checkable; an entry with no {@code resolved}
 * is a registry package; an alias is listed under its real name.
 */
final class NpmLockfileParser {
  private static final String NODE_MODULES = "node_modules/";

  private final String what;
  private final List<LockedPackage> packages = new ArrayList<>();
  private final List<NotCheckable> notCheckable = new ArrayList<>();

  private NpmLockfileParser(String what) {
    this.what = what;
  }

  static Lockfile parse(Node root, String what) throws LockfileException {
    Obj doc = LockTree.object(root, what, "the document");
    Member lockfileVersion = doc.members().get("lockfileVersion");
    if (lockfileVersion == null) {
      throw new LockfileException(what + " is JSON without lockfileVersion, so not a lockfile Hekate reads; "
          + Lockfiles.KNOWN);
    }
    int version = version(lockfileVersion, what);
    NpmLockfileParser parser = new NpmLockfileParser(what);
    Optional<Obj> packages = LockTree.optionalObject(doc, "packages", what, "");
    if (version >= 2 && packages.isPresent()) {
      parser.readPackages(packages.get());
    } else {
      Optional<Obj> dependencies = LockTree.optionalObject(doc, "dependencies", what, "");
      if (dependencies.isPresent()) {
        parser.readDependencies(dependencies.get(), "", 0);
      }
    }
    return new Lockfile(LockfileFormat.NPM, Integer.toString(version), parser.packages, parser.notCheckable);
  }

  private static int version(Member member, String what) throws LockfileException {
    if (member.value() instanceof Scalar s && s.type() == ScalarType.NUMBER) {
      switch (s.text()) {
        case "1" -> {
          return 1;
        }
        case "2" -> {
          return 2;
        }
        case "3" -> {
          return 3;
        }
        default -> {
          // fall through to the refusal
        }
      }
    }
    throw new LockfileException(what + ": unsupported npm lockfileVersion " + describe(member.value())
        + " at line " + member.line() + "; Hekate reads lockfileVersion 1, 2 and 3");
  }

  private static String describe(Node node) {
    return node instanceof Scalar s ? Texts.bounded(s.text()) : node.kind();
  }

  /** lockfileVersion 2 and 3: {@code packages}, keyed by install folder. */
  private void readPackages(Obj all) throws LockfileException {
    for (Member m : all.members().values()) {
      String key = m.key();
      String where = "packages[\"" + key + "\"]";
      Obj entry = LockTree.object(m.value(), what, where);
      if (key.isEmpty()) {
        continue; // the root project
      }
      if (LockTree.flag(entry, "link", what, where)) {
        notCheckable.add(new NotCheckable(key, "link (a workspace or local folder symlink)", m.line()));
        continue;
      }
      int lastNodeModules = key.lastIndexOf(NODE_MODULES);
      if (!key.startsWith(NODE_MODULES) && !key.contains("/" + NODE_MODULES)) {
        notCheckable.add(new NotCheckable(key, "local folder (a workspace member), not under node_modules/",
            m.line()));
        continue;
      }
      if (LockTree.flag(entry, "inBundle", what, where) && inDependencyBundle(all, key)) {
        notCheckable.add(new NotCheckable(key, "inside a dependency's bundle (it comes in that dependency's"
            + " tarball)", m.line()));
        continue;
      }
      String folderName = key.substring(lastNodeModules + NODE_MODULES.length());
      String name = LockTree.optionalString(entry, "name", what, where).orElse(folderName);
      Optional<String> version = LockTree.optionalString(entry, "version", what, where);
      Optional<String> resolved = LockTree.optionalString(entry, "resolved", what, where);
      Optional<String> integrity = LockTree.optionalString(entry, "integrity", what, where);
      if (version.isEmpty()) {
        notCheckable.add(new NotCheckable(key, "no version", m.line()));
        continue;
      }
      add(key, name, version.get(), resolved, integrity, m.line());
    }
  }

  /**
   * Arborist's {@code inDepBundle}: the entry is bundled, and the nearest enclosing entry that is
   * not itself bundled (the bundler) is a dependency, not the root project.
   */
  private static boolean inDependencyBundle(Obj all, String key) {
    String k = key;
    for (int step = 0; step < LockfileLimits.MAX_BUNDLE_WALK; step++) {
      Optional<Node> node = all.get(k);
      if (node.isEmpty() || !(node.get() instanceof Obj entry)
          || !(entry.get("inBundle").orElse(null) instanceof Scalar s && s.isTrue())) {
        return true;
      }
      int cut = k.lastIndexOf("/" + NODE_MODULES);
      if (cut < 0) {
        return false; // a top-level entry: the root project's own bundleDependencies, fetched from the registry
      }
      k = k.substring(0, cut);
    }
    return true;
  }

  /** lockfileVersion 1: the nested {@code dependencies} tree. */
  private void readDependencies(Obj dependencies, String parent, int depth) throws LockfileException {
    for (Member m : dependencies.members().values()) {
      String name = m.key();
      String path = parent.isEmpty() ? NODE_MODULES + name : parent + "/" + NODE_MODULES + name;
      String where = "dependencies of " + path;
      Obj entry = LockTree.object(m.value(), what, where);
      Optional<String> version = LockTree.optionalString(entry, "version", what, where);
      Optional<String> resolved = LockTree.optionalString(entry, "resolved", what, where);
      Optional<String> integrity = LockTree.optionalString(entry, "integrity", what, where);
      if (depth > 0 && LockTree.flag(entry, "bundled", what, where)) {
        notCheckable.add(new NotCheckable(path, "inside a dependency's bundle (it comes in that dependency's"
            + " tarball)", m.line()));
      } else if (version.isEmpty()) {
        notCheckable.add(new NotCheckable(path, "no version", m.line()));
      } else if (version.get().startsWith("npm:")) {
        NpmSpecs.NameAt real = NpmSpecs.splitAt(version.get().substring("npm:".length()));
        add(path, real.name(), real.rest(), resolved, integrity, m.line());
      } else {
        add(path, name, version.get(), resolved, integrity, m.line());
      }
      Optional<Obj> nested = LockTree.optionalObject(entry, "dependencies", what, where);
      if (nested.isPresent()) {
        readDependencies(nested.get(), path, depth + 1);
      }
    }
  }

  private void add(String entry, String name, String version, Optional<String> resolved,
      Optional<String> integrity, int line) throws LockfileException {
    Optional<String> reason = resolved.flatMap(NpmLockfileParser::nonRegistryResolved);
    if (reason.isEmpty() && !NpmSpecs.semver(version)) {
      reason = Optional.of(nonSemverReason(version));
    }
    if (reason.isEmpty()) {
      NpmSpecs.requireValidName(name, line);
    }
    if (reason.isPresent()) {
      notCheckable.add(new NotCheckable(entry, reason.get(), line));
      return;
    }
    packages.add(new LockedPackage(name, version, integrity, resolved, line));
  }

  /** Why a {@code resolved} URL is not a registry tarball, or empty when it is one. */
  private static Optional<String> nonRegistryResolved(String resolved) {
    if (NpmSpecs.isGit(resolved)) {
      return Optional.of("git dependency");
    }
    if (resolved.startsWith("file:")) {
      return Optional.of("local file: dependency");
    }
    // A registry tarball is <registry>/<name>/-/<bare name>-<version>.tgz, on any registry host. A
    // registry-shaped URL naming another package or version is still a registry package: verified,
    // and the URL compared with the registry's (lockfile_resolved_mismatch), never skipped.
    int dash = resolved.lastIndexOf("/-/");
    boolean registryShaped = dash >= 0 && resolved.indexOf('/', dash + 3) < 0 && resolved.endsWith(".tgz");
    return registryShaped ? Optional.empty() : Optional.of("remote tarball URL (not a registry tarball)");
  }

  private static String nonSemverReason(String version) {
    return NpmSpecs.nonRegistryKind(version).orElse("version \"" + Texts.bounded(version) + "\" is not semver");
  }
}
