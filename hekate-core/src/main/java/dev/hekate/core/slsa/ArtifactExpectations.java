package dev.hekate.core.slsa;

import dev.hekate.core.bundle.Digest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What verify-artifact is asked to establish.
 *
 * @param artifacts the SHA-256 digest of every artifact; at least one
 * @param sourceUri {@code --source-uri}, {@code github.com/OWNER/REPO}
 * @param tag {@code --source-tag}, matched exactly
 * @param versionedTag {@code --source-versioned-tag}, matched as a semantic version prefix
 * @param branch {@code --source-branch}
 * @param builderId {@code --builder-id}; required for delegated builders outside slsa-github-generator
 */
public record ArtifactExpectations(
    List<Digest> artifacts,
    String sourceUri,
    Optional<String> tag,
    Optional<String> versionedTag,
    Optional<String> branch,
    Optional<String> builderId) {

  public ArtifactExpectations {
    artifacts = List.copyOf(artifacts);
    if (artifacts.isEmpty()) {
      throw new IllegalArgumentException("at least one artifact is needed");
    }
    if (artifacts.stream().anyMatch(d -> !d.algorithm().equals("sha256"))) {
      throw new IllegalArgumentException("artifacts are compared by their SHA-256 digests");
    }
    Objects.requireNonNull(sourceUri, "sourceUri");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(versionedTag, "versionedTag");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(builderId, "builderId");
    if (tag.isPresent() && versionedTag.isPresent()) {
      throw new IllegalArgumentException("a tag and a versioned tag exclude each other");
    }
  }

  /** {@code sourceUri} as the git URI it is compared as: {@code github.com/O/R} is {@code git+https://github.com/O/R}. */
  public String sourceGitUri() {
    return GitRefs.normalize(sourceUri);
  }
}
