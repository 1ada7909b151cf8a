package dev.hekate.core.npm;

import java.util.Locale;

/**
 * Every kind of finding, with a stable wire name (the constant in lower case, e.g.
 * {@code provenance_regression}): part of the public contract like check ids, as monitors and
 * people filter on it. Each constant names the one class that decides it.
 */
public enum FindingType {
  /** An earlier version (any major line) had provenance; this one has none. Decided by {@link VerdictBuilder}. */
  PROVENANCE_REGRESSION,
  /**
   * The version's trust tier is below the highest tier of a version published before it; expected
   * is that tier and the version that set it, actual this version's tier. Decided by {@link VerdictBuilder}.
   */
  TRUST_DOWNGRADE,
  /**
   * The version's trust tier is below the bar, as for {@link #TRUST_DOWNGRADE}, but the operator
   * excepted it ({@link TrustExceptions}): not a regression. Expected and actual as for a downgrade;
   * the message names the matching entry. Decided by {@link VerdictBuilder}.
   */
  TRUST_DOWNGRADE_EXCEPTED,
  /** The packument gives the version no publish time, so it cannot be compared with earlier ones. Decided by {@link VerdictBuilder}. */
  PUBLISH_TIME_UNKNOWN,
  /** The attestations response holds an attestation of a type Hekate does not know. Decided by {@link AttestationSelection}. */
  UNKNOWN_ATTESTATION,
  /** The packument's unsigned repository URL is not the repository the provenance was built from. Decided by {@link SourceFindings}. */
  REPOSITORY_MISMATCH,
  /** The packument's unsigned gitHead is not the commit the provenance was built from. Decided by {@link SourceFindings}. */
  GITHEAD_MISMATCH,
  /** The source repository changed since the previous verified version. Decided by {@link ContinuityFindings}. */
  REPOSITORY_CHANGED,
  /** The repository id changed since the previous version: deleted and re-created? Decided by {@link ContinuityFindings}. */
  REPOSITORY_ID_CHANGED,
  /** The repository owner id changed since the previous version. Decided by {@link ContinuityFindings}. */
  OWNER_ID_CHANGED,
  /** The publishing workflow changed since the previous version. Decided by {@link ContinuityFindings}. */
  WORKFLOW_CHANGED,
  /** The previous version was built on a GitHub-hosted runner, this one on a self-hosted one. Decided by {@link ContinuityFindings}. */
  RUNNER_SELF_HOSTED,
  /** GitHub's record of the workflow run differs from the provenance. Decided by {@link GitHubRunCheck}. */
  GITHUB_RUN_MISMATCH,
  /** The provenance names a GitHub Actions run GitHub does not know. Decided by {@link GitHubRunCheck}. */
  GITHUB_RUN_NOT_FOUND,
  /**
   * The version carries no {@code dist.signatures} and the registry publishes no signing keys (a
   * mirror), or there is no registry (offline): the registry's signature was not checked. Decided by
   * {@link RegistrySignatureCheck}.
   */
  REGISTRY_SIGNATURES_UNAVAILABLE,
  /**
   * The event that triggered the build differs from the previous verified version's (a tag
   * {@code push} or {@code release} followed by {@code workflow_dispatch}). Decided by {@link ContinuityFindings}.
   */
  TRIGGER_CHANGED,
  /**
   * This version was built from a pull-request event ({@code pull_request_target}, {@code pull_request},
   * a GitLab merge request) and the previous verified version was not. Decided by {@link ContinuityFindings}.
   */
  PULL_REQUEST_TRIGGER,
  /**
   * The kind of ref built ({@code tag}, {@code branch}, {@code pull_request}, {@code other}) differs
   * from the previous verified version's. Decided by {@link ContinuityFindings}.
   */
  REF_KIND_CHANGED,
  /**
   * The builder id differs from the previous verified version's (GitHub's runner builders excepted:
   * the certificate's runner is compared instead). Decided by {@link ContinuityFindings}.
   */
  BUILDER_CHANGED,
  /**
   * The registry says a maintainer approved the previous verified version through staged publishing
   * ({@code _npmUser.approver}) and says nobody approved this one. Decided by {@link ContinuityFindings}.
   */
  APPROVAL_DROPPED,
  /**
   * No earlier version of the package has provenance: nothing to compare with. Informational on an
   * honest first release. Decided by {@link ContinuityFindings}.
   */
  FIRST_PROVENANCE,
  /**
   * Earlier versions claim provenance, but none of the latest few verified: continuity could not be
   * checked. Decided by {@link ContinuityFindings}.
   */
  NO_VERIFIED_PREDECESSOR,
  /**
   * The registry's answer for a version already checked differs from the one stored at an earlier
   * check: one finding per part that changed ({@code attestations}, {@code integrity},
   * {@code publish_time}, {@code signatures}); expected is the stored digest or value, actual the new
   * one. A published npm version is immutable, so a registry, mirror or proxy answering differently
   * is what a monitor exists to catch. Decided by {@link dev.hekate.core.store.VerdictRecorder}.
   */
  REGISTRY_ANSWER_CHANGED,
  /**
   * The lockfile's own integrity for the version is not the registry's {@code dist.integrity} (nor
   * its {@code dist.shasum}, for a {@code sha1-} entry): what gets installed is another tarball than
   * the one verified. Expected is the registry's value, actual the lockfile's. Decided by
   * {@link dev.hekate.core.lockfile.LockfileComparison}.
   */
  LOCKFILE_INTEGRITY_MISMATCH,
  /**
   * The lockfile's {@code resolved} URL for the version is not the tarball the registry names for it
   * ({@code dist.tarball}; registry.yarnpkg.com counts as registry.npmjs.org). Expected is the
   * registry's URL, actual the lockfile's. Decided by {@link dev.hekate.core.lockfile.LockfileComparison}.
   */
  LOCKFILE_RESOLVED_MISMATCH;

  /** The type as written in JSON, tags and events. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
