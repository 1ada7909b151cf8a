package dev.hekate.core.slsa;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;

/** Git URIs ({@code git+https://github.com/OWNER/REPO@REF}) and refs ({@code refs/heads/B}, {@code refs/tags/T}). */
final class GitRefs {
  private GitRefs() {}

  /** A git URI and its ref (empty when the URI has none). */
  record UriAndRef(String uri, String ref) {}

  /** {@code --source-uri} as a git URI: {@code github.com/O/R} becomes {@code git+https://github.com/O/R}. */
  static String normalize(String uri) {
    if (uri.startsWith("git+")) {
      return uri;
    }
    return uri.contains("://") ? "git+" + uri : "git+https://" + uri;
  }

  /** @throws VerificationException {@code check}, INVALID, when {@code uri} is empty or not a {@code git+} URI */
  static UriAndRef split(String uri, CheckId check, String what) throws VerificationException {
    if (uri.isEmpty()) {
      throw VerificationException.invalid(check, "the provenance has no " + what);
    }
    if (!uri.startsWith("git+")) {
      throw VerificationException.invalid(check, "the provenance's " + what + " is not a git URI: " + uri);
    }
    int at = uri.indexOf('@');
    return at < 0 ? new UriAndRef(uri, "") : new UriAndRef(uri.substring(0, at), uri.substring(at + 1));
  }

  /** The kind of a ref ({@code heads}, {@code tags}, ...), or empty when it is not {@code refs/KIND/NAME}. */
  static String kind(String ref) {
    String[] parts = ref.split("/", 3);
    return parts.length == 3 && parts[0].equals("refs") ? parts[1] : "";
  }

  /** @throws VerificationException {@code check}, INVALID, unless {@code ref} is {@code refs/tags/NAME} */
  static String tag(String ref, CheckId check) throws VerificationException {
    return name(ref, "tags", check);
  }

  /** @throws VerificationException {@code check}, INVALID, unless {@code ref} is {@code refs/heads/NAME} */
  static String branch(String ref, CheckId check) throws VerificationException {
    return name(ref, "heads", check);
  }

  private static String name(String ref, String kind, CheckId check) throws VerificationException {
    String[] parts = ref.split("/", 3);
    if (parts.length < 3 || !parts[0].equals("refs") || !parts[1].equals(kind) || parts[2].isEmpty()) {
      throw VerificationException.mismatch(check, "the ref is not a " + (kind.equals("tags") ? "tag" : "branch"),
          "refs/" + kind + "/...", ref.isEmpty() ? "(none)" : ref);
    }
    return parts[2];
  }
}
