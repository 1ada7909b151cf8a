package dev.hekate.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RealDataTest {

  @Test
  void requireFindsTheManifest() {
    assertTrue(Files.isRegularFile(RealData.require().resolve("MANIFEST.md")));
  }

  @Test
  void withoutThePropertyItIsFoundFromTheModuleOrItsParent() {
    String saved = System.getProperty(RealData.PROPERTY);
    Path configured = RealData.require();
    try {
      System.clearProperty(RealData.PROPERTY);
      // Tests run in hekate-testdata/, so ../shared/realdata is found one level further up.
      assertEquals(configured.toRealPath().toString(), safeReal(RealData.root()));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } finally {
      if (saved != null) {
        System.setProperty(RealData.PROPERTY, saved);
      }
    }
  }

  private static String safeReal(Path p) throws java.io.IOException {
    return Files.exists(p) ? p.toRealPath().toString() : p.toString();
  }
}
