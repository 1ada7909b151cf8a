package dev.hekate.core.sweep;

import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The npm packages a sweep looks at, in order, each once.
 *
 * <p>Text form: UTF-8, one package name per line; blank lines and lines starting with {@code #}
 * are ignored, surrounding whitespace is trimmed, a repeated name is kept once. Every name must be
 * a valid npm package name ({@link PackageSpec#isValidName}); a bad line rejects the whole list,
 * with its line number, rather than sweeping a list nobody meant. At most
 * {@value Limits#MAX_WATCHLIST_NAMES} names and {@value Limits#MAX_WATCHLIST_BYTES} bytes.
 *
 * <p>A line {@value #TRUST_EXCLUDE} followed by one or more entries, {@code NAME} or
 * {@code NAME@VERSION} separated by whitespace, gives trust exceptions ({@link TrustExceptions}):
 * downgrades the sweep records as excepted, not as regressions. The line watches nothing by
 * itself. No valid name contains whitespace, so no list that was valid before means anything else
 * now; only a package literally named {@value #TRUST_EXCLUDE} cannot be listed. A malformed entry
 * rejects the whole list like a bad name.
 *
 * @param names valid package names, without duplicates
 * @param origin where the list came from, for people ({@code embedded}, a path, an S3 URI)
 * @param trustExceptions the list's trust exceptions
 */
public record Watchlist(List<String> names, String origin, TrustExceptions trustExceptions) {
  /** The directive that opens a line of trust exceptions. */
  public static final String TRUST_EXCLUDE = "!trust-exclude";

  public Watchlist {
    names = List.copyOf(names);
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(trustExceptions, "trustExceptions");
    if (names.size() > Limits.MAX_WATCHLIST_NAMES) {
      throw new IllegalArgumentException("a watchlist holds at most " + Limits.MAX_WATCHLIST_NAMES + " names");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String name : names) {
      if (!PackageSpec.isValidName(name) || !seen.add(name)) {
        throw new IllegalArgumentException("invalid or repeated package name in a watchlist");
      }
    }
  }

  /** A list without trust exceptions. */
  public Watchlist(List<String> names, String origin) {
    this(names, origin, TrustExceptions.NONE);
  }

  public int size() {
    return names.size();
  }

  /**
   * Parses the text form (see the class comment).
   *
   * @throws WatchlistException if it is too large, not UTF-8, or has an invalid name
   */
  public static Watchlist parse(byte[] text, String origin) throws WatchlistException {
    if (text.length > Limits.MAX_WATCHLIST_BYTES) {
      throw new WatchlistException("the watchlist " + origin + " is over " + Limits.MAX_WATCHLIST_BYTES + " bytes");
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(text)).toString();
    } catch (CharacterCodingException e) {
      throw new WatchlistException("the watchlist " + origin + " is not UTF-8 text");
    }
    List<String> lines = decoded.lines().toList();
    Set<String> names = new LinkedHashSet<>();
    List<String> exceptions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+");
      if (words[0].equals(TRUST_EXCLUDE)) {
        if (words.length == 1) {
          throw new WatchlistException(origin + " line " + (i + 1) + ": " + TRUST_EXCLUDE + " names no package");
        }
        for (int w = 1; w < words.length; w++) {
          try {
            TrustExceptions.parse(List.of(words[w]));
          } catch (InvalidSpecException e) {
            throw new WatchlistException(origin + " line " + (i + 1) + ": not a trust exception: " + e.getMessage());
          }
          exceptions.add(words[w]);
        }
        continue;
      }
      if (!PackageSpec.isValidName(line)) {
        throw new WatchlistException(origin + " line " + (i + 1) + ": not a valid npm package name");
      }
      names.add(line);
      if (names.size() > Limits.MAX_WATCHLIST_NAMES) {
        throw new WatchlistException(
            "the watchlist " + origin + " has more than " + Limits.MAX_WATCHLIST_NAMES + " names");
      }
    }
    try {
      return new Watchlist(new ArrayList<>(names), origin, TrustExceptions.parse(exceptions));
    } catch (InvalidSpecException e) {
      throw new WatchlistException("the watchlist " + origin + ": " + e.getMessage());
    }
  }

  /**
   * A list from names given one by one (an environment variable, a command line); blanks are
   * skipped and repeats kept once.
   *
   * @throws WatchlistException naming the first invalid name
   */
  public static Watchlist ofNames(Collection<String> names, String origin) throws WatchlistException {
    Set<String> kept = new LinkedHashSet<>();
    for (String raw : names) {
      String name = raw.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!PackageSpec.isValidName(name)) {
        throw new WatchlistException(origin + ": " + quote(name) + " is not a valid npm package name");
      }
      kept.add(name);
      if (kept.size() > Limits.MAX_WATCHLIST_NAMES) {
        throw new WatchlistException(origin + " has more than " + Limits.MAX_WATCHLIST_NAMES + " names");
      }
    }
    return new Watchlist(new ArrayList<>(kept), origin);
  }

  private static String quote(String text) {
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }
}
