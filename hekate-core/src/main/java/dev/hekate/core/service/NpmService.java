package dev.hekate.core.service;

import dev.hekate.core.concurrent.SharedCache;
import dev.hekate.core.github.GitHubClient;
import dev.hekate.core.github.RunLookup;
import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.GitHubRunCheck;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Predecessor;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.TrustHistory;
import dev.hekate.core.npm.RegistryFailure;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictLifetime;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryException;
import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.store.RegistryAnswer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers Hekate's three questions for one npm package version, fetching what {@link NpmVerifier}
 * needs: the packument (versions, publish times, which versions have provenance), the
 * attestations, optionally the tarball, the previous verified version for continuity, and —
 * when enabled — the GitHub workflow run.
 *
 * <p>A registry that cannot be read yields {@link Status#ERROR}, never FAILED or VERIFIED; so does a
 * registry that cannot say whether it publishes signing keys, for a version without signatures. GitHub
 * being unreachable makes only the {@code github.run} check UNKNOWN.
 */
public final class NpmService {
  private final RegistryClient registry;
  private final NpmVerifier verifier;
  private final Optional<GitHubClient> github;
  private final boolean fetchTarball;
  private final TrustExceptions trustExceptions;
  private final SharedCache<String, Verdict> earlierVersions;

  /** How many earlier versions' verdicts {@link #earlierVersions()} keeps. */
  public static final int EARLIER_VERSIONS_KEPT = 2_000;

  /**
   * Where the verdicts of earlier versions, reached while looking for a version's predecessor, are
   * shared between verifications: concurrent lookups of one version are made once, and a decided
   * verdict is kept as long as {@link VerdictLifetime} allows (a published version's evidence never
   * changes). Keyed by {@code name@version}; one per registry client, trust material and policy —
   * the caller that builds the {@link NpmService}s over them holds it.
   */
  public static SharedCache<String, Verdict> earlierVersions() {
    return SharedCache.keeping(EARLIER_VERSIONS_KEPT, (key, verdict) -> VerdictLifetime.of(verdict, true).duration());
  }

  /**
   * @param github the GitHub client for question (b), or empty to skip that check
   * @param fetchTarball whether to download and hash the tarball (streamed)
   */
  public NpmService(RegistryClient registry, NpmVerifier verifier, Optional<GitHubClient> github, boolean fetchTarball) {
    this(registry, verifier, github, fetchTarball, TrustExceptions.NONE);
  }

  /**
   * @param trustExceptions the trust downgrades the operator accepts, for every version verified
   */
  public NpmService(RegistryClient registry, NpmVerifier verifier, Optional<GitHubClient> github, boolean fetchTarball,
      TrustExceptions trustExceptions) {
    this(registry, verifier, github, fetchTarball, trustExceptions, earlierVersions());
  }

  /**
   * @param earlierVersions verdicts of earlier versions shared with other services over the same
   *     registry client, trust material and policy ({@link #earlierVersions()})
   */
  public NpmService(RegistryClient registry, NpmVerifier verifier, Optional<GitHubClient> github, boolean fetchTarball,
      TrustExceptions trustExceptions, SharedCache<String, Verdict> earlierVersions) {
    this.earlierVersions = Objects.requireNonNull(earlierVersions, "earlierVersions");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.github = Objects.requireNonNull(github, "github");
    this.fetchTarball = fetchTarball;
    this.trustExceptions = Objects.requireNonNull(trustExceptions, "trustExceptions");
  }

  /**
   * A verdict and, when the registry could be read, what it served for the version: the packument's
   * {@code dist} and publish time and the attestations response, reduced to {@link RegistryAnswer}
   * for the verdict store to compare between checks. Empty for a verdict reached without reading
   * them (a registry error).
   */
  public record Checked(Verdict verdict, Optional<RegistryAnswer> answer) {
    public Checked {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(answer, "answer");
    }

    static Checked unread(Verdict verdict) {
      return new Checked(verdict, Optional.empty());
    }
  }

  /**
   * @throws PackageNotFoundException when the registry has no such package or version
   */
  public Verdict verify(PackageSpec spec) throws PackageNotFoundException {
    return check(spec).verdict();
  }

  /**
   * As {@link #verify(PackageSpec)}, with what the registry served.
   *
   * @throws PackageNotFoundException when the registry has no such package or version
   */
  public Checked check(PackageSpec spec) throws PackageNotFoundException {
    Packument packument;
    try {
      packument = registry.packument(spec);
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NOT_FOUND) {
        throw new PackageNotFoundException("the registry has no package " + spec.name());
      }
      return Checked.unread(registryError(spec.name(), spec.version().orElse(""), e));
    }
    VersionDocument document = packument.resolve(spec).orElseThrow(() -> new PackageNotFoundException(
        spec.version().map(v -> "the registry has no version " + v + " of " + spec.name())
            .orElse("the registry names no latest version of " + spec.name())));
    return check(packument, document, TrustExceptions.NONE);
  }

  /** Verifies one version of an already fetched packument (the sweep fetches each packument once). */
  public Verdict verify(Packument packument, VersionDocument document) {
    return verify(packument, document, TrustExceptions.NONE);
  }

  /**
   * As {@link #verify(Packument, VersionDocument)}, with {@code moreExceptions} (a watchlist's) on
   * top of the service's own.
   */
  public Verdict verify(Packument packument, VersionDocument document, TrustExceptions moreExceptions) {
    return check(packument, document, moreExceptions).verdict();
  }

  /** As {@link #verify(Packument, VersionDocument, TrustExceptions)}, with what the registry served. */
  public Checked check(Packument packument, VersionDocument document, TrustExceptions moreExceptions) {
    String name = packument.name();
    String version = document.version();
    try {
      Optional<byte[]> attestations = registry.attestations(document);
      Optional<TarballDigests> tarball = fetchTarball ? Optional.of(registry.tarball(document)) : Optional.empty();
      Predecessor predecessor = attestations.isPresent() ? predecessor(packument, document) : Predecessor.NOT_LOOKED;
      Verdict verdict = verifier.verify(new NpmVerifier.Input(name, version, document, packument.publishedAt(version),
          attestations, tarball, TrustHistory.of(packument, document), predecessor, registryKeys(document),
          trustExceptions.plus(moreExceptions)));
      Verdict checked = github.isPresent() ? GitHubRunCheck.apply(verdict, run -> lookup(github.get(), run)) : verdict;
      return new Checked(checked, Optional.of(RegistryAnswer.of(document.dist(), packument.publishedAt(version),
          attestations)));
    } catch (RegistryException e) {
      return Checked.unread(registryError(name, version, e));
    }
  }

  /**
   * Whether the registry publishes signing keys, asked (once per registry client) only for a
   * version without {@code dist.signatures}: a signed version's signatures are checked whatever the
   * answer. Could not ask → the {@code RegistryException} makes the verdict ERROR (retry), never a
   * pass and never FAILED.
   */
  private RegistryKeys registryKeys(VersionDocument document) throws RegistryException {
    return document.dist().signatures().isEmpty() ? registry.signingKeys() : RegistryKeys.NOT_ASKED;
  }

  /** Question (b)'s I/O: what GitHub says about the run; a name GitHub cannot have is unavailable, not an error. */
  private static RunLookup lookup(GitHubClient github, GitHubRunCheck.RunReference run) {
    try {
      return github.workflowRun(run.owner(), run.repository(), run.runId());
    } catch (IllegalArgumentException e) {
      return new RunLookup.Unavailable("the repository name cannot be looked up on GitHub", 0);
    }
  }

  /** The ERROR verdict for a registry request that failed, naming the request for the metrics. */
  public static Verdict registryError(String name, String version, RegistryException e) {
    return Verdict.error(name, version, "the registry could not be read (" + e.endpoint().tag()
        + (e.httpStatus() > 0 ? ", HTTP " + e.httpStatus() : "") + "): " + e.getMessage(),
        new RegistryFailure(e.endpoint().tag(), e.httpStatus()));
  }

  /**
   * Versions published before {@code document} (any major line, prereleases included) that the
   * registry lists with provenance, newest first. Empty when the version has no publish time.
   */
  static List<VersionDocument> earlierWithProvenance(Packument packument, VersionDocument document) {
    Optional<Instant> published = packument.publishedAt(document.version());
    if (published.isEmpty()) {
      return List.of();
    }
    return packument.versions().values().stream()
        .filter(v -> !v.version().equals(document.version()))
        .filter(v -> v.dist().provenancePredicateType().isPresent())
        .filter(v -> packument.publishedAt(v.version()).map(t -> t.isBefore(published.get())).orElse(false))
        .sorted(Comparator.comparing((VersionDocument v) -> packument.publishedAt(v.version()).orElseThrow()).reversed())
        .toList();
  }

  /**
   * The latest earlier version whose provenance verifies, the base for continuity findings:
   * walking back past versions that do not verify (an attacker's unverifiable version must not hide
   * the change that follows it), at most {@link Limits#MAX_CONTINUITY_CANDIDATES}; or those that
   * did not (none: the package's first version with provenance). A version without publish time
   * cannot be placed, so nobody looks ({@code publish_time_unknown} says why).
   */
  private Predecessor predecessor(Packument packument, VersionDocument document) throws RegistryException {
    if (packument.publishedAt(document.version()).isEmpty()) {
      return Predecessor.NOT_LOOKED;
    }
    List<VersionDocument> candidates = earlierWithProvenance(packument, document);
    List<String> unverified = new ArrayList<>();
    for (VersionDocument before : candidates.subList(0, Math.min(candidates.size(), Limits.MAX_CONTINUITY_CANDIDATES))) {
      Verdict verdict = earlierVersions.get(packument.name() + "@" + before.version(), () -> verifier.verify(
          new NpmVerifier.Input(packument.name(), before.version(), before, packument.publishedAt(before.version()),
              registry.attestations(before), Optional.empty(), TrustHistory.NONE, Predecessor.NOT_LOOKED,
              registryKeys(before))));
      if (verdict.status() == Status.VERIFIED) {
        // The evidence is signed; the approver is the registry's claim about that version.
        return new Predecessor.Verified(before.version(), verdict.evidence(), before.approver());
      }
      unverified.add(before.version());
    }
    return new Predecessor.NoneVerified(unverified);
  }
}
