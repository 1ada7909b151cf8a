package dev.hekate.core.rekor;

import dev.hekate.core.encoding.Encoding;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Rekor v1 entry id, checked before it goes anywhere near a URL: 64 lower-case hex digits (the
 * entry's leaf hash), or 80 (a 16-digit tree id, then the leaf hash). Nothing else a log answers
 * can become a path segment.
 *
 * @param hex the id as the log wrote it
 */
public record EntryUuid(String hex) {
  private static final Pattern FORM = Pattern.compile("([0-9a-f]{16})?[0-9a-f]{64}");

  public EntryUuid {
    Objects.requireNonNull(hex, "hex");
    if (!FORM.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a Rekor entry UUID");
    }
  }

  /** {@code text} as an entry id, or empty when it is not one. */
  public static Optional<EntryUuid> parse(String text) {
    return text != null && FORM.matcher(text).matches() ? Optional.of(new EntryUuid(text)) : Optional.empty();
  }

  /** The leaf hash part: the RFC 6962 hash of the entry's canonicalized body. */
  public byte[] leafHash() {
    return Encoding.hex(hex.substring(hex.length() - 64)).orElseThrow();
  }

  /** Whether {@code other} names the same entry: the same leaf hash, and the same tree where both say. */
  public boolean sameEntry(EntryUuid other) {
    String mine = hex.substring(hex.length() - 64);
    String theirs = other.hex.substring(other.hex.length() - 64);
    if (!mine.equals(theirs)) {
      return false;
    }
    return hex.length() != 80 || other.hex.length() != 80 || hex.equals(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
