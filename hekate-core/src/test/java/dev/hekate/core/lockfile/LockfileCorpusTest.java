package dev.hekate.core.lockfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.testdata.Corpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The held-out lockfile corpus ({@code ../shared/corpora/lockfiles}, see its sources.md): for each
 * case in cases.tsv, the specs Hekate reads equal the reference answer expected.txt, in order.
 * Skipped when the corpus is absent.
 */
class LockfileCorpusTest {

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesTheReference() throws IOException {
    Path corpus = Corpora.require("lockfiles");
    List<String[]> cases = Files.readAllLines(corpus.resolve("cases.tsv"), StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("\t"))
        .toList();
    assertEquals(14, cases.size(), "cases in cases.tsv");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c[0], () -> {
      Path folder = corpus.resolve(c[0]);
      List<String> expected = Files.readAllLines(folder.resolve("expected.txt"), StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank())
          .toList();
      Lockfile lockfile = Lockfiles.read(folder.resolve(c[1]));
      assertEquals(expected, lockfile.specs(), c[0]);
    }));
  }
}
