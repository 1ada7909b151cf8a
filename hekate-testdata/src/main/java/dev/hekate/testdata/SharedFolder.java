package dev.hekate.testdata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a folder of {@code ../shared} (the real data, the corpora) for the tests: the system
 * property naming it wins when set (the build sets it); otherwise {@code ../shared/<name>} is
 * looked for from the working directory and from its parent, so it is found from the repository
 * root and from a module directory alike.
 */
final class SharedFolder {
  private SharedFolder() {}

  /** The folder; it may not exist. */
  static Path locate(String property, String name) {
    String configured = System.getProperty(property);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path cwd = Path.of("").toAbsolutePath();
    String relative = "../shared/" + name;
    List<Path> candidates = cwd.getParent() == null
        ? List.of(cwd.resolve(relative))
        : List.of(cwd.resolve(relative), cwd.getParent().resolve(relative));
    return candidates.stream()
        .map(Path::normalize)
        .filter(Files::isDirectory)
        .findFirst()
        .orElse(candidates.get(0).normalize());
  }
}
