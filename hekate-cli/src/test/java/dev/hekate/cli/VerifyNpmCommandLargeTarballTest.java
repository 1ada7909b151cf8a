package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.registry.ServeLargePackage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's memory target: verifying a package with a 100 MB tarball ({@code verify-npm --tarball},
 * the tarball streamed through SHA-512 and SHA-1) keeps the heap under 128 MB. The command line
 * runs in a forked JVM limited to {@code -Xmx128m} (an OutOfMemoryError would fail it) with a GC
 * log, against {@link ServeLargePackage} on loopback in this JVM. {@code scripts/bench-tarball}
 * makes the same measurement through {@code ./hekate} and prints the figures.
 */
class VerifyNpmCommandLargeTarballTest {
  private static final long MB = 1L << 20;
  private static final Pattern PAUSE =
      Pattern.compile("Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
  /** The heap at exit: {@code gc+exit} on JDK 23+, {@code gc+heap+exit} before. */
  private static final Pattern AT_EXIT = Pattern.compile("heap .*used (\\d+)K");

  @TempDir
  Path dir;

  @Test
  void aHundredMegabyteTarballVerifiesInA128MegabyteHeap() throws Exception {
    FakeSigstore sigstore = FakeSigstore.create();
    Files.write(dir.resolve("trusted_root.json"), sigstore.trustedRootJson());
    Files.write(dir.resolve("npm_keys.json"), sigstore.npmKeysJson());
    Path gcLog = dir.resolve("gc.log");
    try (ServeLargePackage registry = ServeLargePackage.start(sigstore, "large-tarball", "1.0.0", 100 * MB)) {
      assertTrue(registry.tarballSize() >= 100 * MB, "tarball of " + registry.tarballSize() + " bytes");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx128m", "-Xlog:gc,gc+exit,gc+heap+exit:file=" + gcLog,
          "-cp", System.getProperty("java.class.path"),
          Main.class.getName(),
          "verify-npm", "--registry", registry.baseUrl().toString(), "--tarball", "--json",
          "--trusted-root", dir.resolve("trusted_root.json").toString(),
          "--npm-keys", dir.resolve("npm_keys.json").toString(),
          registry.spec()));
      long start = System.nanoTime();
      Process process = new ProcessBuilder(command)
          .redirectOutput(dir.resolve("out.txt").toFile())
          .redirectError(dir.resolve("err.txt").toFile())
          .start();
      boolean done = process.waitFor(120, TimeUnit.SECONDS);
      if (!done) {
        process.destroyForcibly();
      }
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
      String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
      assertTrue(done, "verify-npm did not finish in 120 s");
      assertEquals(0, process.exitValue(), out + err);

      JsonNode verdict = Json.mapper().readTree(out.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow());
      assertEquals("VERIFIED", verdict.path("status").asText(), out);
      boolean tarballChecked = false;
      for (JsonNode check : verdict.path("checks")) {
        if (check.path("id").asText().equals("npm.tarball")) {
          assertEquals("PASSED", check.path("outcome").asText(), out);
          tarballChecked = true;
        }
      }
      assertTrue(tarballChecked, "npm.tarball did not run: " + out);
      assertEquals(1, registry.tarballRequests());

      long peakAfter = 0;
      long peakBefore = 0;
      long atExit = -1;
      int pauses = 0;
      for (String line : Files.readAllLines(gcLog)) {
        Matcher pause = PAUSE.matcher(line);
        if (pause.find()) {
          pauses++;
          peakBefore = Math.max(peakBefore, bytes(pause.group(1), pause.group(2)));
          peakAfter = Math.max(peakAfter, bytes(pause.group(3), pause.group(4)));
        }
        Matcher exit = AT_EXIT.matcher(line);
        if (exit.find() && atExit < 0) {
          atExit = Long.parseLong(exit.group(1)) << 10;
        }
      }
      assertTrue(atExit >= 0, "no heap figure at exit in the GC log");
      // Occupancy (live data and garbage) only falls at a GC: its peak is the larger of these two.
      long peakInUse = Math.max(peakBefore, atExit);
      System.out.printf("100 MB tarball (%d bytes): VERIFIED in %d ms (JVM start included) at -Xmx128m;"
          + " %d GC pause(s), heap peak after GC %d MB, peak in use %d MB%n",
          registry.tarballSize(), wall.toMillis(), pauses, peakAfter / MB, peakInUse / MB);
      // The whole tarball was never on the heap, not even as garbage.
      assertTrue(peakInUse < registry.tarballSize(), "heap in use reached " + peakInUse / MB + " MB");
    }
  }

  private static long bytes(String value, String unit) {
    long n = Long.parseLong(value);
    return switch (unit) {
      case "K" -> n << 10;
      case "M" -> n << 20;
      default -> n << 30;
    };
  }
}
