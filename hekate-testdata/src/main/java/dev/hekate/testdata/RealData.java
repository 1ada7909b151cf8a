package dev.hekate.testdata;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the recorded real-world data ({@code ../shared/realdata}, see its MANIFEST.md). The
 * system property {@code hekate.realdata} wins when set (the build sets it); otherwise
 * {@code ../shared/realdata} is looked for from the working directory and from its parent, so it is
 * found from the repository root and from a module directory alike.
 */
public final class RealData {

  /** System property naming the real-data directory. */
  public static final String PROPERTY = "hekate.realdata";

  private RealData() {}

  /** The real-data directory; it may not exist (see {@link #require()}). */
  public static Path root() {
    return SharedFolder.locate(PROPERTY, "realdata");
  }

  /** The real-data directory, or the calling test is skipped (a JUnit assumption) when it is absent. */
  public static Path require() {
    Path root = root();
    Assumptions.assumeTrue(Files.isDirectory(root), "../shared/realdata is absent: skipping real-data tests");
    return root;
  }

  /** A file or folder inside the real data, or the calling test is skipped when it is absent. */
  public static Path require(String relative) {
    Path path = require().resolve(relative);
    Assumptions.assumeTrue(Files.exists(path), relative + " is absent from ../shared/realdata: skipping");
    return path;
  }
}
