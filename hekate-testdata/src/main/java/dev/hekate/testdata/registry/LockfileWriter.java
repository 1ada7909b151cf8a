package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * Writes an npm {@code package-lock.json} (lockfileVersion 3) pinning every published version of
 * the given packages in a {@link FakeRegistry}, with the registry's tarball URL as {@code resolved}
 * and its integrity, as npm would write it after installing from that registry. Each version is a
 * separate {@code node_modules} entry (nested under its package's folder when a package has several
 * versions), so that the lockfile resolves exactly the published set.
 */
public final class LockfileWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LockfileWriter() {}

  /** The lockfile's text, two-space indented like npm's. */
  public static String packageLock(FakeRegistry registry, Collection<String> names) {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", "hekate-fixture");
    root.put("version", "1.0.0");
    root.put("lockfileVersion", 3);
    root.put("requires", true);
    ObjectNode packages = root.putObject("packages");
    ObjectNode project = packages.putObject("");
    project.put("name", "hekate-fixture");
    project.put("version", "1.0.0");
    ObjectNode dependencies = project.putObject("dependencies");
    int holder = 0;
    for (String name : names) {
      boolean first = true;
      for (PackageVersion version : registry.versions(name)) {
        String path = "node_modules/" + name;
        if (first) {
          dependencies.put(name, "^" + version.version());
        } else {
          // Another version of the same package: nested under a dependent that needs it.
          path = "node_modules/hekate-holder-" + holder++ + "/node_modules/" + name;
        }
        first = false;
        ObjectNode entry = packages.putObject(path);
        entry.put("version", version.version());
        entry.put("resolved", registry.tarballUrl(name, version.version()));
        version.integrity().ifPresent(i -> entry.put("integrity", i));
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
