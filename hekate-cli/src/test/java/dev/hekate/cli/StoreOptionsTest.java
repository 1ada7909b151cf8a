package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which store file a command uses: the option, then HEKATE_STORE, then the state directory. */
class StoreOptionsTest {
  private static final Path HOME = Path.of("/home/someone");

  private static Optional<Path> file(Map<String, String> env, String... args) throws UsageException {
    Args parsed = Args.parse(args, Set.of(StoreOptions.NO_STORE), Set.of(StoreOptions.STORE));
    return StoreOptions.file(parsed, env, HOME);
  }

  @Test
  void theOptionWinsThenTheVariableThenTheStateDirectory() throws UsageException {
    assertEquals(Optional.of(Path.of("/tmp/a.db")), file(Map.of("HEKATE_STORE", "/tmp/b.db"), "--store", "/tmp/a.db"));
    assertEquals(Optional.of(Path.of("/tmp/b.db")), file(Map.of("HEKATE_STORE", "/tmp/b.db")));
    assertEquals(Optional.of(Path.of("/state/hekate/verdicts.db")), file(Map.of("XDG_STATE_HOME", "/state")));
    assertEquals(Optional.of(HOME.resolve(".local/state/hekate/verdicts.db")), file(Map.of()));
  }

  @Test
  void noneAndNoStoreKeepNothingAndCannotBeMixedWithAFile() throws UsageException {
    assertEquals(Optional.empty(), file(Map.of("HEKATE_STORE", "none")));
    assertEquals(Optional.empty(), file(Map.of(), "--no-store"));
    assertEquals(Optional.of(Path.of("/tmp/a.db")), file(Map.of("HEKATE_STORE", "none"), "--store", "/tmp/a.db"),
        "an explicit file overrides the variable");
    UsageException both = assertThrows(UsageException.class, () -> file(Map.of(), "--no-store", "--store", "/x"));
    assertTrue(both.getMessage().contains("together"), both.getMessage());
    assertThrows(UsageException.class, () -> file(Map.of(), "--store", " "));
  }
}
