package dev.hekate.core.slsa;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which builder made the provenance ({@code slsa.builder}), after slsa-verifier's
 * {@code VerifyBuilderIdentity} and {@code VerifyProvenance}:
 *
 * <ol>
 *   <li>the certificate's OIDC issuer is GitHub Actions, and its SAN is a trusted
 *       slsa-github-generator workflow ({@value #GENERATOR}{@code <builder>.yml}) at a ref
 *       {@code refs/tags/vX.Y.Z} — a branch or any other ref is refused;</li>
 *   <li>for the generic, Go and container-based builders, {@code --builder-id} (if given) matches the
 *       certificate loosely, and the provenance names exactly the certificate's builder;</li>
 *   <li>for the delegators (BYOB), the builder is the trusted reusable workflow the provenance names,
 *       at a {@code refs/tags/vX.Y.Z} ref; it must match {@code --builder-id}, and without one it must be
 *       a workflow of slsa-github-generator itself (Maven, Gradle), never a third party's;</li>
 *   <li>the provenance's predicate and build type are the ones that builder writes.</li>
 * </ol>
 */
public final class BuilderTrust {
  static final String ISSUER = "https://token.actions.githubusercontent.com";
  static final String GENERATOR = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/";
  static final String GENERIC = GENERATOR + "generator_generic_slsa3.yml";
  static final String GO = GENERATOR + "builder_go_slsa3.yml";
  static final String CONTAINER_BASED = GENERATOR + "builder_container-based_slsa3.yml";
  static final String DELEGATOR = GENERATOR + "delegator_generic_slsa3.yml";
  static final String LOW_PERMS_DELEGATOR = GENERATOR + "delegator_lowperms-generic_slsa3.yml";
  /**
   * JReleaser's BYOB builders, released per language at {@code vX.Y.Z-<language>} tags (slsa-verifier
   * makes the same exception). The repository is matched whole, with its slash.
   */
  static final String JRELEASER = "https://github.com/jreleaser/release-action/";
  /** The languages JReleaser's builder tags name: {@code -java}. */
  private static final Set<String> JRELEASER_LANGUAGES = Set.of("-java");
  static final String BYOB_BUILD_TYPE = "https://github.com/slsa-framework/slsa-github-generator/delegator-generic@v0";

  /** The predicate and build types each trusted certificate builder writes. */
  private static final Map<String, Map<String, Set<String>>> BUILD_TYPES = Map.of(
      GENERIC, Map.of(Provenance.V02, Set.of("https://github.com/slsa-framework/slsa-github-generator/generic@v1")),
      GO, Map.of(Provenance.V02, Set.of("https://github.com/slsa-framework/slsa-github-generator/go@v1",
          "https://github.com/slsa-framework/slsa-github-generator@v1",
          "https://github.com/slsa-framework/slsa-github-generator-go@v1")),
      CONTAINER_BASED, Map.of(Provenance.V1, Set.of("https://slsa.dev/container-based-build/v0.1?draft")),
      DELEGATOR, Map.of(Provenance.V02, Set.of(BYOB_BUILD_TYPE), Provenance.V1, Set.of(BYOB_BUILD_TYPE)),
      LOW_PERMS_DELEGATOR, Map.of(Provenance.V02, Set.of(BYOB_BUILD_TYPE), Provenance.V1, Set.of(BYOB_BUILD_TYPE)));

  private BuilderTrust() {}

  /**
   * The verified builder.
   *
   * @param subjectAlternativeNames the verified signing certificate's SANs
   * @param issuer the certificate's OIDC issuer
   * @param expected {@code --builder-id}, if given
   * @throws VerificationException {@link CheckId#SLSA_BUILDER}: MISMATCH for an untrusted or
   *     unexpected builder, INVALID for a malformed identity, ref or builder id
   */
  public static BuilderId verify(List<String> subjectAlternativeNames, String issuer, Optional<String> expected,
      Provenance provenance) throws VerificationException {
    if (!ISSUER.equals(issuer)) {
      throw VerificationException.mismatch(CheckId.SLSA_BUILDER, "the certificate was not issued to GitHub Actions",
          ISSUER, issuer);
    }
    BuilderId certificate = certificateBuilder(subjectAlternativeNames);
    boolean byob = certificate.name().equals(DELEGATOR) || certificate.name().equals(LOW_PERMS_DELEGATOR);
    if (!BUILD_TYPES.containsKey(certificate.name())) {
      throw VerificationException.mismatch(CheckId.SLSA_BUILDER, "the provenance was signed by an untrusted workflow",
          "a slsa-github-generator builder (generic, Go, container-based, delegator)", certificate.toString());
    }
    if (!byob && expected.isPresent() && !certificate.matchesLoose(BuilderId.parse(expected.get(), false))) {
      throw VerificationException.mismatch(CheckId.SLSA_BUILDER, "the builder is not the one asked for",
          expected.get(), certificate.toString());
    }
    requireReleaseTag(certificate.version(), "the builder workflow");
    Set<String> buildTypes = BUILD_TYPES.get(certificate.name()).getOrDefault(provenance.predicateType(), Set.of());
    if (!buildTypes.contains(provenance.buildType())) {
      throw VerificationException.mismatch(CheckId.SLSA_BUILDER,
          "the provenance's build type is not one this builder writes", buildTypes.isEmpty()
              ? "another predicate type than " + provenance.predicateType() : String.join(" or ", buildTypes),
          provenance.buildType().isEmpty() ? "(none)" : provenance.buildType());
    }
    BuilderId claimed = BuilderId.parse(provenance.builderId(), false);
    if (!byob) {
      if (!claimed.matchesFull(certificate)) {
        throw VerificationException.mismatch(CheckId.SLSA_BUILDER,
            "the provenance names another builder than the certificate", certificate.toString(), claimed.toString());
      }
      return certificate;
    }
    return delegated(claimed, provenance.builderId(), expected);
  }

  /** BYOB: the trusted reusable workflow the delegator ran for, as the provenance names it. */
  private static BuilderId delegated(BuilderId claimed, String raw, Optional<String> expected)
      throws VerificationException {
    if (claimed.version().isEmpty()) {
      throw VerificationException.invalid(CheckId.SLSA_BUILDER, "the provenance's builder id has no version: " + raw);
    }
    if (claimed.name().startsWith(JRELEASER)) {
      requireJReleaserTag(claimed.version());
    } else {
      requireReleaseTag(claimed.version(), "the provenance's builder");
    }
    BuilderId wanted;
    if (expected.isPresent()) {
      wanted = BuilderId.parse(expected.get(), false);
    } else if (claimed.name().startsWith(GENERATOR)) {
      wanted = new BuilderId(claimed.name(), "");
    } else {
      throw VerificationException.mismatch(CheckId.SLSA_BUILDER,
          "a delegated (BYOB) builder outside slsa-github-generator needs --builder-id", GENERATOR + "...",
          claimed.name());
    }
    if (!claimed.matchesLoose(wanted)) {
      throw VerificationException.mismatch(CheckId.SLSA_BUILDER, "the builder is not the one asked for",
          wanted.toString(), claimed.toString());
    }
    return claimed;
  }

  /** JReleaser's builder tags: {@code refs/tags/vX.Y.Z-<language>}, a language it releases for, no build. */
  private static void requireJReleaserTag(String ref) throws VerificationException {
    String tag = GitRefs.tag(ref, CheckId.SLSA_BUILDER);
    if (!Semver.isValid(tag) || tag.split("\\.", -1).length != 3
        || !JRELEASER_LANGUAGES.contains(Semver.prerelease(tag)) || !Semver.build(tag).isEmpty()) {
      throw VerificationException.mismatch(CheckId.SLSA_BUILDER, "JReleaser's builder is not at a release tag",
          "refs/tags/vX.Y.Z-java", ref);
    }
  }

  /** The builder workflow the certificate's first URI SAN names: {@code https://github.com/...yml@REF}. */
  private static BuilderId certificateBuilder(List<String> subjectAlternativeNames) throws VerificationException {
    String san = subjectAlternativeNames.stream().filter(s -> s.startsWith("https://")).findFirst()
        .orElseThrow(() -> VerificationException.invalid(CheckId.SLSA_BUILDER,
            "the certificate names no workflow (no URI subject alternative name)"));
    int at = san.lastIndexOf('@');
    if (at <= 0 || at == san.length() - 1) {
      throw VerificationException.invalid(CheckId.SLSA_BUILDER, "the certificate's workflow has no ref: " + san);
    }
    return new BuilderId(san.substring(0, at), san.substring(at + 1));
  }

  /** slsa-verifier's {@code IsValidBuilderTag}: {@code refs/tags/vX.Y.Z}, no pre-release, no build. */
  private static void requireReleaseTag(String ref, String what) throws VerificationException {
    String tag = GitRefs.tag(ref, CheckId.SLSA_BUILDER);
    if (!Semver.isValid(tag) || tag.split("\\.", -1).length != 3 || !Semver.prerelease(tag).isEmpty()
        || !Semver.build(tag).isEmpty()) {
      throw VerificationException.mismatch(CheckId.SLSA_BUILDER, what + " is not at a release tag",
          "refs/tags/vX.Y.Z", ref);
    }
  }
}
