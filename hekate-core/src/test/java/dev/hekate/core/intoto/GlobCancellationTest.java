package dev.hekate.core.intoto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * A glob over a hostile path costs pattern length times path length steps (a few hundred
 * milliseconds for one path of tens of thousands of characters): an interrupted thread stops inside
 * one match, not only between rules, so the API's deadline gives its worker back.
 */
class GlobCancellationTest {
  private static final Glob HOSTILE = Glob.compile("*" + "a".repeat(2_000) + "b");
  private static final String PATH = "a".repeat(20_000);

  @Test
  void aMatchStopsWhenItsThreadIsInterrupted() {
    Thread.currentThread().interrupt();
    try {
      assertThrows(CancellationException.class, () -> HOSTILE.matches(PATH));
    } finally {
      Thread.interrupted(); // clear the flag for the next test
    }
  }

  @Test
  void uninterruptedItAnswers() {
    assertFalse(HOSTILE.matches(PATH));
    assertTrue(Glob.compile("*b").matches(PATH + "b"));
    // Short matches never look at the flag: an interrupted thread still answers them.
    Thread.currentThread().interrupt();
    try {
      assertTrue(Glob.compile("src/*.c").matches("src/main.c"));
    } finally {
      Thread.interrupted();
    }
  }
}
