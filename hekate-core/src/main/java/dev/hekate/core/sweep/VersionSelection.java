package dev.hekate.core.sweep;

import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.VersionDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Which versions of a packument a sweep verifies: those published in the window (by the
 * packument's {@code time}), oldest first up to a ceiling, plus the {@code latest} dist-tag's
 * version always. The oldest are kept because a regressed version is followed, not preceded, by
 * the versions an attacker publishes to bury it. One pass over the versions with a heap of at
 * most {@code ceiling} entries: the work is linear in the packument, whatever its size.
 *
 * @param versions oldest first
 * @param published versions published in the window, the latest among them if it is
 * @param deferred versions in the window beyond the ceiling (the newest), not verified
 */
record VersionSelection(List<VersionDocument> versions, int published, int deferred) {

  static VersionSelection of(Packument packument, SweepWindow window, int ceiling) {
    Optional<VersionDocument> latest = packument.latest();
    Comparator<VersionDocument> byTime = Comparator.comparing(
        (VersionDocument v) -> packument.publishedAt(v.version()).orElse(Instant.MIN))
        .thenComparing(VersionDocument::version);
    int room = latest.isPresent() ? ceiling - 1 : ceiling;
    // The newest of the oldest `room` on top, so a version older than it replaces it.
    PriorityQueue<VersionDocument> oldest = new PriorityQueue<>(Math.max(1, room), byTime.reversed());
    int published = 0;
    int others = 0;
    for (VersionDocument v : packument.versions().values()) {
      if (!packument.publishedAt(v.version()).map(window::contains).orElse(false)) {
        continue;
      }
      published++;
      if (latest.map(l -> l.version().equals(v.version())).orElse(false)) {
        continue;
      }
      others++;
      if (oldest.size() < room) {
        oldest.add(v);
      } else if (room > 0 && byTime.compare(v, oldest.peek()) < 0) {
        oldest.poll();
        oldest.add(v);
      }
    }
    List<VersionDocument> chosen = new ArrayList<>(oldest);
    latest.ifPresent(chosen::add);
    chosen.sort(byTime);
    return new VersionSelection(List.copyOf(chosen), published, others - oldest.size());
  }
}
