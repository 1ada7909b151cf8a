package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help on every command, and base URLs refused as usage errors before any client is built. */
class CliUsageTest {

  @ParameterizedTest
  @ValueSource(strings = {"verify-bundle", "verify-artifact", "verify-layout", "verify-npm", "serve", "sweep"})
  void dashHPrintsTheCommandsHelp(String command) {
    CliRun run = CliRun.of(command, "-h");
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().startsWith("Usage:") && run.out().contains("hekate " + command), run::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://user:secret@registry.example/", "https://registry.example/?token=x",
      "https://registry.example/#top", "ftp://registry.example/", "https:///nohost"})
  void aRegistryUrlTheClientWouldRefuseIsAUsageError(String url) throws Exception {
    java.nio.file.Path watchlist = java.nio.file.Files.createTempFile("watchlist", ".txt");
    java.nio.file.Files.writeString(watchlist, "left-pad\n");
    for (String[] args : new String[][] {
        {"verify-npm", "--registry", url, "left-pad@1.3.0"},
        {"sweep", "--registry", url, "--watchlist", watchlist.toString()},
        {"serve", "--registry", url, "--port", "0"}}) {
      CliRun run = CliRun.of(args);
      assertEquals(2, run.exit(), () -> String.join(" ", args) + "\n" + run);
      assertTrue(run.err().contains("--registry"), run::toString);
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
    }
  }
}
