package dev.hekate.core.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.Locale;

/**
 * The ref the provenance says was built: {@code --source-branch} ({@code slsa.branch}),
 * {@code --source-tag} and {@code --source-versioned-tag} ({@code slsa.tag}), after slsa-verifier's
 * {@code VerifyBranch}, {@code VerifyTag} and {@code VerifyVersionedTag}.
 *
 * <p>Where the ref comes from: GitHub's {@code github_ref_type} and {@code github_ref} in the
 * provenance's parameters; for a tag build, the branch is {@code github_base_ref}, else the push
 * event's {@code base_ref} or the release's {@code target_commitish}. Delegator (BYOB) provenance
 * takes the ref from its source URI instead. These are claims of the builder, signed with the rest
 * of the provenance by a trusted builder — the certificate's own ref is not consulted, as
 * slsa-verifier does not.
 */
public final class RefMatcher {
  private RefMatcher() {}

  /** @throws VerificationException {@link CheckId#SLSA_BRANCH} unless the build was of branch {@code expected} */
  public static void verifyBranch(Provenance provenance, String expected) throws VerificationException {
    String branch = GitRefs.branch(branchRef(provenance), CheckId.SLSA_BRANCH);
    if (!branch.equals(expected)) {
      throw VerificationException.mismatch(CheckId.SLSA_BRANCH, "the provenance was built from another branch",
          expected, branch);
    }
  }

  /** @throws VerificationException {@link CheckId#SLSA_TAG} unless the build was of tag {@code expected}, exactly */
  public static void verifyTag(Provenance provenance, String expected) throws VerificationException {
    String tag = GitRefs.tag(tagRef(provenance), CheckId.SLSA_TAG);
    if (!tag.equals(expected)) {
      throw VerificationException.mismatch(CheckId.SLSA_TAG, "the provenance was built from another tag", expected, tag);
    }
  }

  /**
   * Semantic-version matching of the tag built: the major version must be {@code expected}'s, and so
   * must the minor and patch versions where {@code expected} gives them ({@code v14} matches
   * {@code v14.2.1}; {@code v14.2.1} does not match {@code v14.2}).
   *
   * @throws VerificationException {@link CheckId#SLSA_TAG}: INVALID when a version is not semver,
   *     MISMATCH when a part differs
   */
  public static void verifyVersionedTag(Provenance provenance, String expected) throws VerificationException {
    String tag = GitRefs.tag(tagRef(provenance), CheckId.SLSA_TAG);
    if (!Semver.isValid(expected)) {
      throw VerificationException.invalid(CheckId.SLSA_TAG, "--source-versioned-tag is not a semantic version: " + expected);
    }
    String actual = Semver.canonical(tag).orElseThrow(() -> VerificationException.mismatch(CheckId.SLSA_TAG,
        "the tag built is not a semantic version", expected, tag));
    if (!Semver.major(actual).equals(Semver.major(expected))) {
      throw VerificationException.mismatch(CheckId.SLSA_TAG, "the tag built has another major version", expected, tag);
    }
    String[] want = expected.split("\\.", -1);
    String[] have = actual.split("\\.", -1);
    if (want.length > 1 && !want[1].equals(have[1])) {
      throw VerificationException.mismatch(CheckId.SLSA_TAG, "the tag built has another minor version", expected, tag);
    }
    if (want.length > 2) {
      String build = Semver.build(expected);
      String patch = want[2].endsWith(build) ? want[2].substring(0, want[2].length() - build.length()) : want[2];
      if (!patch.equals(have[2])) {
        throw VerificationException.mismatch(CheckId.SLSA_TAG, "the tag built has another patch version", expected, tag);
      }
    }
  }

  /** The branch ref built, possibly empty (a tag pushed without a base). */
  static String branchRef(Provenance provenance) throws VerificationException {
    if (isDelegated(provenance)) {
      String ref = sourceRef(provenance, CheckId.SLSA_BRANCH);
      return switch (GitRefs.kind(ref)) {
        case "heads" -> ref;
        case "tags" -> githubBranch(provenance, CheckId.SLSA_BRANCH);
        default -> throw unknownRef(ref, CheckId.SLSA_BRANCH);
      };
    }
    return githubBranch(provenance, CheckId.SLSA_BRANCH);
  }

  /** The tag ref built, or empty for a branch build. */
  static String tagRef(Provenance provenance) throws VerificationException {
    if (isDelegated(provenance)) {
      String ref = sourceRef(provenance, CheckId.SLSA_TAG);
      return switch (GitRefs.kind(ref)) {
        case "heads" -> "";
        case "tags" -> ref;
        default -> throw unknownRef(ref, CheckId.SLSA_TAG);
      };
    }
    return switch (refType(provenance, CheckId.SLSA_TAG)) {
      case "branch" -> "";
      case "tag" -> parameter(provenance, "github_ref", CheckId.SLSA_TAG);
      default -> throw unknownRefType(provenance, CheckId.SLSA_TAG);
    };
  }

  private static boolean isDelegated(Provenance provenance) {
    return BuilderTrust.BYOB_BUILD_TYPE.equals(provenance.buildType());
  }

  private static String githubBranch(Provenance provenance, CheckId check) throws VerificationException {
    return switch (refType(provenance, check)) {
      case "branch" -> parameter(provenance, "github_ref", check);
      case "tag" -> branchOfTag(provenance, check);
      default -> throw unknownRefType(provenance, check);
    };
  }

  private static String branchOfTag(Provenance provenance, CheckId check) throws VerificationException {
    String baseRef = parameter(provenance, "github_base_ref", check);
    if (!baseRef.isEmpty()) {
      return baseRef;
    }
    String event = parameter(provenance, "github_event_name", check);
    JsonNode payload = provenance.parameters().path(name(provenance, "github_event_payload"));
    if (!payload.isObject()) {
      throw VerificationException.invalid(check, "the provenance has no event payload");
    }
    return switch (event) {
      case "push" -> {
        if (!payload.has("base_ref")) {
          throw VerificationException.invalid(check, "the push event payload has no base_ref");
        }
        yield payload.get("base_ref").isTextual() ? payload.get("base_ref").asText() : "";
      }
      case "release" -> {
        JsonNode commitish = payload.path("release").path("target_commitish");
        if (!commitish.isTextual()) {
          throw VerificationException.invalid(check, "the release event payload has no target_commitish");
        }
        yield "refs/heads/" + commitish.asText();
      }
      default -> "";
    };
  }

  private static String sourceRef(Provenance provenance, CheckId check) throws VerificationException {
    GitRefs.UriAndRef source = GitRefs.split(provenance.sourceUri(), check, "source");
    if (source.ref().isEmpty()) {
      throw VerificationException.invalid(check, "the provenance's source has no ref: " + provenance.sourceUri());
    }
    return source.ref();
  }

  private static String refType(Provenance provenance, CheckId check) throws VerificationException {
    return parameter(provenance, "github_ref_type", check);
  }

  /** A string parameter that must be present (it may be empty). */
  private static String parameter(Provenance provenance, String lowerName, CheckId check) throws VerificationException {
    JsonNode value = provenance.parameters().path(name(provenance, lowerName));
    if (!value.isTextual()) {
      throw VerificationException.invalid(check, "the provenance has no string parameter " + name(provenance, lowerName));
    }
    return value.asText();
  }

  private static String name(Provenance provenance, String lowerName) {
    return provenance.upperCaseParameters() ? lowerName.toUpperCase(Locale.ROOT) : lowerName;
  }

  private static VerificationException unknownRefType(Provenance provenance, CheckId check) {
    return VerificationException.invalid(check, "the provenance's ref type is neither branch nor tag: "
        + provenance.parameters().path(name(provenance, "github_ref_type")).asText());
  }

  private static VerificationException unknownRef(String ref, CheckId check) {
    return VerificationException.invalid(check, "the provenance's source ref is neither a branch nor a tag: " + ref);
  }
}
