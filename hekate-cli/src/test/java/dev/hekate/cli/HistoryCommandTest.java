package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.json.Json;
import dev.hekate.core.store.PackageHistory;
import dev.hekate.core.store.PackageHistoryJson;
import dev.hekate.core.store.VersionKey.PackageKey;
import dev.hekate.core.text.UntrustedText;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hekate history}: the table, --json, the exit codes. */
class HistoryCommandTest {

  @TempDir
  Path dir;

  private Path filled() throws Exception {
    try (SqliteVerdictStore store = HistoryFixture.store(dir)) {
      return store.file();
    }
  }

  @Test
  void theTable_listsEveryVersionNewestFirst_withMarks_andEscapesControlCharacters() throws Exception {
    CliRun run = CliRun.of("history", HistoryFixture.NAME, "--store", filled().toString());

    assertEquals(0, run.exit(), run.toString());
    String out = run.out();
    assertTrue(out.startsWith("History of @acme/widget on https://registry.npmjs.org/: 5 versions, newest first"), out);
    assertTrue(out.indexOf("1.3.0") < out.indexOf("1.2.0") && out.indexOf("1.2.0") < out.indexOf("1.1.0")
        && out.indexOf("1.1.0") < out.indexOf("1.0.0 ") && out.indexOf("1.0.0 ") < out.indexOf("0.9.0"), out);
    assertTrue(line(out, "1.2.0").contains("regression"), out);
    assertTrue(line(out, "1.2.0").contains("MISSING"), out);
    assertTrue(line(out, "1.1.0").contains("answer changed"), out);
    assertTrue(out.contains("answer changed 2026-05-01T01:00:00Z: integrity sha512-first -> sha512-second"), out);
    assertTrue(out.contains("finding repository_changed: moved to <script>alert(1)</script> \"'\\x1b[31m"), out);
    assertFalse(out.contains("\u001b"), "no raw escape character reaches the terminal");
    assertTrue(out.contains("problem: the stored verdict cannot be read"), out);
  }

  @Test
  void json_isTheEndpointsDocument() throws Exception {
    Path file = filled();
    CliRun run = CliRun.of("history", "@acme/widget", "--store", file.toString(), "--json", "--limit", "3");

    assertEquals(0, run.exit(), run.toString());
    try (SqliteVerdictStore store = SqliteVerdictStore.open(file)) {
      String expected = PackageHistoryJson.toJsonLine(PackageHistory.load(store,
          new PackageKey(HistoryFixture.REGISTRY, HistoryFixture.NAME), 3));
      assertEquals(Json.mapper().readTree(expected), run.jsonLines().get(0));
    }
    assertEquals(2, run.jsonLines().get(0).path("omitted").asInt());
    assertEquals(1, run.jsonLines().size());
  }

  @Test
  void aPackageWithNoStoredVersion_exits1WithAMessage() throws Exception {
    CliRun run = CliRun.of("history", "express", "--store", filled().toString());
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().contains("no version of express on https://registry.npmjs.org/ is stored"), run.err());
    assertEquals("", run.out());

    CliRun otherRegistry = CliRun.of("history", HistoryFixture.NAME, "--store", dir.resolve("verdicts.db").toString(),
        "--registry", "https://mirror.example/");
    assertEquals(1, otherRegistry.exit(), otherRegistry.toString());
  }

  @Test
  void aStoreFileThatDoesNotExist_exits1_andIsNotCreated() {
    Path missing = dir.resolve("none").resolve("verdicts.db");
    CliRun run = CliRun.of("history", "express", "--store", missing.toString());
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().contains("no verdict store at"), run.err());
    assertFalse(Files.exists(missing));
  }

  @Test
  void usageAndStoreErrors_exit2() throws Exception {
    Path file = filled();
    Path notADatabase = Files.writeString(dir.resolve("text.db"), "this is not a SQLite database, it is text");
    String[][] bad = {
        {"history"},
        {"history", "a", "b", "--store", file.toString()},
        {"history", "express@1.0.0", "--store", file.toString()},
        {"history", "_bad", "--store", file.toString()},
        {"history", "express", "--store", file.toString(), "--limit", "0"},
        {"history", "express", "--store", file.toString(), "--limit", "1001"},
        {"history", "express", "--no-store"},
        {"history", "express", "--store", file.toString(), "--registry", "ftp://x/"},
        {"history", "express", "--store", notADatabase.toString()},
    };
    for (String[] args : bad) {
      CliRun run = CliRun.of(args);
      assertEquals(2, run.exit(), String.join(" ", args) + "\n" + run);
      assertTrue(run.err().startsWith("hekate history: "), run.err());
      assertFalse(run.err().contains("\tat "), "no stack trace");
    }
  }

  @Test
  void help_andTheCommandList() {
    CliRun help = CliRun.of("history", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("Usage: hekate history PACKAGE"));
    assertTrue(help.out().contains("1 no version of PACKAGE is stored"));
    assertTrue(CliRun.of("help").out().contains("history "));
  }

  @Test
  void escaping_isOneStepForEveryWriter() {
    assertEquals("a\\x1b[31mb\\x07\\\\n\\x0a", UntrustedText.terminal("a\u001b[31mb\u0007\\n\n"));
    assertEquals("\\u202eevil", UntrustedText.terminal("\u202eevil"));
    assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\\x00",
        UntrustedText.html("<a href=\"x\" title='y'>&\u0000"));
    String longText = "x".repeat(5000);
    assertEquals(UntrustedText.MAX_LENGTH + 1,
        UntrustedText.terminal(longText).length(), "bounded, with a mark");
  }

  private static String line(String out, String version) {
    for (String line : out.split("\n")) {
      if (line.startsWith(version + " ")) {
        return line;
      }
    }
    return "";
  }
}
