package dev.hekate.core.npm;

import static dev.hekate.core.npm.NpmStageFixture.PACKAGE;
import static dev.hekate.core.npm.NpmStageFixture.input;
import static dev.hekate.core.npm.NpmStageFixture.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.registry.RepositoryUrl;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link SourceFindings}, {@code registry.source}: the packument's unsigned repository URL and
 * gitHead against the signed source (the certificate's). A disagreement is a WARNING with its finding,
 * never a failure; an absent claim is nothing to compare.
 */
class SourceFindingsTest {
  private static final String REPOSITORY = RepositoryUrl.normalise(PACKAGE.repositoryUrl());

  /** The signed source, as the certificate gave it. */
  private static Evidence signed() {
    return new Evidence(REPOSITORY, PACKAGE.gitHead(), "refs/heads/main", ".github/workflows/release.yml@refs/heads/main",
        "", "", "", "github-hosted", "push", "1", "2", "", "", "", "", Optional.empty(), List.of());
  }

  private static VerdictBuilder compare(VersionDocument document) {
    VerdictBuilder verdict = new VerdictBuilder(input());
    SourceFindings.compare(document, signed(), verdict);
    return verdict;
  }

  private static List<FindingType> findings(VerdictBuilder verdict) {
    return verdict.build(Evidence.none()).findings().stream().map(Finding::type).toList();
  }

  private static VersionDocument document(Optional<String> repositoryUrl, Optional<String> gitHead) {
    return NpmStageFixture.document(PACKAGE.integrity(), repositoryUrl, gitHead);
  }

  @Test
  void agreeingOrAbsentClaimsPass() {
    for (VersionDocument document : List.of(NpmStageFixture.document(),
        document(Optional.of("git@github.com:" + REPOSITORY.substring("https://github.com/".length()) + ".git"),
            Optional.of(PACKAGE.gitHead().toUpperCase(java.util.Locale.ROOT))),
        document(Optional.empty(), Optional.empty()))) {
      VerdictBuilder verdict = compare(document);

      CheckResult result = recorded(verdict).get(0);
      assertEquals(CheckId.REGISTRY_SOURCE, result.id());
      assertEquals(Outcome.PASSED, result.outcome(), result::toString);
      assertEquals(List.of(), findings(verdict));
    }
  }

  @Test
  void anotherRepositoryIsAWarningWithBothValues() {
    VerdictBuilder verdict = compare(document(Optional.of("https://github.com/someone/else"),
        Optional.of(PACKAGE.gitHead())));

    CheckResult result = recorded(verdict).get(0);
    assertEquals(Outcome.WARNING, result.outcome());
    assertEquals(Optional.of(REPOSITORY), result.expected());
    assertEquals(Optional.of("https://github.com/someone/else"), result.actual());
    assertEquals(List.of(FindingType.REPOSITORY_MISMATCH), findings(verdict));
  }

  @Test
  void anotherGitHeadIsAWarningWithItsFinding() {
    String other = "0".repeat(40);
    VerdictBuilder verdict = compare(document(Optional.of(PACKAGE.repositoryUrl()), Optional.of(other)));

    CheckResult result = recorded(verdict).get(0);
    assertEquals(Outcome.WARNING, result.outcome());
    assertEquals(Optional.of(other), result.actual());
    assertEquals(List.of(FindingType.GITHEAD_MISMATCH), findings(verdict));
  }

  @Test
  void bothDisagreeingGiveBothFindings() {
    VerdictBuilder verdict = compare(document(Optional.of("github:someone/else"), Optional.of("0".repeat(40))));

    assertEquals(Outcome.WARNING, recorded(verdict).get(0).outcome());
    assertEquals(List.of(FindingType.REPOSITORY_MISMATCH, FindingType.GITHEAD_MISMATCH), findings(verdict));
  }
}
