package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RepositoryUrl}: a packument's {@code repository.url}, in the forms npm accepts, as the https URL it names. */
class RepositoryUrlTest {
  private static final String REPOSITORY = "https://github.com/hekate-test/stages";

  @Test
  void everyFormNpmAcceptsNamesTheSameRepository() {
    for (String form : List.of(REPOSITORY, REPOSITORY + "/", REPOSITORY + ".git", "git+" + REPOSITORY + ".git",
        "git://github.com/hekate-test/stages.git", "git+ssh://git@github.com/hekate-test/stages.git",
        "ssh://git@github.com/hekate-test/stages", "git@github.com:hekate-test/stages.git", "github:hekate-test/stages",
        "hekate-test/stages", "  " + REPOSITORY + "  ")) {
      assertEquals(REPOSITORY, RepositoryUrl.normalise(form), form);
    }
  }

  @Test
  void otherHostsKeepTheirHost() {
    assertEquals("https://gitlab.com/hekate-test/stages", RepositoryUrl.normalise("git+https://gitlab.com/hekate-test/stages.git"));
  }
}
