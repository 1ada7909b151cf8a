package dev.hekate.core.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An event for a person: what happened to which package version, with the evidence behind it.
 *
 * @param title one line, at most {@value #MAX_TITLE} characters
 * @param text Markdown, at most {@value #MAX_TEXT} characters (longer text is cut with a note)
 * @param aggregationKey groups the events of one package version (at most {@value #MAX_KEY} characters)
 * @param tags normalised and sorted ({@link Tags#canonical})
 */
public record AlertEvent(String title, String text, Level level, String aggregationKey, Instant happenedAt,
    List<String> tags) {

  /** Datadog's limit on an event title. */
  public static final int MAX_TITLE = 100;
  /** Datadog's limit on an event text (4,000) less room for a platform's markup. */
  public static final int MAX_TEXT = 3900;
  /** Datadog's limit on an aggregation key. */
  public static final int MAX_KEY = 100;

  /** How loud the event is. */
  public enum Level {
    ERROR,
    WARNING,
    INFO
  }

  public AlertEvent {
    // One null check per component: records validate what they hold.
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(aggregationKey, "aggregationKey");
    Objects.requireNonNull(happenedAt, "happenedAt");
    tags = Tags.canonical(tags);
    if (title.length() > MAX_TITLE) {
      title = title.substring(0, MAX_TITLE - 1) + "…";
    }
    if (aggregationKey.length() > MAX_KEY) {
      aggregationKey = aggregationKey.substring(0, MAX_KEY);
    }
    if (text.length() > MAX_TEXT) {
      String note = "\n… (cut: the full verdict is in the sweep's output)";
      text = text.substring(0, MAX_TEXT - note.length()) + note;
    }
  }
}
