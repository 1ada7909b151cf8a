package dev.hekate.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hekate.core.json.Limits;
import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.VersionDocument;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionSelectionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** A packument whose versions were published at the given minutes after T0, latest the last given. */
  private static Packument packument(String latest, Object... versionMinute) {
    Map<String, VersionDocument> versions = new LinkedHashMap<>();
    Map<String, Instant> time = new LinkedHashMap<>();
    for (int i = 0; i < versionMinute.length; i += 2) {
      String v = (String) versionMinute[i];
      versions.put(v, new VersionDocument("p", v, new Dist(Optional.empty(), "", "", Optional.empty(), Optional.empty(),
          List.of()), Optional.empty(), Optional.empty(), Optional.empty()));
      if (versionMinute[i + 1] != null) {
        time.put(v, T0.plusSeconds(60L * (Integer) versionMinute[i + 1]));
      }
    }
    Map<String, String> tags = latest == null ? Map.of() : Map.of("latest", latest);
    return new Packument("p", tags, versions, time, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static List<String> selected(Packument p, SweepWindow w, int max) {
    return VersionSelection.of(p, w, max).versions().stream().map(VersionDocument::version).toList();
  }

  @Test
  void versionsPublishedInTheWindowAndTheLatestOldestFirst() {
    // 1.0.0 long before, 1.1.0 and 2.0.0-beta in the window, 1.2.0 (latest) after the window ends.
    Packument p = packument("1.2.0", "1.0.0", -600, "1.1.0", 5, "2.0.0-beta.1", 30, "1.2.0", 90);
    SweepWindow window = new SweepWindow(T0, T0.plusSeconds(3600));
    assertEquals(List.of("1.1.0", "2.0.0-beta.1", "1.2.0"), selected(p, window, 25));
  }

  @Test
  void theWindowIncludesItsStartAndExcludesItsEnd() {
    Packument p = packument("9.9.9", "1.0.0", 0, "1.1.0", 60, "9.9.9", -1000);
    assertEquals(List.of("9.9.9", "1.0.0"), selected(p, new SweepWindow(T0, T0.plusSeconds(3600)), 25));
  }

  @Test
  void theLatestIsVerifiedEvenWhenNothingIsNewAndNeverTwice() {
    assertEquals(List.of("1.0.0"), selected(packument("1.0.0", "0.9.0", -500, "1.0.0", -400),
        new SweepWindow(T0, T0.plusSeconds(3600)), 25));
    assertEquals(List.of("1.0.0"), selected(packument("1.0.0", "1.0.0", 10),
        new SweepWindow(T0, T0.plusSeconds(3600)), 25));
  }

  /** {@code count} versions 1.0.0, 1.0.1, … published one a second from T0; the last is latest. */
  private static Packument flood(int count) {
    Object[] flood = new Object[2 * count];
    for (int i = 0; i < count; i++) {
      flood[2 * i] = "1.0." + i;
      flood[2 * i + 1] = 0;
    }
    Packument minutes = packument("1.0." + (count - 1), flood);
    Map<String, Instant> time = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      time.put("1.0." + i, T0.plusSeconds(i));
    }
    return new Packument("p", minutes.distTags(), minutes.versions(), time, Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  @Test
  void overTheCeilingTheOldestAndTheLatestAreVerifiedAndTheNewestCountedAsDeferred() {
    VersionSelection s = VersionSelection.of(flood(40), new SweepWindow(T0, T0.plusSeconds(3600)), 5);
    // The oldest are kept: a regressed version comes before the versions that bury it.
    assertEquals(List.of("1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.39"),
        s.versions().stream().map(VersionDocument::version).toList());
    assertEquals(40, s.published());
    assertEquals(35, s.deferred());
  }

  @Test
  void atTheCeilingNothingIsDeferred() {
    VersionSelection s = VersionSelection.of(flood(5), new SweepWindow(T0, T0.plusSeconds(3600)), 5);
    assertEquals(5, s.versions().size());
    assertEquals(5, s.published());
    assertEquals(0, s.deferred());
  }

  @Test
  void aPackumentOfTheMostVersionsCostsOnePassAndTheCeiling() {
    int count = Limits.MAX_PACKUMENT_VERSIONS;
    VersionSelection s = VersionSelection.of(flood(count), new SweepWindow(T0, T0.plusSeconds(count)),
        Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE);
    assertEquals(Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE, s.versions().size());
    assertEquals("1.0.0", s.versions().get(0).version());
    assertEquals("1.0." + (count - 1), s.versions().get(s.versions().size() - 1).version());
    assertEquals(count, s.published());
    assertEquals(count - Limits.MAX_SWEEP_VERSIONS_PER_PACKAGE, s.deferred());
  }

  @Test
  void noLatestTagAndNoTimesMeansOnlyTimedVersionsInTheWindow() {
    Packument p = packument(null, "1.0.0", null, "1.1.0", 3);
    assertEquals(List.of("1.1.0"), selected(p, new SweepWindow(T0, T0.plusSeconds(3600)), 25));
  }

  @Test
  void aWindowThatEndsBeforeItStartsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SweepWindow(T0, T0.minusSeconds(1)));
  }
}
