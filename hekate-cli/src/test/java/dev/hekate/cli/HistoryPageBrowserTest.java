package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.lambda.local.LocalServer;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history page in a real browser: headless Chromium loads it from the API over loopback, and
 * the DOM it builds and the picture it paints are checked. Needs {@code chromium} on the PATH;
 * without it the test is skipped with a message, unless the environment variable {@code CI} is
 * set: then it fails (.ci/run installs it).
 */
class HistoryPageBrowserTest {
  private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  void theBrowserShowsTheRowsAndMarks_runsNoScript_andAppliesThePagesOwnStyle() throws Exception {
    Path chromium = chromium();
    try (SqliteVerdictStore store = HistoryFixture.store(dir);
        LocalServer server = HistoryFixture.serve(HistoryFixture.service(Optional.of(store)))) {
      String url = server.url() + "/ui/npm/@acme%2Fwidget";

      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp);
      assertEquals(Optional.of("nosniff"), response.headers().firstValue("X-Content-Type-Options"));
      assertEquals(Optional.of("no-referrer"), response.headers().firstValue("Referrer-Policy"));

      Browser browser = new Browser(chromium, dir);
      String dom = browser.run("--dump-dom", url);
      for (String version : List.of("1.3.0", "1.2.0", "1.1.0", "1.0.0", "0.9.0")) {
        assertTrue(dom.contains("id=\"v-" + version + "\""), version + " has its row");
      }
      assertTrue(dom.contains("<tr class=\"regression drift\" id=\"v-1.2.0\">"), "the regression row is marked");
      assertTrue(dom.contains("<tr class=\"drift\" id=\"v-1.1.0\">"), "the changed answer's row is marked");
      assertTrue(dom.contains("<span class=\"mark regression\">regression</span>"));
      assertTrue(dom.contains("<span class=\"mark changed\">answer changed</span>"));
      assertFalse(dom.toLowerCase(java.util.Locale.ROOT).contains("<script"), "no script element in the DOM");
      assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the markup is text the reader sees");
      assertTrue(dom.contains("&lt;/script&gt;\"'"), "quotes are text too");
      assertTrue(dom.contains("href=\"https://search.sigstore.dev/?logIndex=1001\""));
      assertFalse(dom.contains("href=\"javascript"));

      Path png = Files.createDirectories(Path.of("target", "history-page")).resolve("history-page.png");
      Files.deleteIfExists(png);
      browser.run("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,900", url);
      BufferedImage image = ImageIO.read(png.toFile());
      assertEquals(1280, image.getWidth());
      // The marked rows' backgrounds are painted (a regression with drift #fbdada, drift alone
      // #fff6dc): the policy's hash let the page's style apply.
      assertTrue(hasColour(image, 0xfbdada), "the regression row's style was applied (see " + png + ")");
      assertTrue(hasColour(image, 0xfff6dc), "the drift rows' style was applied (see " + png + ")");
    }
  }

  /** Headless Chromium, one process per call, each with a fresh profile under {@code dir}. */
  record Browser(Path chromium, Path dir) {
    /** Runs it with {@code args} and returns what it printed; fails on a non-zero exit or past the timeout. */
    String run(String... args) throws Exception {
      List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
          "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
      command.addAll(List.of(args));
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        fail("chromium did not finish within " + BROWSER_TIMEOUT + ": " + Files.readString(err));
      }
      assertEquals(0, process.exitValue(), "chromium failed: " + Files.readString(err));
      return Files.readString(out, StandardCharsets.UTF_8);
    }
  }

  private static boolean hasColour(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }

  /** Chromium on the PATH; else the test is skipped, or fails under CI. */
  static Path chromium() {
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dirName.isEmpty() ? "." : dirName, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    String message = "chromium is not on the PATH: the history page's browser test needs it";
    if (System.getenv("CI") != null) {
      fail(message + " (CI is set: .ci/run installs it)");
    }
    Assumptions.abort(message + "; skipped");
    throw new AssertionError("unreachable");
  }
}
