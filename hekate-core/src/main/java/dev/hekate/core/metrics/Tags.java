package dev.hekate.core.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Metric and event tags, {@code key:value}, normalised here exactly as Datadog would store them,
 * so that what tests, monitors and dashboards expect is what Hekate sends: lower case; every
 * character other than {@code a-z 0-9 _ - : . /} becomes {@code _}; at most
 * {@value #MAX_TAG_LENGTH} characters. An npm scope's {@code @} therefore reads {@code _}:
 * {@code package:_playwright/cli}.
 */
public final class Tags {
  /** Datadog keeps at most this many characters of a tag. */
  public static final int MAX_TAG_LENGTH = 200;

  private Tags() {}

  /** {@code key:value}, normalised. */
  public static String tag(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return normalise(key + ":" + value);
  }

  /** A tag normalised as described in the class comment. */
  public static String normalise(String tag) {
    String lower = tag.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(Math.min(lower.length(), MAX_TAG_LENGTH));
    for (int i = 0; i < lower.length() && out.length() < MAX_TAG_LENGTH; i++) {
      char c = lower.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == ':' || c == '.' || c == '/';
      out.append(allowed ? c : '_');
    }
    return out.toString();
  }

  /** The tags normalised, sorted and without duplicates: the identity of a series. */
  public static List<String> canonical(Collection<String> tags) {
    List<String> out = new ArrayList<>(tags.size());
    for (String tag : tags) {
      String t = normalise(Objects.requireNonNull(tag, "tag"));
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    out.sort(null);
    return List.copyOf(out);
  }
}
