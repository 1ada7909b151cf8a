package dev.hekate.core.lockfile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A source repository a lockfile policy expects a package to be built from, written as
 * slsa-verifier's {@code --source-uri}: {@code HOST/OWNER/REPO} without a scheme
 * ({@code github.com/myorg/cli}; GitLab's groups may nest, {@code gitlab.com/group/sub/project}).
 * The last segment may be {@code *}: any repository directly under that owner. Host and path are
 * compared without regard to case, as GitHub and GitLab treat them.
 *
 * @param host the host, in lower case
 * @param path the path segments, in lower case; the last is {@code *} for any repository
 */
public record SourcePattern(String host, List<String> path) {
  private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?");
  private static final Pattern SEGMENT = Pattern.compile("[a-z0-9_.-]+");
  private static final int MAX_LENGTH = 512;

  public SourcePattern {
    Objects.requireNonNull(host, "host");
    path = List.copyOf(path);
  }

  /**
   * Parses {@code HOST/OWNER/REPO} or {@code HOST/OWNER/*}.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static SourcePattern parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("source \"" + text.substring(0, 40) + "…\" is longer than " + MAX_LENGTH + " characters");
    }
    if (text.contains("://")) {
      throw new IllegalArgumentException("source \"" + text + "\" has a scheme: write HOST/OWNER/REPO, as github.com/owner/repo");
    }
    String[] parts = text.toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length < 3) {
      throw new IllegalArgumentException("source \"" + text + "\" is not HOST/OWNER/REPO (as github.com/owner/repo, or github.com/owner/*)");
    }
    if (!HOST.matcher(parts[0]).matches()) {
      throw new IllegalArgumentException("source \"" + text + "\" does not start with a host name");
    }
    for (int i = 1; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      if (last && parts[i].equals("*")) {
        continue;
      }
      if (!SEGMENT.matcher(parts[i]).matches() || parts[i].equals(".") || parts[i].equals("..")) {
        throw new IllegalArgumentException("source \"" + text + "\" has a malformed segment \"" + parts[i] + "\""
            + (parts[i].contains("*") ? " (* stands alone, for the repository only)" : ""));
      }
    }
    return new SourcePattern(parts[0], List.of(parts).subList(1, parts.length));
  }

  /**
   * A provenance's source repository URL ({@code https://github.com/Owner/Repo}, possibly with
   * {@code git+}, a trailing {@code .git} or {@code /}) as {@code host/owner/repo} in lower case;
   * empty when it is not an http(s) URL with a path.
   */
  public static Optional<String> normalise(String repositoryUrl) {
    String url = repositoryUrl.strip().toLowerCase(Locale.ROOT);
    if (url.startsWith("git+")) {
      url = url.substring(4);
    }
    String rest;
    if (url.startsWith("https://")) {
      rest = url.substring(8);
    } else if (url.startsWith("http://")) {
      rest = url.substring(7);
    } else {
      return Optional.empty();
    }
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.endsWith(".git")) {
      rest = rest.substring(0, rest.length() - 4);
    }
    if (rest.contains("?") || rest.contains("#") || rest.contains("@") || rest.indexOf('/') < 0) {
      return Optional.empty();
    }
    return Optional.of(rest);
  }

  /** Whether a provenance's source repository URL is one this pattern expects. */
  public boolean matches(String repositoryUrl) {
    Optional<String> normal = normalise(repositoryUrl);
    if (normal.isEmpty()) {
      return false;
    }
    String[] parts = normal.get().split("/", -1);
    if (parts.length != path.size() + 1 || !parts[0].equals(host)) {
      return false;
    }
    for (int i = 0; i < path.size(); i++) {
      boolean any = i == path.size() - 1 && path.get(i).equals("*");
      if (!any && !path.get(i).equals(parts[i + 1])) {
        return false;
      }
      if (parts[i + 1].isEmpty()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return host + "/" + String.join("/", path);
  }
}
