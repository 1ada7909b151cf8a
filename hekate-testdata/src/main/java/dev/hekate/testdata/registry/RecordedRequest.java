package dev.hekate.testdata.registry;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request a {@link FakeRegistry} received, recorded before any failure injection or latency.
 *
 * @param method the HTTP method
 * @param path the raw path and query as sent, e.g. {@code /@scope%2fname}
 * @param headers the request headers, names in lower case
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    TreeMap<String, List<String>> copy = new TreeMap<>();
    headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    headers = Collections.unmodifiableMap(copy);
  }

  /** The first value of a header (any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The request line without the protocol: {@code GET /path}. */
  public String line() {
    return method + " " + path;
  }

  @Override
  public String toString() {
    return line();
  }
}
