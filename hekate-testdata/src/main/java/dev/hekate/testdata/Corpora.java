package dev.hekate.testdata;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the held-out corpora ({@code ../shared/corpora}, e.g. {@code lockfiles/} with its
 * sources.md), the way {@link RealData} locates the real data: the system property
 * {@code hekate.corpora} wins when set; otherwise {@code ../shared/corpora} is looked for from the
 * working directory and from its parent.
 */
public final class Corpora {

  /** System property naming the corpora directory. */
  public static final String PROPERTY = "hekate.corpora";

  private Corpora() {}

  /** The corpora directory; it may not exist (see {@link #require(String)}). */
  public static Path root() {
    return SharedFolder.locate(PROPERTY, "corpora");
  }

  /** A corpus inside the corpora directory, or the calling test is skipped when it is absent. */
  public static Path require(String corpus) {
    Path root = root();
    Assumptions.assumeTrue(Files.isDirectory(root), "../shared/corpora is absent: skipping corpus tests");
    Path path = root.resolve(corpus);
    Assumptions.assumeTrue(Files.exists(path), corpus + " is absent from ../shared/corpora: skipping");
    return path;
  }
}
