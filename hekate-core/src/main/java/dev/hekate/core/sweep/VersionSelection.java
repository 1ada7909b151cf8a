package dev.hekate.core.sweep;

import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.VersionDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which versions of a packument a sweep verifies: those published in the window (by the
 * packument's {@code time}), newest first up to a bound, plus the {@code latest} dist-tag's
 * version always.
 *
 * @param versions oldest first
 * @param skipped versions in the window beyond the bound
 */
record VersionSelection(List<VersionDocument> versions, int skipped) {

  static VersionSelection of(Packument packument, SweepWindow window, int max) {
    Optional<VersionDocument> latest = packument.latest();
    Comparator<VersionDocument> byTime = Comparator.comparing(
        (VersionDocument v) -> packument.publishedAt(v.version()).orElse(Instant.MIN))
        .thenComparing(VersionDocument::version);
    List<VersionDocument> inWindow = packument.versions().values().stream()
        .filter(v -> packument.publishedAt(v.version()).map(window::contains).orElse(false))
        .filter(v -> latest.map(l -> !l.version().equals(v.version())).orElse(true))
        .sorted(byTime)
        .toList();
    int room = latest.isPresent() ? max - 1 : max;
    int skipped = Math.max(0, inWindow.size() - room);
    List<VersionDocument> chosen = new ArrayList<>(inWindow.subList(skipped, inWindow.size()));
    latest.ifPresent(chosen::add);
    chosen.sort(byTime);
    return new VersionSelection(List.copyOf(chosen), skipped);
  }
}
