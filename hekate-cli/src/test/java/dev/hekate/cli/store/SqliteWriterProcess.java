package dev.hekate.cli.store;

import dev.hekate.core.store.Check;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The second process of {@link SqliteVerdictStoreTest}: opens the store in {@code args[0]}, says
 * "ready", waits for a line on standard input, then records {@code args[3]} checks of one version
 * (registry {@code args[1]}, name {@code args[2]}), each serving the integrity
 * {@code sha512-child-<i>}, and prints how many changes the store returned.
 */
public final class SqliteWriterProcess {
  private SqliteWriterProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    VersionKey key = new VersionKey(args[1], args[2], "1.0.0");
    int count = Integer.parseInt(args[3]);
    try (VerdictStore store = SqliteVerdictStore.open(file)) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      int changes = 0;
      for (int i = 0; i < count; i++) {
        RegistryAnswer answer = new RegistryAnswer(Optional.of("a"), "sha512-child-" + i, Optional.empty(), "");
        changes += store.record(key, new Check(Instant.ofEpochSecond(1_000_000L + i), "VERIFIED",
            Optional.empty(), false, "{}", answer)).size();
      }
      System.out.println("changes " + changes);
    }
  }
}
