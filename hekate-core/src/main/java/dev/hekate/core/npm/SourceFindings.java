package dev.hekate.core.npm;

import dev.hekate.core.registry.RepositoryUrl;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code registry.source}: the packument's repository URL and gitHead are unsigned claims anyone
 * who can publish may write. They are compared with the signed source (the certificate's), and a
 * disagreement is a WARNING with a {@code repository_mismatch} or {@code githead_mismatch} finding
 * — never a failure, and never used to fill a gap in the evidence.
 */
final class SourceFindings {
  private SourceFindings() {}

  /** @param evidence the signed source: repository and commit from the certificate */
  static void compare(VersionDocument document, Evidence evidence, VerdictBuilder verdict) {
    List<Finding> disagreements = new ArrayList<>();
    Optional<String> url = document.repositoryUrl();
    if (url.isPresent() && !RepositoryUrl.normalise(url.get()).equalsIgnoreCase(evidence.sourceRepository())) {
      disagreements.add(Finding.of(FindingType.REPOSITORY_MISMATCH,
          "the packument's repository is not the one the build came from", evidence.sourceRepository(), url.get()));
    }
    Optional<String> gitHead = document.gitHead();
    if (gitHead.isPresent() && !gitHead.get().equalsIgnoreCase(evidence.commit())) {
      disagreements.add(Finding.of(FindingType.GITHEAD_MISMATCH,
          "the packument's gitHead is not the commit the build came from", evidence.commit(), gitHead.get()));
    }
    disagreements.forEach(verdict::finding);
    if (disagreements.isEmpty()) {
      verdict.record(VerdictCheck.PACKAGE,
          CheckResult.passed(CheckId.REGISTRY_SOURCE, url.orElse("no repository in the packument")));
      return;
    }
    Finding first = disagreements.get(0);
    verdict.record(VerdictCheck.PACKAGE, CheckResult.warning(CheckId.REGISTRY_SOURCE, first.message(),
        first.expected().orElseThrow(), first.actual().orElseThrow()));
  }
}
