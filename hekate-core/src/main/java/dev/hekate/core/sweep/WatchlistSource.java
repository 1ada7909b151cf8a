package dev.hekate.core.sweep;

import dev.hekate.core.config.Environment;
import dev.hekate.core.json.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a sweep's watchlist comes from. Loading may do I/O, and happens when the caller decides
 * (once per sweep, or per planner run on Lambda).
 *
 * <p>Precedence, as {@link #fromEnvironment} applies it: {@value #ENV_NAMES} (names, comma
 * separated) over {@value #ENV_FILE} (a file in the text form of {@link Watchlist}) over the
 * caller's fallback — on Lambda an S3 object read through {@link #of(String, ByteSource)}, else
 * {@link #embedded()}. A command-line {@code --watchlist FILE} wins over all of them.
 */
@FunctionalInterface
public interface WatchlistSource {
  /** Package names, comma separated. */
  String ENV_NAMES = "HEKATE_WATCHLIST";
  /** A watchlist file. */
  String ENV_FILE = "HEKATE_WATCHLIST_FILE";
  /** The resource holding the default list (the 1,000 most downloaded packages). */
  String EMBEDDED_RESOURCE = "watchlist.txt";

  /**
   * @throws WatchlistException if the list cannot be read or is malformed
   */
  Watchlist load() throws WatchlistException;

  /** Opens the bytes of a watchlist; used to plug in sources such as an S3 object. */
  @FunctionalInterface
  interface ByteSource {
    InputStream open() throws IOException;
  }

  /** The default list shipped in hekate-core (see its header for date and method). */
  static WatchlistSource embedded() {
    return of("embedded " + EMBEDDED_RESOURCE, () -> {
      InputStream in = WatchlistSource.class.getResourceAsStream(EMBEDDED_RESOURCE);
      if (in == null) {
        throw new IOException("the embedded watchlist is missing from the jar");
      }
      return in;
    });
  }

  /** A watchlist file. */
  static WatchlistSource file(Path path) {
    Objects.requireNonNull(path, "path");
    return of(path.toString(), () -> Files.newInputStream(path));
  }

  /** Names given inline, comma or whitespace separated. */
  static WatchlistSource names(String names, String origin) {
    Objects.requireNonNull(names, "names");
    return () -> Watchlist.ofNames(Arrays.asList(names.split("[,\\s]+")), origin);
  }

  /**
   * A watchlist in text form read from {@code bytes} (at most {@link Limits#MAX_WATCHLIST_BYTES}).
   *
   * @param origin names the source in messages, e.g. {@code s3://bucket/watchlist.txt}
   */
  static WatchlistSource of(String origin, ByteSource bytes) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(bytes, "bytes");
    return () -> {
      byte[] text;
      try (InputStream in = bytes.open()) {
        text = in.readNBytes(Limits.MAX_WATCHLIST_BYTES + 1);
      } catch (IOException e) {
        throw new WatchlistException("cannot read the watchlist " + origin + ": " + e.getMessage(), e);
      }
      return Watchlist.parse(text, origin);
    };
  }

  /**
   * {@value #ENV_NAMES} if set, else {@value #ENV_FILE} if set, else {@code fallback}. Blank
   * values count as unset.
   */
  static WatchlistSource fromEnvironment(Map<String, String> env, WatchlistSource fallback) {
    Objects.requireNonNull(fallback, "fallback");
    Optional<String> names = Environment.value(env, ENV_NAMES);
    if (names.isPresent()) {
      return names(names.get(), ENV_NAMES);
    }
    Optional<String> file = Environment.value(env, ENV_FILE);
    if (file.isPresent()) {
      return file(Path.of(file.get()));
    }
    return fallback;
  }

}
