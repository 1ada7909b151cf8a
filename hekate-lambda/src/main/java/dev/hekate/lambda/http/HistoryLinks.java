package dev.hekate.lambda.http;

import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.store.PackageHistory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The only links the history page makes: URLs Hekate builds itself from validated values, or
 * stored URLs it has checked against a strict pattern. Anything else a stored verdict says is
 * shown as text, never as a link: a verdict's strings came from a registry and a provenance.
 *
 * <ul>
 *   <li>a transparency log entry: {@code https://search.sigstore.dev/?logIndex=N} for an entry of
 *       the public-good Rekor ({@value #PUBLIC_GOOD_REKOR}), else the stored entry URL when it is
 *       an https URL of an allow-listed Rekor ({@link #OTHER_REKORS}) of the form
 *       {@code /api/v1/log/entries?logIndex=N};
 *   <li>a GitHub Actions run: {@code https://github.com/OWNER/REPO/actions/runs/N} (optionally
 *       {@code /attempts/N}), with GitHub's characters for OWNER and REPO;
 *   <li>the npm page of a version: {@code https://www.npmjs.com/package/NAME/v/VERSION}, for a
 *       name and version valid by npm's rules.
 * </ul>
 */
public final class HistoryLinks {
  static final String PUBLIC_GOOD_REKOR = "rekor.sigstore.dev";
  /** Other Rekor instances whose stored entry URLs may be linked as they are. */
  static final Set<String> OTHER_REKORS = Set.of("rekor.sigstage.dev");

  private static final Pattern LOG_ENTRY_QUERY = Pattern.compile("logIndex=[0-9]{1,19}");
  private static final Pattern GITHUB_RUN = Pattern.compile(
      "https://github\\.com/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}/actions/runs/[0-9]{1,20}"
          + "(?:/attempts/[0-9]{1,10})?");

  private HistoryLinks() {}

  /** The link for a log entry, when there is a safe one. */
  public static Optional<String> logEntry(PackageHistory.LogEntry entry) {
    if (entry.logIndex() < 0 || entry.entryUrl().isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(entry.entryUrl());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (!"https".equals(uri.getScheme()) || uri.getRawUserInfo() != null || uri.getPort() != -1
        || uri.getRawFragment() != null || !"/api/v1/log/entries".equals(uri.getRawPath())
        || !("logIndex=" + entry.logIndex()).equals(uri.getRawQuery())
        || !LOG_ENTRY_QUERY.matcher(uri.getRawQuery()).matches()) {
      return Optional.empty();
    }
    if (PUBLIC_GOOD_REKOR.equals(uri.getHost())) {
      return Optional.of("https://search.sigstore.dev/?logIndex=" + entry.logIndex());
    }
    return OTHER_REKORS.contains(uri.getHost()) ? Optional.of(uri.toString()) : Optional.empty();
  }

  /** The run URL as it is, when it is plainly a GitHub Actions run. */
  public static Optional<String> githubRun(String runUrl) {
    if (!GITHUB_RUN.matcher(runUrl).matches()) {
      return Optional.empty();
    }
    String repo = runUrl.split("/")[4];
    return repo.equals(".") || repo.equals("..") ? Optional.empty() : Optional.of(runUrl);
  }

  /** The version's page on npmjs.com, for a valid name and version. */
  public static Optional<String> npmPage(String name, String version) {
    if (!PackageSpec.isValidName(name) || !PackageSpec.isValidVersion(version)) {
      return Optional.empty();
    }
    return Optional.of("https://www.npmjs.com/package/" + encodePath(name, true) + "/v/" + encodePath(version, false));
  }

  /** A valid package name as one path segment of this API: the scope's slash encoded. */
  public static String encodedName(String validName) {
    return encodePath(validName, false).replace("%40", "@");
  }

  /** Percent-encodes every byte but unreserved characters (and {@code /} and {@code @} when asked). */
  private static String encodePath(String text, boolean keepScope) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved || (keepScope && (c == '/' || c == '@'))) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
