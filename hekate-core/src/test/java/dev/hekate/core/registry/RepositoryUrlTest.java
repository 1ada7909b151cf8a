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

  @Test
  void trailingSlashesGoWhateverTheyFollow() {
    assertEquals("https://github.com/o/r", RepositoryUrl.withoutTrailingSlashes("https://github.com/o/r///"));
    assertEquals("", RepositoryUrl.withoutTrailingSlashes("///"));
    assertEquals("a/b", RepositoryUrl.withoutTrailingSlashes("a/b"));
  }

  /**
   * 4 MiB of hostile value — slashes that do not end the string, then a run that does — is
   * normalised in linear time. (The regex this replaced took 84 s of CPU on 160,000 slashes; the
   * bound here is far above linear cost and far below quadratic.)
   */
  @Test
  void aHostileValueOfFourMebibytesCostsLinearTime() {
    String hostile = "git+https://github.com/o/r" + "/".repeat(2 << 20) + "x" + "/".repeat(2 << 20);
    String normalised = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
        () -> RepositoryUrl.normalise(hostile));
    assertEquals("https://github.com/o/r" + "/".repeat(2 << 20) + "x", normalised);
  }
}
