package dev.hekate.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.json.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchlistTest {
  @TempDir
  Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theTextFormSkipsCommentsAndBlanksAndKeepsRepeatsOnce() throws Exception {
    Watchlist list = Watchlist.parse(utf8("# header\n\nsemver\n  @types/node  \r\nJSONStream\nsemver\n# end\n"), "test");
    assertEquals(List.of("semver", "@types/node", "JSONStream"), list.names());
    assertEquals("test", list.origin());
  }

  @Test
  void anInvalidNameRejectsTheWholeListWithItsLineNumber() {
    WatchlistException e = assertThrows(WatchlistException.class,
        () -> Watchlist.parse(utf8("semver\n# ok\n../etc/passwd\n"), "list.txt"));
    assertTrue(e.getMessage().contains("list.txt line 3"), e.getMessage());
    for (String bad : List.of("na me", "@scope/../x", "_private", "a@1.0.0", "https://evil.test/x")) {
      assertThrows(WatchlistException.class, () -> Watchlist.parse(utf8(bad + "\n"), "t"), bad);
    }
  }

  @Test
  void aTrustExcludeLineGivesExceptionsAndWatchesNothing() throws Exception {
    Watchlist list = Watchlist.parse(utf8("semver\n!trust-exclude axios@0.30.4   @scope/pkg\n"
        + "  !trust-exclude\tnx  \n@types/node\n"), "test");

    assertEquals(List.of("semver", "@types/node"), list.names());
    assertEquals(List.of("axios@0.30.4", "@scope/pkg", "nx"), list.trustExceptions().texts());
    assertTrue(Watchlist.parse(utf8("semver\n"), "t").trustExceptions().isEmpty());
  }

  @Test
  void aMalformedTrustExceptionRejectsTheWholeListWithItsLineNumber() {
    WatchlistException e = assertThrows(WatchlistException.class,
        () -> Watchlist.parse(utf8("semver\n!trust-exclude axios@^1.0.0\n"), "list.txt"));
    assertTrue(e.getMessage().contains("list.txt line 2"), e.getMessage());
    for (String bad : List.of("!trust-exclude", "!trust-exclude foo@", "!trust-exclude foo@latest",
        "!trust-exclude ../x", "!trust-exclude foo,bar", "!trust-excludes foo", "!trust-exclude: foo", "!other foo")) {
      assertThrows(WatchlistException.class, () -> Watchlist.parse(utf8(bad + "\n"), "t"), bad);
    }
  }

  @Test
  void notUtf8OrTooLargeIsRefused() {
    assertThrows(WatchlistException.class, () -> Watchlist.parse(new byte[] {'a', (byte) 0xff, '\n'}, "t"));
    byte[] huge = new byte[Limits.MAX_WATCHLIST_BYTES + 1];
    assertThrows(WatchlistException.class, () -> Watchlist.parse(huge, "t"));
  }

  @Test
  void theEmbeddedListHasTheThousandMostDownloadedPackagesAndSaysHowItWasMade() throws Exception {
    Watchlist list = WatchlistSource.embedded().load();
    assertEquals(1000, list.size());
    assertTrue(list.names().containsAll(List.of("semver", "debug", "minimatch")), list.names().subList(0, 10).toString());
    String text = new String(WatchlistSource.class.getResourceAsStream(WatchlistSource.EMBEDDED_RESOURCE).readAllBytes(),
        StandardCharsets.UTF_8);
    assertTrue(text.startsWith("# Hekate watchlist"), text.substring(0, 60));
    assertTrue(text.contains("Generated 20") && text.contains("downloads_a_month") && text.contains("scripts/generate-watchlist"));
  }

  @Test
  void theEnvironmentOverridesTheFallbackNamesFirstThenAFile() throws Exception {
    Path file = dir.resolve("w.txt");
    Files.writeString(file, "left-pad\n");
    WatchlistSource fallback = () -> Watchlist.ofNames(List.of("fallback"), "fallback");
    assertEquals(List.of("a", "@b/c"), WatchlistSource.fromEnvironment(
        Map.of("HEKATE_WATCHLIST", " a, @b/c ,, ", "HEKATE_WATCHLIST_FILE", file.toString()), fallback).load().names());
    assertEquals(List.of("left-pad"), WatchlistSource.fromEnvironment(
        Map.of("HEKATE_WATCHLIST", "  ", "HEKATE_WATCHLIST_FILE", file.toString()), fallback).load().names());
    assertEquals(List.of("fallback"), WatchlistSource.fromEnvironment(Map.of(), fallback).load().names());
    assertThrows(WatchlistException.class,
        () -> WatchlistSource.fromEnvironment(Map.of("HEKATE_WATCHLIST", "ok,../etc/passwd"), fallback).load());
  }

  @Test
  void anyByteSourcePlugsIn() throws Exception {
    // How the Lambda reads an S3 object: a stream opener and a name for messages.
    WatchlistSource s3 = WatchlistSource.of("s3://bucket/watchlist.txt",
        () -> new ByteArrayInputStream(utf8("express\nreact\n")));
    Watchlist list = s3.load();
    assertEquals(List.of("express", "react"), list.names());
    assertEquals("s3://bucket/watchlist.txt", list.origin());
    WatchlistSource broken = WatchlistSource.of("s3://bucket/missing", () -> {
      throw new IOException("NoSuchKey");
    });
    WatchlistException e = assertThrows(WatchlistException.class, broken::load);
    assertTrue(e.getMessage().contains("s3://bucket/missing") && e.getMessage().contains("NoSuchKey"), e.getMessage());
  }

  @Test
  void aMissingFileSaysWhich() {
    WatchlistException e = assertThrows(WatchlistException.class,
        () -> WatchlistSource.file(dir.resolve("nope.txt")).load());
    assertTrue(e.getMessage().contains("nope.txt"), e.getMessage());
  }
}
